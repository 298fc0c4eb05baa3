namespace Affiliate.Stores;

/// <summary>
/// An optional store capability: the lists hosts page through (partners, conversions, commission lines, payouts,
/// clicks), read one keyset page at a time. Hosts use <see cref="AffiliateLists"/>, which checks the request and
/// turns cursors into positions; a store only sees decoded positions.
/// </summary>
/// <remarks>
/// <para>
/// Every method returns at most <c>limit</c> rows matching the filter, in the list's order, that sort after
/// <c>after</c> (all of them from the start when it is null). The order is newest first: the list's instant
/// descending (to the tick, as stored), then the id descending by code point (ordinal UTF-8 bytes: PostgreSQL's "C"
/// collation, SQLite's BINARY). Rows that sort after a position are exactly those with an earlier instant, or the
/// same instant and a smaller id; so rows written between two calls never shift the rows already listed.
/// </para>
/// <para>
/// The work of one call must not grow with the size of the tables: a database store seeks an index on the filter's
/// columns and the order, to the position, and reads at most <c>limit</c> rows from there. <see cref="AffiliateLists"/>
/// asks for one row more than the page size, to know whether there is a next page.
/// </para>
/// </remarks>
public interface IListStore
{
    /// <summary>Partners newest first (joined, then id).</summary>
    ValueTask<IReadOnlyList<Partner>> ListPartnersAsync(
        PartnerListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>A program's conversions newest first (occurred, then id).</summary>
    ValueTask<IReadOnlyList<Conversion>> ListConversionsAsync(
        ConversionListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>A program's commission lines newest first (created, then id).</summary>
    ValueTask<IReadOnlyList<CommissionLine>> ListLinesAsync(
        LineListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>A program's payouts newest first (created, then id).</summary>
    ValueTask<IReadOnlyList<Payout>> ListPayoutsAsync(
        PayoutListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );

    /// <summary>A program's clicks newest first (occurred, then id).</summary>
    ValueTask<IReadOnlyList<Click>> ListClicksAsync(
        ClickListFilter filter,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );
}
