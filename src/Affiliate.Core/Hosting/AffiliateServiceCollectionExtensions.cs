using Affiliate;

// In Microsoft.Extensions.DependencyInjection so that AddAffiliates needs no extra using, as the framework's own do.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>Registers the affiliate services.</summary>
public static class AffiliateServiceCollectionExtensions
{
    /// <summary>
    /// Adds the affiliate program services (click tracking, conversions, ledger, payouts, partners). Registrations use
    /// TryAdd, so calling it twice is harmless. Choose a store next: <c>.UseInMemoryStores()</c> or an adapter's.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddAffiliates(o =>
    /// {
    ///     o.DefaultCurrency = "EUR";
    ///     o.AttributionWindow = Duration.FromDays(30);
    ///     o.Plan = plan;
    ///     o.IpHashKey = builder.Configuration["Affiliates:IpHashKey"];
    /// }).UseInMemoryStores().ValidateOnStart();
    /// </code></example>
    public static AffiliateBuilder AddAffiliates(
        this IServiceCollection services,
        Action<AffiliateOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        AffiliateBuilder.AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return new AffiliateBuilder(services);
    }
}
