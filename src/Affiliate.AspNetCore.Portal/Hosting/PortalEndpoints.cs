using Affiliate.AspNetCore;
using Affiliate.AspNetCore.Portal;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// In Microsoft.AspNetCore.Builder so that the mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>Mounts the partner portal and the program admin into the host's routes.</summary>
public static class AffiliatePortalEndpointExtensions
{
    /// <summary>
    /// Maps the partner portal under <paramref name="prefix"/>: apply, dashboard, links, conversions, payouts and the
    /// plan. The partner is the one <see cref="IPartnerResolver"/> maps the signed-in user to; a user who is no
    /// partner yet sees the apply page; an anonymous request gets the host's authentication challenge (its sign-in
    /// page). Needs <c>UsePortal()</c> and the host's <c>UseAuthentication()</c>.
    /// </summary>
    public static RouteGroupBuilder MapAffiliatePortal(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/partners"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = Mount(endpoints, prefix, PortalArea.Partner);
        var pages = group.MapGroup("").AddEndpointFilter(RequireUserAsync);
        PartnerPages.Map(pages);
        return group;
    }

    /// <summary>
    /// Maps the program admin under <paramref name="prefix"/>: overview, partners, plan versions, fraud reviews,
    /// approvals and payouts, with CSV exports. Only users the host's admin policy
    /// (<see cref="ApiOptions.AdminPolicy"/>, <c>AffiliateAdmin</c> by default) admits see it: anonymous requests get
    /// the host's challenge, other users a 403 page. Throws at mapping when the policy does not exist.
    /// </summary>
    public static RouteGroupBuilder MapAffiliateAdmin(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate-admin"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiAccess.ThrowIfAdminPolicyMissing(endpoints.ServiceProvider);
        var group = Mount(endpoints, prefix, PortalArea.Admin);
        var pages = group.MapGroup("").AddEndpointFilter(RequireUserAsync).AddEndpointFilter(RequireAdminAsync);
        AdminPages.Map(pages);
        return group;
    }

    private static RouteGroupBuilder Mount(IEndpointRouteBuilder endpoints, string prefix, PortalArea area)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (endpoints.ServiceProvider.GetService(typeof(PortalMarker)) is null)
        {
            throw new InvalidOperationException(
                "The partner portal and the admin need their services: add .UsePortal() to "
                    + "services.AddAffiliates(...).UseAspNetCore(...) before mapping them."
            );
        }

        var group = endpoints.MapGroup(prefix).WithMetadata(new PortalMount(prefix, area)).ExcludeFromDescription();
        group.MapGet("/assets/{name}", PortalAssets.Serve);
        return group;
    }

    private static async ValueTask<object?> RequireUserAsync(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        // The host's own challenge: its sign-in page for cookies, a 401 for bearer tokens.
        return invocation.HttpContext.User.Identity?.IsAuthenticated == true
            ? await next(invocation).ConfigureAwait(false)
            : Results.Challenge();
    }

    private static async ValueTask<object?> RequireAdminAsync(
        EndpointFilterInvocationContext invocation,
        EndpointFilterDelegate next
    )
    {
        var context = invocation.HttpContext;
        if (await ApiAccess.IsAdminAsync(context).ConfigureAwait(false))
        {
            return await next(invocation).ConfigureAwait(false);
        }

        var text = PortalRequest.Text(context);
        return PortalRequest.Page<MessagePage>(
            new MessageModel(
                PortalRequest.View(context, "", text["Not allowed"]) with
                {
                    Navigation = false,
                },
                text["This page is for the program's admins. Ask an admin if you need access."]
            ),
            StatusCodes.Status403Forbidden
        );
    }
}
