using static System.StringComparison;

namespace Affiliate.Stores;

// The lists over the in-memory collections: every call filters and sorts the whole collection (this store is for
// tests and demos), in exactly the order the database stores page in, so the specification suite holds for both.
public sealed partial class InMemoryAffiliateStore : IListStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Partner>> ListPartnersAsync(
        PartnerListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        var search = filter.Search;
        lock (_gate)
        {
            var rows = _partners.Values.Where(p =>
                (filter.Status is null || p.Status == filter.Status)
                && (filter.Segment is null || p.Segment == filter.Segment)
                && (filter.SponsorId is null || p.SponsorId == filter.SponsorId)
                && (search is null || Matches(p, search))
            );
            return Page(rows, p => p.JoinedAt, p => p.Id.Value, after, limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Conversion>> ListConversionsAsync(
        ConversionListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var rows = _conversions.Values.Where(c =>
                c.ProgramId == filter.ProgramId
                && (filter.Status is null || c.Status == filter.Status)
                && (filter.PartnerId is null || c.Shares.Any(s => s.PartnerId == filter.PartnerId))
                && InPeriod(c.OccurredAt, filter.From, filter.Until)
            );
            return Page(rows, c => c.OccurredAt, c => c.Id.Value, after, limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CommissionLine>> ListLinesAsync(
        LineListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var rows = _lines.Values.Where(l =>
                l.ProgramId == filter.ProgramId
                && (filter.PartnerId is null || l.PartnerId == filter.PartnerId)
                && (filter.ConversionId is null || l.ConversionId == filter.ConversionId)
                && (filter.State is null || l.State == filter.State)
                && (filter.PayoutId is null || l.PayoutId == filter.PayoutId)
            );
            return Page(rows, l => l.CreatedAt, l => l.Id.Value, after, limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Payout>> ListPayoutsAsync(
        PayoutListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var rows = _payouts.Values.Where(p =>
                p.ProgramId == filter.ProgramId
                && (filter.PartnerId is null || p.PartnerId == filter.PartnerId)
                && (filter.Status is null || p.Status == filter.Status)
                && InPeriod(p.CreatedAt, filter.From, filter.Until)
            );
            return Page(rows, p => p.CreatedAt, p => p.Id.Value, after, limit);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Click>> ListClicksAsync(
        ClickListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(filter);
        lock (_gate)
        {
            var rows = _clicks.Values.Where(c =>
                c.ProgramId == filter.ProgramId
                && (filter.PartnerId is null || c.PartnerId == filter.PartnerId)
                && (filter.Sub1 is null || (c.SubIds.Count > 0 && string.Equals(c.SubIds[0], filter.Sub1, Ordinal)))
                && InPeriod(c.OccurredAt, filter.From, filter.Until)
            );
            return Page(rows, c => c.OccurredAt, c => c.Id.Value, after, limit);
        }
    }

    /// <summary>A case-insensitive prefix of the name, the e-mail address or a referral code.</summary>
    private static bool Matches(Partner partner, string search) =>
        partner.Name.StartsWith(search, StringComparison.OrdinalIgnoreCase)
        || (partner.Email?.StartsWith(search, StringComparison.OrdinalIgnoreCase) ?? false)
        || partner.ReferralCodes.Any(c => c.Normalized.StartsWith(search.ToUpperInvariant(), StringComparison.Ordinal));

    private static bool InPeriod(Instant at, Instant? from, Instant? until) =>
        (from is null || at >= from) && (until is null || at < until);

    /// <summary>
    /// Newest first to the tick, as the databases store instants, then ids by code point; rows after the position.
    /// </summary>
    private static ValueTask<IReadOnlyList<T>> Page<T>(
        IEnumerable<T> rows,
        Func<T, Instant> at,
        Func<T, string> id,
        ListPosition? after,
        int limit
    )
    {
        if (after is { } position)
        {
            rows = rows.Where(r => position.Precedes(at(r), id(r)));
        }

        IReadOnlyList<T> page = rows.OrderByDescending(r => at(r).ToUnixTimeTicks())
            .ThenByDescending(id, IdOrder.Instance)
            .Take(Math.Max(limit, 0))
            .ToArray();
        return ValueTask.FromResult(page);
    }
}
