namespace Affiliate.Stores;

/// <summary>Stores clicks and customer bindings: the touches attribution chooses from.</summary>
public interface ITouchStore
{
    /// <summary>
    /// Adds a click with its change to the read side (both or neither). Duplicate when the program already has a click
    /// with that id (nothing is written).
    /// </summary>
    ValueTask<StoreWriteResult> AddClickAsync(Click click, RollupChange rollups, CancellationToken cancellationToken);

    /// <summary>A click by id.</summary>
    ValueTask<Click?> FindClickAsync(ProgramId programId, ClickId clickId, CancellationToken cancellationToken);

    /// <summary>
    /// The program's clicks with any of these ids, in one round trip (batch ingestion looks up a batch's given ids
    /// at once); ids without a click are left out. No order is promised.
    /// </summary>
    ValueTask<IReadOnlyList<Click>> FindClicksAsync(
        ProgramId programId,
        IReadOnlyCollection<ClickId> clickIds,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// A visitor's clicks with <paramref name="from"/> &lt;= time &lt; <paramref name="until"/>, oldest first.
    /// </summary>
    ValueTask<IReadOnlyList<Click>> FindClicksByVisitorAsync(
        ProgramId programId,
        string visitorId,
        Instant from,
        Instant until,
        CancellationToken cancellationToken
    );

    /// <summary>Counts clicks matching a query (for velocity rules, cookie stuffing and reports).</summary>
    ValueTask<ClickCounts> CountClicksAsync(ClickQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// How many clicks match each query, counting no further than its limit: bounded index lookups for velocity rules,
    /// which only need to know whether a source went past its limit. All of them in one round trip, so the click path
    /// pays one lookup however many velocity rules are on.
    /// </summary>
    /// <returns>One count per query, in order (0 for a limit of 0 or less).</returns>
    ValueTask<IReadOnlyList<int>> CountClicksUpToAsync(
        IReadOnlyList<ClickLimit> queries,
        CancellationToken cancellationToken
    );

    /// <summary>Clicks matching a query, oldest first (for reports).</summary>
    IAsyncEnumerable<Click> QueryClicksAsync(ClickQuery query, CancellationToken cancellationToken);

    /// <summary>The customer's lifetime binding, if any.</summary>
    ValueTask<CustomerBinding?> FindBindingAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    );
}

/// <summary>A filter over clicks of one program in [<see cref="From"/>, <see cref="Until"/>).</summary>
public sealed record ClickQuery
{
    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Inclusive start.</summary>
    public required Instant From { get; init; }

    /// <summary>Exclusive end.</summary>
    public required Instant Until { get; init; }

    /// <summary>Only this partner's clicks.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only clicks from this IP hash.</summary>
    public string? IpHash { get; init; }

    /// <summary>Only this visitor's clicks.</summary>
    public string? VisitorId { get; init; }
}

/// <summary>A click query for a bounded count: the store counts no further than <paramref name="Limit"/>.</summary>
/// <param name="Query">The clicks to count.</param>
/// <param name="Limit">Where to stop counting.</param>
public sealed record ClickLimit(ClickQuery Query, int Limit);

/// <summary>Counts over clicks.</summary>
/// <param name="Clicks">All matching clicks.</param>
/// <param name="DistinctVisitors">Distinct visitor ids.</param>
/// <param name="DistinctPartners">Distinct partners.</param>
public readonly record struct ClickCounts(int Clicks, int DistinctVisitors, int DistinctPartners);
