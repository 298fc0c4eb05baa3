using Affiliate.Commissions;

namespace Affiliate.Stores;

/// <summary>
/// Stores commission plans changed at run time (new versions). A plan configured in code is used until a stored one
/// with the same id exists.
/// </summary>
public interface IPlanStore
{
    /// <summary>A plan by id.</summary>
    ValueTask<CommissionPlan?> FindAsync(PlanId planId, CancellationToken cancellationToken);

    /// <summary>Saves a plan (insert or replace).</summary>
    ValueTask<StoreWriteResult> SaveAsync(CommissionPlan plan, CancellationToken cancellationToken);
}
