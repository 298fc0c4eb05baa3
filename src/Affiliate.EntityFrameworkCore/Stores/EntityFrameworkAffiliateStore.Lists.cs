using System.Linq.Expressions;
using System.Reflection;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// The lists, one keyset page per query: the leading filter's equality columns, then a seek to the position on the
/// index's (instant, id) tail, read backwards (newest first) for at most <c>limit</c> rows. Each leading filter has
/// an index of schema version 4 (004_lists.sql) made of exactly those columns and that order, so a page costs the
/// same on page 1 and page 1000, and on a table of any size.
/// </summary>
/// <remarks>
/// <para>
/// Ids are ordered by code point: SQLite's default BINARY collation already compares UTF-8 bytes, PostgreSQL gets
/// <c>COLLATE "C"</c> in the ORDER BY and the seek, matching the <c>COLLATE "C"</c> of the indexes' id column, so the
/// order does not depend on the database's own collation. The few conditions EF Core cannot say (case-insensitive
/// prefix search and segment, a click's first sub-id inside its JSON) are SQL written for their indexes.
/// </para>
/// <para>
/// When filters combine beyond what one index holds, one of them leads (the most selective by construction: a
/// payout or a conversion over partner and state, a search or a sponsor over segment and status) and the others are
/// checked on its rows only, written as <c>column + 0</c> or <c>column || ''</c> so that the database cannot walk
/// another index instead (the trick SQLite's documentation gives with unary plus): without statistics, SQLite would
/// otherwise pick among indexes with as many equality columns by chance.
/// </para>
/// </remarks>
public sealed partial class EntityFrameworkAffiliateStore : IListStore
{
    private static readonly MethodInfo CollateMethod = typeof(RelationalDbFunctionsExtensions)
        .GetMethod(nameof(RelationalDbFunctionsExtensions.Collate))!
        .MakeGenericMethod(typeof(string));

    private static readonly MethodInfo CompareMethod = typeof(string).GetMethod(
        nameof(string.Compare),
        [typeof(string), typeof(string)]
    )!;

    private static readonly PropertyInfo FunctionsProperty = typeof(EF).GetProperty(nameof(EF.Functions))!;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Partner>> ListPartnersAsync(
        PartnerListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit <= 0)
        {
            return [];
        }

        // Leading: a search (its matches), else a sponsor (their downline), else a segment (with the status, if
        // any: ix_partners_segment_status_list), else a status.
        var led = filter.Search is not null || filter.SponsorId is not null;
        var rows = PartnersMatching(filter.Segment, filter.Search, residualSegment: led);
        if (filter.SponsorId is { } sponsor)
        {
            var id = sponsor.Value;
            rows = filter.Search is null ? rows.Where(p => p.SponsorId == id) : rows.Where(p => p.SponsorId + "" == id);
        }

        if (filter.Status is { } status)
        {
            var wanted = (int)status;
            rows = led ? rows.Where(p => p.Status + 0 == wanted) : rows.Where(p => p.Status == wanted);
        }

