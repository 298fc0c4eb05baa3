using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Every store interface over an EF Core DbContext whose model includes <c>modelBuilder.UseAffiliates()</c>
/// (SQLite or PostgreSQL). Each write is one transaction (or a savepoint inside the host's transaction, so a host can
/// record its order and the conversion together); idempotency comes from primary keys, concurrency from version
/// columns checked in the UPDATE itself, so several instances over one database stay correct.
/// </summary>
/// <remarks>
/// Like OpenIddict's stores, this store shares the scoped DbContext with the host: its SaveChanges also saves the
/// host's pending changes, and a failed write rolls back only to its savepoint. Reads never track entities. One
/// instance is not thread-safe (a DbContext is not); resolve one per scope.
/// </remarks>
public sealed partial class EntityFrameworkAffiliateStore(DbContext context)
    : IPartnerStore,
        ITouchStore,
        IConversionStore,
        ILedgerStore,
        IPayoutStore,
        IPlanStore,
        IOutboxStore,
        IRollupStore
{
    private static readonly int[] VolumeStatuses =
    [
        (int)ConversionStatus.Attributed,
        (int)ConversionStatus.Held,
        (int)ConversionStatus.PartiallyRefunded,
    ];

    private DbSet<T> Set<T>()
        where T : class => context.Set<T>();

    /// <summary>Runs hand-written reads on the context's connection, opened for them when it is closed.</summary>
    private async Task<T> ReadAsync<T>(Func<AffiliateSql, Task<T>> read, CancellationToken cancellationToken)
    {
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read(AffiliateSql.Of(context)).ConfigureAwait(false);
        }
        finally
        {
            await context.Database.CloseConnectionAsync().ConfigureAwait(false);
        }
    }

    // ---- Partners ------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public async ValueTask<Partner?> FindAsync(PartnerId id, CancellationToken cancellationToken)
    {
        var row = await Set<PartnerRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == id.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Partner(row);
    }

    /// <inheritdoc />
    public async ValueTask<Partner?> FindByReferralCodeAsync(ReferralCode code, CancellationToken cancellationToken)
    {
        var owner = await Set<ReferralCodeRow>()
            .AsNoTracking()
            .Where(c => c.Normalized == code.Normalized)
            .Select(c => c.PartnerId)
            .FirstOrDefaultAsync(cancellationToken)
            .ConfigureAwait(false);
        return owner is null ? null : await FindAsync(new PartnerId(owner), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> CreateAsync(
        Partner partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(partner);
        return WriteAsync(
            async staged =>
            {
                if (
                    await Set<PartnerRow>()
                        .AnyAsync(p => p.Id == partner.Id.Value, cancellationToken)
                        .ConfigureAwait(false)
                )
                {
                    return StoreWriteResult.Duplicate($"partner {partner.Id}");
                }

                staged.Add(Row(partner, 1));
                staged.AddRange(CodeRows(partner));
                staged.AddRange(events.Select(Row));
                return null;
            },
            async () =>
                await Set<PartnerRow>().AnyAsync(p => p.Id == partner.Id.Value, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"partner {partner.Id}")
                    : StoreWriteResult.Conflict("a referral code is taken"),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> UpdateAsync(
        Versioned<Partner> partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        var value = partner.Value;
        return WriteAsync(
            async staged =>
            {
                // Codes are replaced wholesale; the partner's version check in the same transaction guards the race.
                await Set<ReferralCodeRow>()
                    .Where(c => c.PartnerId == value.Id.Value)
                    .ExecuteDeleteAsync(cancellationToken)
                    .ConfigureAwait(false);
                staged.Update(Row(value, partner.ExpectedVersion + 1), partner.ExpectedVersion);
                staged.AddRange(CodeRows(value));
                staged.AddRange(events.Select(Row));
                return null;
            },
            () =>
                ValueTask.FromResult(
                    StoreWriteResult.Conflict($"partner {value.Id} changed or a referral code is taken")
                ),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Partner>> QueryAsync(PartnerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Take <= 0)
        {
            return [];
        }

        var rows = Set<PartnerRow>().AsNoTracking();
        if (query.Status is { } status)
        {
            rows = rows.Where(p => p.Status == (int)status);
        }

        if (query.SponsorId is { } sponsor)
        {
            rows = rows.Where(p => p.SponsorId == sponsor.Value);
        }

        // Ordinal order of ids on every provider, paged in the database: PostgreSQL's "C" collation compares bytes
        // whatever the database's own collation; SQLite's default BINARY collation already does.
        rows =
            AffiliateSchema.ProviderOf(context) == AffiliateSchema.Provider.PostgreSql
                ? rows.OrderBy(p => EF.Functions.Collate(p.Id, "C"))
                : rows.OrderBy(p => p.Id);
        rows = rows.Skip(Math.Max(query.Skip, 0));
        if (query.Take < int.MaxValue)
        {
            rows = rows.Take(query.Take);
        }

        return (await rows.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(RowMapper.Partner).ToArray();
    }

    // ---- Touches -------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddClickAsync(
        Click click,
        RollupChange rollups,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(click);
        ArgumentNullException.ThrowIfNull(rollups);
        return WriteAsync(
            async staged =>
            {
                // On PostgreSQL the clicks key also holds the month partition's column, so the same id at another
                // instant would pass it. The id goes into click_ids (keyed by program and id alone) first: ON CONFLICT
                // DO NOTHING waits for a racing writer's uncommitted id, then inserts nothing, so the loser sees a
                // duplicate without probing every month of clicks.
                var sql = AffiliateSql.Of(context);
                var isNew = sql.IsPostgres
                    ? await sql.ExecuteAsync(
                            $"INSERT INTO {sql.Table("click_ids")} (program_id, id, occurred_at) "
                                + "VALUES (@program, @id, @at) ON CONFLICT DO NOTHING",
                            cancellationToken,
                            ("@program", click.ProgramId.Value),
                            ("@id", click.Id.Value),
                            ("@at", Ticks(click.OccurredAt))
                        )
                        .ConfigureAwait(false) == 1
                    : !await ClickExistsAsync(click, cancellationToken).ConfigureAwait(false);
                if (!isNew)
                {
                    return StoreWriteResult.Duplicate($"click {click.Id}");
                }

                staged.Add(Row(click));
                return null;
            },
            async () =>
                await ClickExistsAsync(click, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"click {click.Id}")
                    : StoreWriteResult.Conflict($"click {click.Id} collided with another writer"),
            cancellationToken,
            rollups
        );
    }

    private Task<bool> ClickExistsAsync(Click click, CancellationToken cancellationToken) =>
        Set<ClickRow>()
            .AnyAsync(c => c.ProgramId == click.ProgramId.Value && c.Id == click.Id.Value, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<Click?> FindClickAsync(
        ProgramId programId,
        ClickId clickId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<ClickRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.ProgramId == programId.Value && c.Id == clickId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Click(row);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Click>> FindClicksAsync(
        ProgramId programId,
        IReadOnlyCollection<ClickId> clickIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(clickIds);
        var ids = clickIds.Select(id => id.Value).Distinct(StringComparer.Ordinal).ToArray();
        if (ids.Length == 0)
        {
            return [];
        }

        // One query over the (program, id) key: the provider sends the ids as one array (or JSON) parameter.
        var rows = await Set<ClickRow>()
            .AsNoTracking()
            .Where(c => c.ProgramId == programId.Value && ids.Contains(c.Id))
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(r => Click(r)).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Click>> FindClicksByVisitorAsync(
        ProgramId programId,
        string visitorId,
        Instant from,
        Instant until,
        CancellationToken cancellationToken
    )
    {
        var rows = await Clicks(
                new ClickQuery
                {
                    ProgramId = programId,
                    VisitorId = visitorId,
                    From = from,
                    Until = until,
                }
            )
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(RowMapper.Click).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<ClickCounts> CountClicksAsync(ClickQuery query, CancellationToken cancellationToken)
    {
        // One pass over the query's index range for the three counts.
        var (where, parameters) = ClickFilter(query);
        var counts = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        "SELECT COUNT(*), COUNT(DISTINCT visitor_id), COUNT(DISTINCT partner_id) "
                            + $"FROM {sql.Table("clicks")} WHERE {where}",
                        r => new ClickCounts(
                            checked((int)AffiliateSql.Long(r, 0)),
                            checked((int)AffiliateSql.Long(r, 1)),
                            checked((int)AffiliateSql.Long(r, 2))
                        ),
                        cancellationToken,
                        parameters
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        return counts.Single();
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<int>> CountClicksUpToAsync(
        IReadOnlyList<ClickLimit> queries,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(queries);
        var counted = queries.Select((q, i) => (Index: i, q.Query, q.Limit)).Where(q => q.Limit > 0).ToArray();
        var counts = new int[queries.Count];
        if (counted.Length == 0)
        {
            return counts;
        }

        // One statement, one scalar subquery per source: the LIMIT stops each index scan at its limit, so a velocity
        // rule costs the same however many clicks there are, and all of them cost one round trip.
        var filters = counted.Select(q => (q.Index, Filter: ClickFilter(q.Query, $"_{q.Index}"))).ToArray();
        (string, object?)[] parameters =
        [
            .. filters.SelectMany(f => f.Filter.Parameters),
            .. counted.Select(q => ($"@limit_{q.Index}", (object?)q.Limit)),
        ];
        var row = await ReadAsync(
                sql =>
                    sql.QueryAsync(
                        "SELECT "
                            + string.Join(
                                ", ",
                                filters.Select(f =>
                                    $"(SELECT COUNT(*) FROM (SELECT 1 FROM {sql.Table("clicks")} WHERE "
                                    + $"{f.Filter.Where} "
                                    + $"LIMIT @limit_{f.Index}) t{f.Index})"
                                )
                            ),
                        r =>
                            Enumerable
                                .Range(0, counted.Length)
                                .Select(c => checked((int)AffiliateSql.Long(r, c)))
                                .ToArray(),
                        cancellationToken,
                        parameters
                    ),
                cancellationToken
            )
            .ConfigureAwait(false);
        for (var c = 0; c < counted.Length; c++)
        {
            counts[counted[c].Index] = row.Single()[c];
        }

        return counts;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Click> QueryClicksAsync(
        ClickQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        await foreach (
            var row in Clicks(query).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false)
        )
        {
            yield return Click(row);
        }
    }

    /// <inheritdoc />
    public async ValueTask<CustomerBinding?> FindBindingAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<CustomerBindingRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(
                b => b.ProgramId == programId.Value && b.CustomerId == customerId.Value,
                cancellationToken
            )
            .ConfigureAwait(false);
        return row is null ? null : Binding(row);
    }

    /// <summary>The WHERE clause of a click query over the clicks table, and its parameters.</summary>
    /// <param name="query">The filter.</param>
    /// <param name="suffix">Appended to every parameter name, so several filters can share one statement.</param>
    private static (string Where, (string, object?)[] Parameters) ClickFilter(ClickQuery query, string suffix = "")
    {
        ArgumentNullException.ThrowIfNull(query);
        var where = new StringBuilder(
            $"program_id = @program{suffix} AND occurred_at >= @from{suffix} AND occurred_at < @until{suffix}"
        );
        var parameters = new List<(string, object?)>
        {
            ($"@program{suffix}", query.ProgramId.Value),
            ($"@from{suffix}", TicksAtOrAfter(query.From)),
            ($"@until{suffix}", TicksAtOrAfter(query.Until)),
        };
        if (query.PartnerId is { } partner)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND partner_id = @partner{suffix}");
            parameters.Add(($"@partner{suffix}", partner.Value));
        }

        if (query.IpHash is { } ip)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND ip_hash = @ip{suffix}");
            parameters.Add(($"@ip{suffix}", ip));
        }

        if (query.VisitorId is { } visitor)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND visitor_id = @visitor{suffix}");
            parameters.Add(($"@visitor{suffix}", visitor));
        }

        return (where.ToString(), parameters.ToArray());
    }

    private IQueryable<ClickRow> Clicks(ClickQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, until) = (TicksAtOrAfter(query.From), TicksAtOrAfter(query.Until));
        var rows = Set<ClickRow>()
            .AsNoTracking()
            .Where(c => c.ProgramId == query.ProgramId.Value && c.OccurredAt >= from && c.OccurredAt < until);
        if (query.PartnerId is { } partner)
        {
            rows = rows.Where(c => c.PartnerId == partner.Value);
        }

        if (query.IpHash is { } ip)
        {
            rows = rows.Where(c => c.IpHash == ip);
        }

        if (query.VisitorId is { } visitor)
        {
            rows = rows.Where(c => c.VisitorId == visitor);
        }

        return rows.OrderBy(c => c.OccurredAt).ThenBy(c => c.Id);
    }

    // ---- Conversions ---------------------------------------------------------------------------------------------

    /// <inheritdoc />
    async ValueTask<Conversion?> IConversionStore.FindAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<ConversionRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(c => c.ProgramId == programId.Value && c.Id == conversionId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Conversion(row);
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> RecordAsync(ConversionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var conversion = record.Conversion;
        return WriteAsync(
            async staged =>
            {
                if (await ConversionExistsAsync(conversion, cancellationToken).ConfigureAwait(false))
                {
                    return StoreWriteResult.Duplicate($"conversion {conversion.Id}");
                }

                var lineIds = record.Lines.Select(l => l.Id.Value).ToArray();
                if (
                    lineIds.Length > 0
                    && await Set<CommissionLineRow>()
                        .AnyAsync(l => lineIds.Contains(l.Id), cancellationToken)
                        .ConfigureAwait(false)
                )
                {
                    return StoreWriteResult.Conflict("a line id exists");
                }

                staged.Add(Row(conversion, 1));
                staged.AddRange(PartnerRows(conversion));
                staged.AddRange(record.Lines.Select(l => Row(l, 1)));
                if (record.Binding is { } binding)
                {
                    await BindAsync(binding, record.ReplacesBinding, cancellationToken).ConfigureAwait(false);
                }

                if (record.Customer is { } customer)
                {
                    await AddCustomerAsync(customer, record.CustomerMustBeNew, cancellationToken).ConfigureAwait(false);
                }

                staged.AddRange(record.Events.Select(Row));
                return null;
            },
            async () =>
                await ConversionExistsAsync(conversion, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"conversion {conversion.Id}")
                    : StoreWriteResult.Conflict($"conversion {conversion.Id} collided"),
            cancellationToken,
            record.Rollups
        );
    }

    /// <inheritdoc />
    public async ValueTask<Refund?> FindRefundAsync(
        ProgramId programId,
        string refundId,
        CancellationToken cancellationToken
    )
    {
        var row = await Set<RefundRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(r => r.ProgramId == programId.Value && r.Id == refundId, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Refund(row);
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> RecordRefundAsync(RefundRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var refund = record.Refund;
        return WriteAsync(
            async staged =>
            {
                if (await RefundExistsAsync(refund, cancellationToken).ConfigureAwait(false))
                {
                    return StoreWriteResult.Duplicate($"refund {refund.Id}");
                }

                staged.Add(Row(refund));
                await StageLedgerAsync(
                        staged,
                        record.UpdatedLines,
                        record.NewLines,
                        record.Conversion,
                        record.Events,
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                return null;
            },
            async () =>
                await RefundExistsAsync(refund, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"refund {refund.Id}")
                    : StoreWriteResult.Conflict($"the conversion or a line of refund {refund.Id} changed"),
            cancellationToken,
            record.Rollups
        );
    }

    /// <inheritdoc />
    public async ValueTask<VolumeTotals> VolumeAsync(
        ProgramId programId,
        PartnerId partnerId,
        Instant? from,
        Instant until,
        CancellationToken cancellationToken
    )
    {
        var end = TicksAtOrAfter(until);
        var rows = Set<ConversionPartnerRow>()
            .AsNoTracking()
            .Where(c =>
                c.ProgramId == programId.Value
                && c.PartnerId == partnerId.Value
                && c.OccurredAt < end
                && VolumeStatuses.Contains(c.Status)
            );
        if (from is { } start)
        {
            var begin = TicksAtOrAfter(start);
            rows = rows.Where(c => c.OccurredAt >= begin);
        }

        var totals = await rows.GroupBy(c => c.ProgramCurrencyDigits)
            .Select(g => new
            {
                Digits = g.Key,
                Count = g.Count(),
                Minor = g.Sum(c => c.ProgramAmountMinor),
            })
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return new VolumeTotals(totals.Sum(t => t.Count), totals.Sum(t => Money(t.Minor, "XXX", t.Digits).Amount));
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Conversion> QueryAsync(
        ConversionQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        var (from, until) = (TicksAtOrAfter(query.From), TicksAtOrAfter(query.Until));
        var rows = Set<ConversionRow>()
            .AsNoTracking()
            .Where(c => c.ProgramId == query.ProgramId.Value && c.OccurredAt >= from && c.OccurredAt < until);
        if (query.PartnerId is { } partner)
        {
            var credited = Set<ConversionPartnerRow>()
                .Where(p => p.ProgramId == query.ProgramId.Value && p.PartnerId == partner.Value)
                .Select(p => p.ConversionId);
            rows = rows.Where(c => credited.Contains(c.Id));
        }

        if (query.CustomerId is { } customer)
        {
            rows = rows.Where(c => c.CustomerId == customer.Value);
        }

        if (query.IpHash is { } ip)
        {
            rows = rows.Where(c => c.IpHash == ip);
        }

        await foreach (
            var row in rows.OrderBy(c => c.OccurredAt)
                .ThenBy(c => c.Id)
                .AsAsyncEnumerable()
                .WithCancellation(cancellationToken)
                .ConfigureAwait(false)
        )
        {
            yield return Conversion(row);
        }
    }

    /// <summary>
    /// Binds the customer unless a binding exists (the first binding wins), or over it when <paramref name="replace"/>
    /// says the old one expired or its partner can no longer earn. Another conversion of the same new
    /// customer may be binding it at this very moment (say on another instance), so look-then-insert would let both
    /// insert and fail the loser's whole conversion; instead the insert itself ignores an existing key, waiting for a
    /// racing writer's transaction first. It runs at once, in this write's transaction (or savepoint), so a rollback
    /// takes it back with the rest.
    /// </summary>
    private async Task BindAsync(CustomerBinding binding, bool replace, CancellationToken cancellationToken)
    {
        var provider = AffiliateSchema.ProviderOf(context);
        var table = AffiliateSchema.Table(AffiliateModelOptions.Of(context), provider, "customer_bindings");
        var row = Row(binding);
        var sql =
            provider == AffiliateSchema.Provider.PostgreSql
                ? "INSERT INTO "
                    + table
                    + " (program_id, customer_id, partner_id, bound_at, conversion_id) VALUES ({0}, {1}, {2}, {3}, "
                    + "{4}) ON CONFLICT (program_id, customer_id) "
                    + (
                        replace
                            ? "DO UPDATE SET partner_id = excluded.partner_id, bound_at = excluded.bound_at, "
                                + "conversion_id = excluded.conversion_id"
                            : "DO NOTHING"
                    )
                : (replace ? "INSERT OR REPLACE INTO " : "INSERT OR IGNORE INTO ")
                    + table
                    + " (program_id, customer_id, partner_id, bound_at, conversion_id) VALUES ({0}, {1}, {2}, {3}, "
                    + "{4})";
        await context
            .Database.ExecuteSqlRawAsync(
                sql,
                [row.ProgramId, row.CustomerId, row.PartnerId, row.BoundAt, row.ConversionId],
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private Task<bool> ConversionExistsAsync(Conversion conversion, CancellationToken cancellationToken) =>
        Set<ConversionRow>()
            .AnyAsync(c => c.ProgramId == conversion.ProgramId.Value && c.Id == conversion.Id.Value, cancellationToken);

    private Task<bool> RefundExistsAsync(Refund refund, CancellationToken cancellationToken) =>
        Set<RefundRow>().AnyAsync(r => r.ProgramId == refund.ProgramId.Value && r.Id == refund.Id, cancellationToken);

    // ---- Ledger --------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public async ValueTask<CommissionLine?> FindLineAsync(CommissionLineId lineId, CancellationToken cancellationToken)
    {
        var row = await Set<CommissionLineRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(l => l.Id == lineId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Line(row);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<CommissionLine>> QueryLinesAsync(
        LineQuery query,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Set<CommissionLineRow>().AsNoTracking();
        if (query.ProgramId is { } program)
        {
            rows = rows.Where(l => l.ProgramId == program.Value);
        }

        if (query.PartnerId is { } partner)
        {
            rows = rows.Where(l => l.PartnerId == partner.Value);
        }

        if (query.ConversionId is { } conversion)
        {
            rows = rows.Where(l => l.ConversionId == conversion.Value);
        }

        if (query.States.Count > 0)
        {
            var states = query.States.Select(s => (int)s).ToArray();
            rows = rows.Where(l => states.Contains(l.State));
        }

        if (query.ApprovableAtOrBefore is { } approvable)
        {
            var ticks = Ticks(approvable);
            rows = rows.Where(l => l.ApprovableAt <= ticks);
        }

        if (query.PayoutId is { } payout)
        {
            rows = rows.Where(l => l.PayoutId == payout.Value);
        }

        if (query.Unclaimed is { } unclaimed)
        {
            rows = unclaimed ? rows.Where(l => l.PayoutId == null) : rows.Where(l => l.PayoutId != null);
        }

        if (query.CreatedFrom is { } createdFrom)
        {
            var ticks = TicksAtOrAfter(createdFrom);
            rows = rows.Where(l => l.CreatedAt >= ticks);
        }

        if (query.CreatedUntil is { } createdUntil)
        {
            var ticks = TicksAtOrAfter(createdUntil);
            rows = rows.Where(l => l.CreatedAt < ticks);
        }

        rows = rows.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id);
        if (query.Take < int.MaxValue)
        {
            rows = rows.Take(query.Take);
        }

        return (await rows.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(Line).ToArray();
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> WriteAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return WriteAsync(
            async staged =>
            {
                var lineIds = change.NewLines.Select(l => l.Id.Value).ToArray();
                if (
                    lineIds.Length > 0
                    && await Set<CommissionLineRow>()
                        .AnyAsync(l => lineIds.Contains(l.Id), cancellationToken)
                        .ConfigureAwait(false)
                )
                {
                    return StoreWriteResult.Duplicate("line id exists");
                }

                if (await AdjustmentTakenAsync(change.NewLines, cancellationToken).ConfigureAwait(false))
                {
                    return StoreWriteResult.Duplicate("adjustment id exists");
                }

                await StageLedgerAsync(
                        staged,
                        change.Updates,
                        change.NewLines,
                        change.Conversion,
                        change.Events,
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                return null;
            },
            () => ValueTask.FromResult(StoreWriteResult.Conflict("a line or the conversion changed")),
            cancellationToken,
            change.Rollups
        );
    }

    private async Task StageLedgerAsync(
        Staging staged,
        IReadOnlyList<Versioned<CommissionLine>> updates,
        IReadOnlyList<CommissionLine> newLines,
        Versioned<Conversion>? conversion,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        if (updates.Select(u => u.Value.Id).Distinct().Count() != updates.Count)
        {
            throw new ConflictException("a line is updated twice in one change");
        }

        // Lines in id order so that concurrent writers lock rows in the same order (fewer deadlocks on PostgreSQL).
        foreach (var update in updates.OrderBy(u => u.Value.Id.Value, StringComparer.Ordinal))
        {
            staged.Update(Row(update.Value, update.ExpectedVersion + 1), update.ExpectedVersion);
        }

        staged.AddRange(newLines.Select(l => Row(l, 1)));
        if (conversion is { } c)
        {
            staged.Update(Row(c.Value, c.ExpectedVersion + 1), c.ExpectedVersion);
            var status = (int)c.Value.Status;
            await Set<ConversionPartnerRow>()
                .Where(p => p.ProgramId == c.Value.ProgramId.Value && p.ConversionId == c.Value.Id.Value)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, status), cancellationToken)
                .ConfigureAwait(false);
        }

        staged.AddRange(events.Select(Row));
    }

    // ---- Payouts -------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    async ValueTask<Payout?> IPayoutStore.FindAsync(PayoutId payoutId, CancellationToken cancellationToken)
    {
        var row = await Set<PayoutRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == payoutId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Payout(row);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<Payout>> QueryAsync(PayoutQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var rows = Set<PayoutRow>().AsNoTracking();
        if (query.ProgramId is { } program)
        {
            rows = rows.Where(p => p.ProgramId == program.Value);
        }

        if (query.PartnerId is { } partner)
        {
            rows = rows.Where(p => p.PartnerId == partner.Value);
        }

        if (query.Status is { } status)
        {
            rows = rows.Where(p => p.Status == (int)status);
        }

        return (
            await rows.OrderBy(p => p.CreatedAt).ThenBy(p => p.Id).ToListAsync(cancellationToken).ConfigureAwait(false)
        )
            .Select(RowMapper.Payout)
            .ToArray();
    }

    // ---- Plans and outbox ----------------------------------------------------------------------------------------

    /// <inheritdoc />
    async ValueTask<CommissionPlan?> IPlanStore.FindAsync(PlanId planId, CancellationToken cancellationToken)
    {
        var row = await Set<PlanRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == planId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : Plan(row);
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> SaveAsync(CommissionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return SavePlanAsync(plan, expectedRevision: null, [], cancellationToken);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<AffiliateEvent>> PendingAsync(int max, CancellationToken cancellationToken)
    {
        var rows = await Set<OutboxRow>()
            .AsNoTracking()
            .Where(o => o.DispatchedAt == null)
            .OrderBy(o => o.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(Event).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask MarkDispatchedAsync(
        IReadOnlyList<Guid> eventIds,
        Instant dispatchedAt,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = EventIds(eventIds);
        var at = Ticks(dispatchedAt);
        await Set<OutboxRow>()
            .Where(o => ids.Contains(o.EventId))
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DispatchedAt, at), cancellationToken)
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> DueAsync(
        Instant now,
        int max,
        CancellationToken cancellationToken
    )
    {
        // Schema 8's partial index ix_outbox_due (next_attempt_at, sequence) WHERE dispatched_at IS NULL AND
        // failed_at IS NULL: a range read of its front, already in this order.
        var at = Ticks(now);
        var rows = await Set<OutboxRow>()
            .AsNoTracking()
            .Where(o => o.DispatchedAt == null && o.FailedAt == null && o.NextAttemptAt <= at)
            .OrderBy(o => o.NextAttemptAt)
            .ThenBy(o => o.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(Entry).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask RecordFailuresAsync(
        IReadOnlyList<OutboxFailure> failures,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(failures);

        // Failures are few (a healthy outbox has none): one keyed update each, through the event id's unique index.
        foreach (var failure in failures)
        {
            var id = failure.EventId.ToString("D", System.Globalization.CultureInfo.InvariantCulture);
            var next = Ticks(failure.NextAttemptAt);
            var delivered = Handlers(failure.DeliveredTo);
            var failedAt = Ticks(failure.FailedAt);
            await Set<OutboxRow>()
                .Where(o => o.EventId == id && o.DispatchedAt == null)
                .ExecuteUpdateAsync(
                    s =>
                        s.SetProperty(o => o.Attempts, failure.Attempts)
                            .SetProperty(o => o.NextAttemptAt, next)
                            .SetProperty(o => o.DeliveredTo, delivered)
                            .SetProperty(o => o.LastError, failure.LastError)
                            .SetProperty(o => o.FailedAt, failedAt),
                    cancellationToken
                )
                .ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OutboxEntry>> FailedAsync(int max, CancellationToken cancellationToken)
    {
        // Schema 8's partial index ix_outbox_failed (failed_at, sequence) of the failed events not dispatched.
        var rows = await Set<OutboxRow>()
            .AsNoTracking()
            .Where(o => o.FailedAt != null && o.DispatchedAt == null)
            .OrderBy(o => o.FailedAt)
            .ThenBy(o => o.Sequence)
            .Take(max)
            .ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        return rows.Select(Entry).ToArray();
    }

    /// <inheritdoc />
    public async ValueTask<int> RetryFailedAsync(
        IReadOnlyList<Guid> eventIds,
        Instant at,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        var ids = EventIds(eventIds);
        var next = Ticks(at);
        return await Set<OutboxRow>()
            .Where(o => ids.Contains(o.EventId) && o.FailedAt != null && o.DispatchedAt == null)
            .ExecuteUpdateAsync(
                s =>
                    s.SetProperty(o => o.FailedAt, (long?)null)
                        .SetProperty(o => o.Attempts, 0)
                        .SetProperty(o => o.NextAttemptAt, next),
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static string[] EventIds(IReadOnlyList<Guid> eventIds) =>
        eventIds.Select(i => i.ToString("D", System.Globalization.CultureInfo.InvariantCulture)).ToArray();
}
