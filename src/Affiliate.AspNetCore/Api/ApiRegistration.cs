using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>The APIs' services: the OpenAPI document, the rate limiting policy, the health checks.</summary>
internal static class ApiRegistration
{
    /// <summary>The name of the OpenAPI document that describes the adapter's endpoints.</summary>
    public const string OpenApiDocument = "affiliate";

    public static void Add(IServiceCollection services)
    {
        // Registered once: UseAspNetCore may be called twice.
        if (services.Any(d => d.ServiceType == typeof(ApiRateLimitPolicy)))
        {
            return;
        }

        services.AddSingleton<ApiRateLimitPolicy>();
        // The admin filter asks IAuthorizationService; the host's AddAuthorization adds its policies to the same. The
        // whole AddAuthorization, not AddAuthorizationCore: with authorization services registered, WebApplication
        // inserts the authorization middleware, which refuses to start without the policy evaluator.
        services.AddAuthorization();
        services.AddOpenApi(OpenApiDocument);
        services.AddRateLimiter(o => o.AddPolicy<string, ApiRateLimitPolicy>(ApiOptions.DefaultRateLimitPolicy));
        HealthRegistration.Add(services);
    }
}
