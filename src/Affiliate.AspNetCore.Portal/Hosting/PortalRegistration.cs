using Affiliate;
using Affiliate.AspNetCore;
using Affiliate.AspNetCore.Portal;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In Microsoft.Extensions.DependencyInjection so that UsePortal needs no extra using, as UseAspNetCore.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>
/// Registers the partner portal and the program admin:
/// <c>services.AddAffiliates(...).UseAspNetCore(...).UsePortal(portal =&gt; ...)</c>.
/// </summary>
public static class AffiliatePortalServiceExtensions
{
    /// <summary>
    /// Registers what the pages need: Razor component rendering, antiforgery, localisation (English by default;
    /// the strings are in the assembly's <c>PortalText</c> resources) and <see cref="PortalOptions"/>, validated at
    /// start. Calls <c>UseAspNetCore()</c> when the host has not. The host then maps the pages with
    /// <c>app.MapAffiliatePortal("/partners")</c> and <c>app.MapAffiliateAdmin("/affiliate-admin")</c>.
    /// </summary>
    public static AffiliateBuilder UsePortal(this AffiliateBuilder builder, Action<PortalOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (!services.Any(s => s.ServiceType == typeof(IPartnerResolver)))
        {
            // The portal stands on the adapter (partner resolver, admin policy, links): forgetting it would fail at
            // the first request rather than here.
            builder.UseAspNetCore();
        }

        var options = services.AddOptions<PortalOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<PortalOptions>, PortalOptionsValidator>()
        );
        services.TryAddSingleton<PortalMarker>();
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.AddLocalization();
        return builder;
    }
}
