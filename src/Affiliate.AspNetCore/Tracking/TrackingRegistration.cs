using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Affiliate.AspNetCore;

/// <summary>The tracking middleware's, click endpoint's and checkout's services.</summary>
internal static class TrackingRegistration
{
    public static void Add(IServiceCollection services)
    {
        // The host's own Data Protection setup (key ring, application name) wins; this only makes sure there is one.
        services.AddDataProtection();
        services.TryAddSingleton<ITrackingConsent, CookiePolicyTrackingConsent>();
        services.TryAddSingleton<TrackingBots>();
        services.TryAddSingleton<AttributionCookie>();
        services.TryAddSingleton<TrackingClickQueue>();
        services.TryAddSingleton<ReferralVisits>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IHostedService, TrackingClickQueue>(sp =>
                sp.GetRequiredService<TrackingClickQueue>()
            )
        );
        services.TryAddScoped<AffiliateCheckout>();
    }
}
