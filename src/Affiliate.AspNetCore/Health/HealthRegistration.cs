using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>Registers the adapter's health checks under the tag <see cref="AffiliateHealthChecks.Tag"/>.</summary>
internal static class HealthRegistration
{
    public static void Add(IServiceCollection services)
    {
        string[] tags = [AffiliateHealthChecks.Tag];
        services
            .AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>(AffiliateHealthChecks.Database, tags: tags)
            .AddCheck<ClickBufferHealthCheck>(AffiliateHealthChecks.ClickBuffer, tags: tags)
            .AddCheck<OutboxHealthCheck>(AffiliateHealthChecks.Outbox, tags: tags);
    }
}

/// <summary>
/// The names and tag of the health checks <c>UseAspNetCore</c> registers; the host maps them with
/// <c>app.MapHealthChecks("/health")</c> (all checks) or with a predicate on <see cref="Tag"/>.
/// </summary>
public static class AffiliateHealthChecks
{
    /// <summary>The tag on every affiliate health check.</summary>
    public const string Tag = "affiliate";

    /// <summary>The database answers a cheap read of the core (one partner, by index).</summary>
    public const string Database = "affiliate-database";

    /// <summary>The bulk click writer holds at most <see cref="ApiOptions.HealthClickBufferDegradedDepth"/>.</summary>
    public const string ClickBuffer = "affiliate-click-buffer";

    /// <summary>No outbox event has failed for good (every attempt of a handler failed).</summary>
    public const string Outbox = "affiliate-outbox";
}
