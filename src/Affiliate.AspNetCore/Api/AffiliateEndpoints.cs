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
    /// Maps the partner API (<c>/affiliate/partner</c>), the admin API (<c>/affiliate/admin</c>) and the OpenAPI
    /// document that describes them (<see cref="OpenApiPattern"/>). Each group can be mapped alone instead.
    /// </summary>
    public static IEndpointRouteBuilder MapAffiliateEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapAffiliatePartnerApi();
        endpoints.MapAffiliateAdminApi();
        endpoints.MapOpenApi(OpenApiPattern);
        return endpoints;
    }
}
