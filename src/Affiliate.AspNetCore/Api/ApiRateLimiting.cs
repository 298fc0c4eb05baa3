using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// The adapter's rate limiting policy: a fixed window per partner (or signed-in user, or IP address when anonymous),
/// whose refusal is a 429 problem answer with <c>Retry-After</c>. Its own <see cref="OnRejected"/> leaves the host's
/// global rejection handler to the host's own policies.
/// </summary>
internal sealed class ApiRateLimitPolicy(IOptions<AffiliateWebOptions> options) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected { get; } = RejectAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var api = options.Value.Api;
        var user = httpContext.User;
        var key =
            user.Identity?.IsAuthenticated == true
                ? "user:" + (user.FindFirstValue(api.PartnerClaimType) ?? user.Identity.Name ?? "")
                : "ip:" + (httpContext.Connection.RemoteIpAddress?.ToString() ?? "");
        return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = api.RateLimitPermits,
            Window = api.RateLimitWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var seconds = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        var context = rejected.HttpContext;
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        var problem = AffiliateProblems.Problem(
            StatusCodes.Status429TooManyRequests,
            AffiliateHttpErrorCodes.RateLimited,
            $"Too many requests; try again in {seconds} second(s)."
        );
        await problem.ExecuteAsync(context).ConfigureAwait(false);
    }
}

/// <summary>Puts the configured rate limiting policy on the API groups.</summary>
internal static class ApiRateLimiting
{
    public static void Apply(IEndpointConventionBuilder group, IServiceProvider services)
    {
        var policy = services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Api.RateLimitPolicy;
        if (policy is not null)
        {
            group.RequireRateLimiting(policy);
        }
    }
}
