using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Who may call the partner and admin APIs, decided in endpoint filters so that every refusal is a problem answer
/// (401 <c>not_authenticated</c>, 403 <c>not_allowed</c>) rather than the authentication scheme's empty challenge.
/// </summary>
internal static class ApiAccess
{
    private static readonly object PartnerKey = new();

    /// <summary>The partner the partner filter resolved for this request.</summary>
    public static Partner Partner(HttpContext context) =>
        context.Items[PartnerKey] as Partner
        ?? throw new InvalidOperationException("The partner API filter did not run for this endpoint.");

    /// <summary>
    /// Admits a signed-in user whom <see cref="IPartnerResolver"/> maps to a registered partner, and keeps the partner
    /// for the handler: the one place a partner endpoint learns whose data it may show.
    /// </summary>
    public static async ValueTask<object?> RequirePartnerAsync(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var context = invocation.HttpContext;
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return NotAuthenticated();
        }

        var partner = await ResolvePartnerAsync(context).ConfigureAwait(false);
        if (partner is null)
        {
            return AffiliateProblems.Problem(
                StatusCodes.Status403Forbidden,
                AffiliateHttpErrorCodes.NotAllowed,
                "The signed-in user is not a partner of this program."
            );
        }

        context.Items[PartnerKey] = partner;
        return await next(invocation).ConfigureAwait(false);
    }

    /// <summary>Admits a user the host's admin policy (<see cref="ApiOptions.AdminPolicy"/>) admits.</summary>
    public static async ValueTask<object?> RequireAdminAsync(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var context = invocation.HttpContext;
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return NotAuthenticated();
        }

        if (!await IsAdminAsync(context).ConfigureAwait(false))
        {
            return AffiliateProblems.Problem(
                StatusCodes.Status403Forbidden,
                AffiliateHttpErrorCodes.NotAllowed,
                "The signed-in user is not a program admin."
            );
        }

        return await next(invocation).ConfigureAwait(false);
    }

    /// <summary>
    /// The registered partner <see cref="IPartnerResolver"/> maps the request's user to, or null: the one decision
    /// of whose data a partner request (API or portal) may see.
    /// </summary>
    public static async ValueTask<Partner?> ResolvePartnerAsync(HttpContext context)
    {
        var id = await ResolvePartnerIdAsync(context).ConfigureAwait(false);
        return id is { } partnerId
            ? await context
                .RequestServices.GetRequiredService<PartnerDirectory>()
                .FindAsync(partnerId, context.RequestAborted)
                .ConfigureAwait(false)
            : null;
    }

    /// <summary>The partner id the host's <see cref="IPartnerResolver"/> gives the request's user, if any.</summary>
    public static ValueTask<PartnerId?> ResolvePartnerIdAsync(HttpContext context) =>
        context.RequestServices.GetRequiredService<IPartnerResolver>().ResolveAsync(context, context.RequestAborted);

    /// <summary>
    /// Whether the host's admin policy (<see cref="ApiOptions.AdminPolicy"/>) admits the request's user.
    /// </summary>
    public static async ValueTask<bool> IsAdminAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var policy = services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Api.AdminPolicy;
        var result = await services
            .GetRequiredService<IAuthorizationService>()
            .AuthorizeAsync(context.User, context, policy)
            .ConfigureAwait(false);
        return result.Succeeded;
    }

    /// <summary>
    /// Stops the mapping when the host defined no admin policy, so that a missing policy is found at start rather
    /// than as a failure of every admin request.
    /// </summary>
    public static void ThrowIfAdminPolicyMissing(IServiceProvider services)
    {
        var name = services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Api.AdminPolicy;
        // The default provider answers at once; this runs once, while the host maps its endpoints.
        var policy = services
            .GetRequiredService<IAuthorizationPolicyProvider>()
            .GetPolicyAsync(name)
            .GetAwaiter()
            .GetResult();
        if (policy is null)
        {
            throw new InvalidOperationException(
                $"The admin API needs the authorization policy '{name}' (AffiliateWebOptions.Api.AdminPolicy); add it "
                    + $"with AddAuthorization(o => o.AddPolicy(\"{name}\", p => ...)) or name an existing policy."
            );
        }
    }

    /// <summary>Who did an admin action, for review decisions and reasons: the signed-in user's name.</summary>
    public static string Actor(HttpContext context) =>
        context.User.Identity?.Name is { Length: > 0 and <= 200 } name ? name : "admin";

    private static IResult NotAuthenticated() =>
        AffiliateProblems.Problem(
            StatusCodes.Status401Unauthorized,
            AffiliateHttpErrorCodes.NotAuthenticated,
            "Sign in to use this API."
        );
}
