using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Routing;

// In Microsoft.AspNetCore.Builder so that the mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>Maps every endpoint of the adapter at once: <c>app.MapAffiliateEndpoints()</c>.</summary>
public static class AffiliateEndpoints
{
    /// <summary>The path of the OpenAPI document: <c>/affiliate/openapi/affiliate.json</c>.</summary>
    public const string OpenApiPattern = "/affiliate/openapi/{documentName}.json";

    /// <summary>
    /// Maps every endpoint group of the adapter with its default path; each group can be mapped alone instead:
    /// <list type="bullet">
    /// <item><c>/go/{code}</c> and <c>/go/{code}/{link}</c>: redirect links (<c>MapAffiliateLinks</c>);</item>
    /// <item><c>/affiliate/track.js</c> and <c>/affiliate/clicks</c>: tracking for sites that cannot run the
    /// middleware (<c>MapAffiliateTracking</c>);</item>
    /// <item><c>/affiliate/webhooks/stripe</c>, <c>/shopify</c>, <c>/woocommerce</c> and <c>/affiliate/postback</c>:
    /// signed webhooks in (<c>MapAffiliateWebhooks</c>, <c>MapAffiliatePostback</c>);</item>
    /// <item><c>/affiliate/partner/...</c>: the partner API (<c>MapAffiliatePartnerApi</c>), their links
    /// (<c>MapAffiliatePartnerLinks</c>) and postback URL (<c>MapAffiliatePartnerPostback</c>);</item>
    /// <item><c>/affiliate/admin/...</c>: the admin API (<c>MapAffiliateAdminApi</c>), privacy requests
    /// (<c>MapAffiliatePrivacyApi</c>) and stored webhooks (<c>MapAffiliateInboxAdminApi</c>);</item>
    /// <item>the OpenAPI document that describes them (<see cref="OpenApiPattern"/>).</item>
    /// </list>
    /// The tracking middleware is not an endpoint: add it with <c>app.UseAffiliateTracking()</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapAffiliateEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapAffiliateLinks();
        endpoints.MapAffiliateTracking();
        endpoints.MapAffiliateWebhooks();
        endpoints.MapAffiliatePostback();
        endpoints.MapAffiliatePartnerApi();
        endpoints.MapAffiliatePartnerLinks();
        endpoints.MapAffiliatePartnerPostback();
        endpoints.MapAffiliateAdminApi();
        endpoints.MapAffiliatePrivacyApi();
        endpoints.MapAffiliateInboxAdminApi();
        endpoints.MapOpenApi(OpenApiPattern);
        return endpoints;
    }
}
