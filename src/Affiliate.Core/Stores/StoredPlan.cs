namespace Affiliate.Stores;

/// <summary>A plan as an <see cref="IPlanStore"/> holds it, with its revision.</summary>
/// <param name="Plan">The plan with every version.</param>
/// <param name="Revision">
/// Goes up by one on every save, starting at 1: the token a caller passes back to change the plan (optimistic
/// concurrency). Not the number of a <see cref="PlanVersion"/>: one revision may add a version, and the versions
/// keep their own numbers.
/// </param>
public sealed record StoredPlan(CommissionPlan Plan, long Revision);
