namespace Affiliate.Stores;

/// <summary>
/// Stores commission plans changed at run time (new versions scheduled by <c>PlanDirectory</c>), each with a
/// revision for optimistic concurrency. Precedence: once a plan with some id is stored, the stored plan (all its
/// versions) is the plan of every program whose configured plan has that id; the plan configured in code with that
/// id is then only the starting point the first stored revision was made from.
/// </summary>
public interface IPlanStore
{
    /// <summary>A plan by id.</summary>
    ValueTask<CommissionPlan?> FindAsync(PlanId planId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves a plan (insert or replace) without a revision check; the stored revision goes up by one.
    /// </summary>
    ValueTask<StoreWriteResult> SaveAsync(CommissionPlan plan, CancellationToken cancellationToken);

    /// <summary>A stored plan with its revision, or null when none is stored with that id. One read by key.</summary>
    ValueTask<StoredPlan?> FindStoredAsync(PlanId planId, CancellationToken cancellationToken);

    /// <summary>
    /// Every stored plan with its revision, ordered by id (ordinal). Plans are few (about one per program), so the
    /// list is not paged.
    /// </summary>
    ValueTask<IReadOnlyList<StoredPlan>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves a plan with its events if its stored revision is still <see cref="Versioned{T}.ExpectedVersion"/> (0: no
    /// plan with that id is stored yet); it is then stored with revision ExpectedVersion + 1. Conflict, writing
    /// nothing, when the revision moved on or (for 0) another writer stored the plan first.
    /// </summary>
    ValueTask<StoreWriteResult> SaveAsync(
        Versioned<CommissionPlan> plan,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    );
}
