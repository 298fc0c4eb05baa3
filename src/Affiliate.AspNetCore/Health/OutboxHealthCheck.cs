using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Affiliate.AspNetCore;

/// <summary>
/// Degraded when an outbox event has failed for good (a handler failed every allowed attempt): events are waiting
/// for someone to fix the handler and call <see cref="OutboxDispatcher.RetryFailedAsync"/>.
/// </summary>
/// <remarks>
/// The lag of undelivered events (the age of the oldest) is not measured: the core has no read of it yet.
/// </remarks>
internal sealed class OutboxHealthCheck(OutboxDispatcher dispatcher) : IHealthCheck
{
    private const int Counted = 100;

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var failed = await dispatcher.FailedAsync(Counted, cancellationToken).ConfigureAwait(false);
        if (failed.Count == 0)
        {
            return HealthCheckResult.Healthy("No outbox event has failed for good.");
        }

        var count =
            failed.Count >= Counted
                ? $"{Counted} or more"
                : failed.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return HealthCheckResult.Degraded(
            $"{count} outbox event(s) failed for good; fix the handler and retry them "
                + "(OutboxDispatcher.RetryFailedAsync).",
            data: new Dictionary<string, object> { ["failed"] = failed.Count }
        );
    }
}