        var page = Newest(After(rows, p => p.JoinedAt, p => p.Id, after), p => p.JoinedAt, p => p.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(RowMapper.Partner).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Conversion>> ListConversionsAsync(
        ConversionListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit <= 0)
        {
            return [];
        }

        var program = filter.ProgramId.Value;
        var (from, until) = (Bound(filter.From), Bound(filter.Until));
        int? status = filter.Status is { } wanted ? (int)wanted : null;
        if (filter.PartnerId is { } partner)
        {
            // A partner's conversions are paged on conversion_partners (one row per credited partner, with the
            // conversion's instant and status), and only the page's rows are joined to their conversions.
            var credited = Set<ConversionPartnerRow>()
                .AsNoTracking()
                .Where(c => c.ProgramId == program && c.PartnerId == partner.Value);
            if (status is { } creditedStatus)
            {
                credited = credited.Where(c => c.Status == creditedStatus);
            }

            credited = Period(credited, c => c.OccurredAt, from, until);
            credited = After(credited, c => c.OccurredAt, c => c.ConversionId, after);
            var keys = Newest(credited, c => c.OccurredAt, c => c.ConversionId).Take(limit);

            // Ordered again by the page's own columns, which the join keeps in order: no sort.
            var joined = keys.Join(
                Set<ConversionRow>().AsNoTracking(),
                k => new { k.ProgramId, Id = k.ConversionId },
                c => new { c.ProgramId, c.Id },
                (k, c) =>
                    new
                    {
                        k.OccurredAt,
                        k.ConversionId,
                        Row = c,
                    }
            );
            var ordered = Newest(joined, j => j.OccurredAt, j => j.ConversionId).Select(j => j.Row);
            return (await ordered.ToListAsync(cancellationToken).ConfigureAwait(false))
                .Select(RowMapper.Conversion)
                .ToArray();
        }

        var rows = Set<ConversionRow>().AsNoTracking().Where(c => c.ProgramId == program);
        if (status is { } conversionStatus)
        {
            rows = rows.Where(c => c.Status == conversionStatus);
        }

        rows = After(Period(rows, c => c.OccurredAt, from, until), c => c.OccurredAt, c => c.Id, after);
        var page = Newest(rows, c => c.OccurredAt, c => c.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(RowMapper.Conversion).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CommissionLine>> ListLinesAsync(
        LineListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit <= 0)
        {
            return [];
        }

        // Leading: a payout (its lines), else a conversion (its few lines), else the partner and the state.
        var rows = Set<CommissionLineRow>().AsNoTracking().Where(l => l.ProgramId == filter.ProgramId.Value);
        var led = filter.PayoutId is not null || filter.ConversionId is not null;
        if (filter.PayoutId is { } payout)
        {
            rows = rows.Where(l => l.PayoutId == payout.Value);
        }

        if (filter.ConversionId is { } conversion)
        {
            var id = conversion.Value;
            rows = filter.PayoutId is null
                ? rows.Where(l => l.ConversionId == id)
                : rows.Where(l => l.ConversionId + "" == id);
        }

        if (filter.PartnerId is { } partner)
        {
            var id = partner.Value;
            rows = led ? rows.Where(l => l.PartnerId + "" == id) : rows.Where(l => l.PartnerId == id);
        }

        if (filter.State is { } state)
        {
            var wanted = (int)state;
            rows = led ? rows.Where(l => l.State + 0 == wanted) : rows.Where(l => l.State == wanted);
        }

        var page = Newest(After(rows, l => l.CreatedAt, l => l.Id, after), l => l.CreatedAt, l => l.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(Line).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Payout>> ListPayoutsAsync(
        PayoutListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit <= 0)
        {
            return [];
        }

        var rows = Set<PayoutRow>().AsNoTracking().Where(p => p.ProgramId == filter.ProgramId.Value);
        if (filter.PartnerId is { } partner)
        {
            rows = rows.Where(p => p.PartnerId == partner.Value);
        }

        if (filter.Status is { } status)
        {
            var wanted = (int)status;
            rows = rows.Where(p => p.Status == wanted);
        }

        rows = Period(rows, p => p.CreatedAt, Bound(filter.From), Bound(filter.Until));
        var page = Newest(After(rows, p => p.CreatedAt, p => p.Id, after), p => p.CreatedAt, p => p.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(RowMapper.Payout).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Click>> ListClicksAsync(
        ClickListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        if (limit <= 0)
        {
            return [];
        }

        var rows = filter.Sub1 is { } sub1 ? ClicksWithSub1(sub1) : Set<ClickRow>().AsNoTracking();
        rows = rows.Where(c => c.ProgramId == filter.ProgramId.Value);
        if (filter.PartnerId is { } partner)
        {
            rows = rows.Where(c => c.PartnerId == partner.Value);
        }

        rows = Period(rows, c => c.OccurredAt, Bound(filter.From), Bound(filter.Until));
        var page = Newest(After(rows, c => c.OccurredAt, c => c.Id, after), c => c.OccurredAt, c => c.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(RowMapper.Click).ToArray();
    }

    private bool OnPostgreSql => AffiliateSchema.ProviderOf(context) == AffiliateSchema.Provider.PostgreSql;

    private string TableName(string name) =>
        AffiliateSchema.Table(AffiliateModelOptions.Of(context), AffiliateSchema.ProviderOf(context), name);

    /// <summary>
    /// Partners in a segment and matching a search, as SQL: both ignore case, which EF Core cannot say so that an
    /// index serves it. The segment compares folded on both sides (PostgreSQL <c>lower</c>, SQLite NOCASE); the search
    /// is a union of three index range scans (name prefix, e-mail prefix, referral code prefix), so its cost follows
    /// the partners it finds, not the table.
    /// </summary>
    private IQueryable<PartnerRow> PartnersMatching(PartnerSegment? segment, string? search, bool residualSegment)
    {
        if (segment is null && search is null)
        {
            return Set<PartnerRow>().AsNoTracking();
        }

        var postgres = OnPostgreSql;
        var (partners, codes) = (TableName("partners"), TableName("referral_codes"));
        var conditions = new List<string>();
        var values = new List<object>();
        if (segment is { } wanted)
        {
            var value = $"{{{values.Count}}}";
            var column = residualSegment ? "(segment || '')" : "segment";
            conditions.Add(postgres ? $"lower({column}) = lower({value})" : $"{column} = {value} COLLATE NOCASE");
            values.Add(wanted.Name);
        }

        if (search is not null)
        {
            // LIKE's own characters are escaped, so "50%" finds "50% off" and "a_" does not find "ab".
            var pattern =
                search
                    .Replace("\\", "\\\\", StringComparison.Ordinal)
                    .Replace("%", "\\%", StringComparison.Ordinal)
                    .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            var like = $"{{{values.Count}}}";
            var (low, high) = ($"{{{values.Count + 1}}}", $"{{{values.Count + 2}}}");
            values.Add(pattern);

            // Normalized referral codes are upper-case ASCII letters, digits, '-' and '_' (at most '_', 0x5F), so
            // every code starting with the prefix lies in [prefix, prefix + '\x7F'): a range the key's index serves.
            var code = search.ToUpperInvariant();
            values.Add(code);
            values.Add(code + "\u007F");
            conditions.Add(
                postgres
                    ? $"id IN (SELECT id FROM {partners} WHERE lower(name) LIKE lower({like}) ESCAPE '\\' "
                        + $"UNION SELECT id FROM {partners} WHERE lower(email) LIKE lower({like}) ESCAPE '\\' "
                        + $"UNION SELECT partner_id FROM {codes} WHERE normalized COLLATE \"C\" >= {low} "
                        + $"AND normalized COLLATE \"C\" < {high})"
                    : $"id IN (SELECT id FROM {partners} WHERE name LIKE {like} ESCAPE '\\' "
                        + $"UNION SELECT id FROM {partners} WHERE email LIKE {like} ESCAPE '\\' "
                        + $"UNION SELECT partner_id FROM {codes} WHERE normalized >= {low} AND normalized < {high})"
            );
        }

        // Only table names (from the options) and placeholders are spliced in; every value is a parameter.
        var sql = $"SELECT * FROM {partners} WHERE {string.Join(" AND ", conditions)}";
        return Set<PartnerRow>().FromSqlRaw(sql, [.. values]).AsNoTracking();
    }

    /// <summary>
    /// Clicks whose first sub-id is <paramref name="sub1"/>, read from the JSON array with the very expression the
    /// index <c>ix_clicks_sub1_list</c> holds (SQLite <c>json_extract</c>, PostgreSQL <c>jsonb -&gt;&gt;</c>).
    /// </summary>
    private IQueryable<ClickRow> ClicksWithSub1(string sub1)
    {
        var clicks = TableName("clicks");
        var sql = OnPostgreSql
            ? $"SELECT * FROM {clicks} WHERE (sub_ids::jsonb ->> 0) = {{0}}"
            : $"SELECT * FROM {clicks} WHERE json_extract(sub_ids, '$[0]') = {{0}}";
        return Set<ClickRow>().FromSqlRaw(sql, sub1).AsNoTracking();
    }

    private static long? Bound(Instant? instant) => instant is { } value ? TicksAtOrAfter(value) : null;

    /// <summary>Rows with <paramref name="from"/> &lt;= instant &lt; <paramref name="until"/>, in ticks.</summary>
    private static IQueryable<TRow> Period<TRow>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, long>> at,
        long? from,
        long? until
    )
    {
        var row = at.Parameters[0];
        if (from is { } start)
        {
            var bound = Expression.Property(Expression.Constant(new TickBound(start)), nameof(TickBound.Ticks));
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(Expression.GreaterThanOrEqual(at.Body, bound), row));
        }

        if (until is { } end)
        {
            var bound = Expression.Property(Expression.Constant(new TickBound(end)), nameof(TickBound.Ticks));
            rows = rows.Where(Expression.Lambda<Func<TRow, bool>>(Expression.LessThan(at.Body, bound), row));
        }

        return rows;
    }

    /// <summary>
    /// Rows after a position in newest-first order: <c>at &lt;= x AND (at &lt; x OR (at = x AND id &lt; y))</c>. The
    /// first term is redundant but sargable: it is what lets the database seek the index to the position instead of
    /// reading (and discarding) every newer row; the rest cuts exactly at the position.
    /// </summary>
    private IQueryable<TRow> After<TRow>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, long>> at,
        Expression<Func<TRow, string>> id,
        ListPosition? after
    )
    {
        if (after is not { } position)
        {
            return rows;
        }

        var row = at.Parameters[0];
        var ordinalId = OrdinalId(id, row);

        // Members of a constant object, so EF Core sends them as parameters (one cached plan for every page).
        var bound = Expression.Constant(new KeysetBound(Ticks(position.At), position.Id));
        var boundAt = Expression.Property(bound, nameof(KeysetBound.At));
        var boundId = Expression.Property(bound, nameof(KeysetBound.Id));
        var idBefore = Expression.LessThan(Expression.Call(CompareMethod, ordinalId, boundId), Expression.Constant(0));
        var body = Expression.AndAlso(
            Expression.LessThanOrEqual(at.Body, boundAt),
            Expression.OrElse(
                Expression.LessThan(at.Body, boundAt),
                Expression.AndAlso(Expression.Equal(at.Body, boundAt), idBefore)
            )
        );
        return rows.Where(Expression.Lambda<Func<TRow, bool>>(body, row));
    }

    /// <summary>Newest first: the instant descending, then the id descending by code point.</summary>
    private IOrderedQueryable<TRow> Newest<TRow>(
        IQueryable<TRow> rows,
        Expression<Func<TRow, long>> at,
        Expression<Func<TRow, string>> id
    )
    {
        var row = at.Parameters[0];
        var ordinalId = Expression.Lambda<Func<TRow, string>>(OrdinalId(id, row), row);
        return rows.OrderByDescending(at).ThenByDescending(ordinalId);
    }

    /// <summary>The id compared by code point: <c>id COLLATE "C"</c> on PostgreSQL, the column on SQLite.</summary>
    private Expression OrdinalId<TRow>(Expression<Func<TRow, string>> id, ParameterExpression row)
    {
        var body = new ParameterSwap(id.Parameters[0], row).Visit(id.Body);
        return OnPostgreSql
            ? Expression.Call(
                CollateMethod,
                Expression.Property(null, FunctionsProperty),
                body,
                Expression.Constant("C")
            )
            : body;
    }

    private sealed record KeysetBound(long At, string Id);

    private sealed record TickBound(long Ticks);

    /// <summary>Rebinds an expression to another lambda parameter, so that two selectors share one row.</summary>
    private sealed class ParameterSwap(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
