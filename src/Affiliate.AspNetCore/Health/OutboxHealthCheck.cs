using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Degraded when an outbox event failed for good (a handler that needs fixing), or when the oldest undelivered event
/// is older than <see cref="ApiOptions.HealthOutboxDegradedLag"/> (delivery lags: the outbox job is not running or
/// cannot keep up). Both are read through <see cref="OutboxDispatcher"/>, each with one index seek.
/// </summary>
internal sealed class OutboxHealthCheck(
    OutboxDispatcher dispatcher,
    IClock clock,
    IOptions<AffiliateWebOptions> options
) : IHealthCheck
{
    private const int Counted = 100;

    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        var failed = await dispatcher.FailedAsync(Counted, cancellationToken).ConfigureAwait(false);
        var oldest = await dispatcher.OldestUndeliveredAsync(cancellationToken).ConfigureAwait(false);
        var lag = oldest is { } at ? clock.GetCurrentInstant() - at : Duration.Zero;
        var data = new Dictionary<string, object>
        {
            ["failed"] = failed.Count,
            ["lagSeconds"] = (long)lag.TotalSeconds,
        };
        if (failed.Count > 0)
        {
            var count =
                failed.Count >= Counted ? $"{Counted} or more" : failed.Count.ToString(CultureInfo.InvariantCulture);
            return HealthCheckResult.Degraded(
                $"{count} outbox event(s) failed for good; fix the handler and retry them "
                    + "(OutboxDispatcher.RetryFailedAsync).",
                data: data
            );
        }

        var limit = Duration.FromTimeSpan(options.Value.Api.HealthOutboxDegradedLag);
        return lag > limit
            ? HealthCheckResult.Degraded(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"The oldest undelivered outbox event is {(long)lag.TotalSeconds} s old (more than "
                        + $"{(long)limit.TotalSeconds} s); is the outbox job running?"
                ),
                data: data
            )
            : HealthCheckResult.Healthy("Outbox events are delivered and none failed for good.", data);
    }
}
