namespace Affiliate;

/// <summary>
/// Thrown when a plan that is not valid is put to use; <see cref="Problems"/> lists everything to fix.
/// </summary>
public sealed class InvalidPlanException : InvalidOperationException
{
    /// <summary>Creates the exception for a plan and its problems.</summary>
    public InvalidPlanException(CommissionPlan plan, IReadOnlyList<PlanProblem> problems)
        : base(
            $"Commission plan '{plan?.Name}' is not valid:{Environment.NewLine}"
                + string.Join(Environment.NewLine, (problems ?? []).Select(p => "- " + p))
        )
    {
        Problems = problems ?? [];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<PlanProblem> Problems { get; }
}
