using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// <c>outbox</c>: hands due events to the event handlers (<see cref="OutboxDispatcher.DispatchAsync"/>), a batch at a
/// time (<see cref="JobOptions.BatchSize"/>, 100 by default) until the due events are done.
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public sealed class OutboxJob(IServiceScopeFactory scopes) : ScopedAffiliateJob(scopes)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "outbox";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override string? LockName => null; // the dispatcher takes the outbox lock and says when it skipped

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var dispatcher = services.GetRequiredService<OutboxDispatcher>();
        // Read at run time: the options' validator lists the jobs, so a job cannot take the options when it is made.
        var batch = services.GetRequiredService<IOptions<AffiliateJobsOptions>>().Value.BatchSizeOf(Name);
        var (delivered, retrying, failed) = (0, 0, 0);
        while (true)
        {
            // A failed event is due again only later, so every batch reads new events and the loop ends.
            var run = await dispatcher.DispatchAsync(batch, cancellationToken).ConfigureAwait(false);
            if (run.Skipped)
            {
                return JobRun.Skipped(Name, "another instance is dispatching the outbox");
            }

            (delivered, retrying, failed) = (delivered + run.Delivered, retrying + run.Retrying, failed + run.Failed);
            if (run.Attempted < batch)
            {
                break;
            }
        }

        return JobRun.Done(
            Name,
            delivered,
            $"{delivered} event(s) delivered, {retrying} to retry, {failed} marked failed"
        );
    }
}
