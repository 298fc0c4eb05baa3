using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Affiliate.AspNetCore;

/// <summary>Healthy when the store answers the cheapest read of the core: the first page of one partner.</summary>
internal sealed class DatabaseHealthCheck(AffiliateLists lists) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(
        HealthCheckContext context,
        CancellationToken cancellationToken = default
    )
    {
        try
        {
            var read = await lists
                .PartnersAsync(new PartnerListFilter(), new PageRequest { Size = 1 }, cancellationToken)
                .ConfigureAwait(false);
            return read.Succeeded
                ? HealthCheckResult.Healthy("The affiliate store answers reads.")
                : HealthCheckResult.Unhealthy("The affiliate store refused a read: " + read.Error!.Description);
        }
#pragma warning disable CA1031 // Any failure of the database is what this check reports, never throws.
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("The affiliate store does not answer reads.", e);
        }
    }
}
