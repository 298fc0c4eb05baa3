using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// <c>webhook-inbox</c>: processes the inbox events that are not done (<see cref="WebhookInbox.ProcessPendingAsync"/>):
/// interrupted ones, refunds still waiting for their order, and failed ones with attempts left, up to
/// <see cref="JobOptions.BatchSize"/> (100 by default) of each per run. Registered by the web adapter's webhooks.
/// </summary>
/// <param name="scopes">Makes the scope of each run.</param>
public sealed class WebhookInboxJob(IServiceScopeFactory scopes) : ScopedAffiliateJob(scopes)
{
    /// <summary>The job's name.</summary>
    public const string JobName = "webhook-inbox";

    /// <inheritdoc />
    public override string Name => JobName;

    /// <inheritdoc />
    protected override async ValueTask<JobRun> RunAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var batch = services.GetRequiredService<IOptions<AffiliateJobsOptions>>().Value.BatchSizeOf(Name);
        var processed = await services
            .GetRequiredService<WebhookInbox>()
            .ProcessPendingAsync(batch, cancellationToken)
            .ConfigureAwait(false);
        return JobRun.Done(Name, processed, $"{processed} pending inbox event(s) processed");
    }
}
