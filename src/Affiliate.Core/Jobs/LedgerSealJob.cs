using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// <c>ledger-seal</c>: seals the commission lines written since its last run into their partners' hash chains
/// (<see cref="LedgerSeals.SealAsync"/>), a batch at a time (<see cref="JobOptions.BatchSize"/>, 500 by default).
/// Off the write path: recording a sale never touches a chain. Under the job lock, so that two instances do not seal
/// at once (the store's unique keys are the backstop).
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public sealed class LedgerSealJob(IServiceScopeFactory scopes) : ScopedAffiliateJob(scopes)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "ledger-seal";

    /// <summary>Lines per batch when the job's options set none.</summary>
    public const int DefaultBatchSize = 500;

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        // Read at run time: the options' validator lists the jobs, so a job cannot take the options when it is made.
        var options = services.GetRequiredService<IOptions<AffiliateJobsOptions>>().Value;
        var batch = options.Jobs.TryGetValue(Name, out var job) && job.BatchSize is { } size ? size : DefaultBatchSize;
        var (count, interrupted) = await services
            .GetRequiredService<LedgerSeals>()
            .SealAsync(batch, cancellationToken)
            .ConfigureAwait(false);
        var summary = count == 0 ? "no line waited to be sealed" : $"{count} line(s) sealed";
        return JobRun.Done(Name, count, interrupted ? summary + "; a batch was refused (sealed elsewhere)" : summary);
    }
}
