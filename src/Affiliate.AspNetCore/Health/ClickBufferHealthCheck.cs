using System.Diagnostics.Metrics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Degraded when the bulk click writer (Affiliate.EntityFrameworkCore) holds more clicks than
/// <see cref="ApiOptions.HealthClickBufferDegradedDepth"/>: the database is not keeping up and a full buffer drops
/// clicks. The depth is read from the writer's <c>clicks.buffer_depth</c> gauge of this host's meter factory, since
/// this package does not reference the writer; without a writer the check is healthy and says so.
/// </summary>
internal sealed class ClickBufferHealthCheck(IOptions<AffiliateWebOptions> options, IMeterFactory? meters = null)
    : IHealthCheck
{
    /// <summary>The gauge the bulk click writer publishes its depth on.</summary>
    public const string DepthInstrument = "clicks.buffer_depth";

    public Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        long? depth = null;
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                // Only this host's writer: other hosts in the process have meters of their own factories.
                if (
                    instrument.Name == DepthInstrument
                    && instrument.Meter.Name == AffiliateDiagnostics.Name
                    && (meters is null || ReferenceEquals(instrument.Meter.Scope, meters))
                )
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<long>((_, value, _, _) => depth = Math.Max(depth ?? 0, value));
            listener.Start();
            listener.RecordObservableInstruments();
        }

        var bound = options.Value.Api.HealthClickBufferDegradedDepth;
        var result = depth switch
        {
            null => HealthCheckResult.Healthy("No bulk click writer is in use; clicks are written as they come."),
            var d when d > bound => HealthCheckResult.Degraded(
                $"The click buffer holds {d} clicks, more than {bound}: the database is not keeping up.",
                data: new Dictionary<string, object> { ["depth"] = d }
            ),
            var d => HealthCheckResult.Healthy(
                $"The click buffer holds {d} clicks.",
                new Dictionary<string, object> { ["depth"] = d }
            ),
        };
        return Task.FromResult(result);
    }
}
