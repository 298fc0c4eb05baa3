using Microsoft.Extensions.DependencyInjection;

namespace Affiliate;

/// <summary>
/// <c>payouts</c>: runs each program's payouts when the clock's date (in the program's time zone) is one of its payout
/// dates (<see cref="PayoutProcessor.RunIfDueAsync"/>); other days it says when the next one is. Each program's run
/// takes its own lock, so instances share the programs rather than wait for one another.
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public sealed class PayoutJob(IServiceScopeFactory scopes) : ScopedAffiliateJob(scopes)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "payouts";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override string? LockName => null; // PayoutProcessor locks per program and says when it skipped

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var processor = services.GetRequiredService<PayoutProcessor>();
        var runs = new List<PayoutRun>();
        foreach (var program in services.GetRequiredService<ProgramCatalog>().All)
        {
            var run = await processor
                .RunIfDueAsync(program.Id, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            runs.Add(run.GetValueOrThrow()); // the program comes from the catalog: never unknown
        }

        var summary = string.Join("; ", runs.Select(r => r.Summary));
        return runs.Count > 0 && runs.All(r => r.Status == PayoutRunStatus.RunningElsewhere)
            ? JobRun.Skipped(Name, summary)
            : JobRun.Done(Name, runs.Sum(r => r.Payouts.Count), runs.Count == 0 ? "no program is configured" : summary);
    }
}
