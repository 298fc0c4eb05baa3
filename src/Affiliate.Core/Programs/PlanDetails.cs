namespace Affiliate;

/// <summary>A commission plan as an admin sees it: its versions, where it comes from and who uses it.</summary>
/// <param name="Plan">The plan in force (the stored one when there is one), with every version.</param>
/// <param name="Revision">
/// The stored revision, or 0 when the plan is only configured in code. Pass it back to
/// <see cref="PlanDirectory.ScheduleAsync"/>: a change is accepted only if nobody saved the plan since.
/// </param>
/// <param name="IsStored">True when a stored plan overrides (or stands without) the plan configured in code.</param>
/// <param name="Programs">
/// The configured programs whose plan has this id (none for a stored plan no program uses).
/// </param>
public sealed record PlanDetails(CommissionPlan Plan, long Revision, bool IsStored, IReadOnlyList<ProgramId> Programs);
