using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In Microsoft.Extensions.DependencyInjection so that UseAspNetCore needs no extra using, as AddAffiliates.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>Registers the ASP.NET Core adapter: <c>services.AddAffiliates(...).UseAspNetCore(...)</c>.</summary>
public static class AffiliateAspNetCoreExtensions
{
    /// <summary>
    /// Registers the adapter's services and options (validated at start), problem details, the core's JSON contract
    /// for HTTP answers, and the core's jobs as hosted background services (<c>AddJobs</c>). Calling it twice is
    /// harmless; each call's <paramref name="configure"/> applies.
    /// </summary>
    public static AffiliateBuilder UseAspNetCore(
        this AffiliateBuilder builder,
        Action<AffiliateWebOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var options = services.AddOptions<AffiliateWebOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AffiliateWebOptions>, AffiliateWebOptionsValidator>()
        );
        services.TryAddSingleton<IPartnerResolver, ClaimPartnerResolver>();
        services.AddProblemDetails();
        services.ConfigureHttpJsonOptions(json => AffiliateJson.Configure(json.SerializerOptions));
        TrackingRegistration.Add(services);
        LinkRegistration.Add(services);
        OutgoingRegistration.Add(services);
        WebhookRegistration.Add(services);
        builder.AddJobs();
        ApiRegistration.Add(services);
        return builder;
    }

    /// <summary>
    /// Replaces the default <see cref="IPartnerResolver"/> (a claim, <see cref="ApiOptions.PartnerClaimType"/>) with
    /// the host's own, e.g. one that looks the partner up by the host's user id.
    /// </summary>
    public static AffiliateBuilder UsePartnerResolver<TResolver>(this AffiliateBuilder builder)
        where TResolver : class, IPartnerResolver
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Scoped<IPartnerResolver, TResolver>());
        return builder;
    }
}
