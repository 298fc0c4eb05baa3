using Microsoft.Extensions.DependencyInjection;

namespace Affiliate;

/// <summary>
/// <c>approvals</c>: approves every pending commission line whose hold period is over, in every program
/// (<see cref="CommissionLedger.ApproveDueAsync"/> at the clock's now).
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public sealed class ApprovalJob(IServiceScopeFactory scopes) : ScopedAffiliateJob(scopes)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "approvals";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var approved = await services
            .GetRequiredService<CommissionLedger>()
            .ApproveDueAsync(cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return JobRun.Done(Name, approved, approved == 0 ? "no commission was due" : $"{approved} line(s) approved");
    }
}
