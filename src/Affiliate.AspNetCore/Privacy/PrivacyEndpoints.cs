using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// In Microsoft.AspNetCore.Builder so that mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>
/// A partner's privacy requests for program admins: <c>GET {prefix}/partners/{id}/export</c> (everything the
/// library holds about the partner, as JSON) and <c>POST {prefix}/partners/{id}/erase</c> (their personal data
/// pseudonymised, every amount kept). Behind <see cref="ApiOptions.AdminPolicy"/>.
/// </summary>
public static class AffiliatePrivacyEndpoints
{
    /// <summary>Maps the privacy endpoints under <paramref name="prefix"/> (the admin API's by default).</summary>
    public static RouteGroupBuilder MapAffiliatePrivacyApi(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/admin"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiAccess.ThrowIfAdminPolicyMissing(endpoints.ServiceProvider);
        var group = endpoints
            .MapGroup(prefix)
            .WithTags("Affiliate admin: privacy")
            .AddEndpointFilter(ApiAccess.RequireAdminAsync);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .MapGet("/partners/{id}/export", ExportAsync)
            .WithName("AffiliateAdminExportPartner")
            .WithSummary("Everything the library holds about a partner (a privacy access request).")
            .Produces<PartnerDataExport>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/partners/{id}/erase", EraseAsync)
            .AcceptsJson<EraseRequest>()
            .WithName("AffiliateAdminErasePartner")
            .WithSummary("Erases a partner's personal data; every amount stays (a privacy erasure request).")
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> ExportAsync(string id, PartnerPrivacy privacy, HttpContext context)
    {
        if (!PartnerId.TryParse(id, null, out var partnerId))
        {
            return AffiliateProblems.Invalid("The partner id in the path is not a valid id.");
        }

        var export = await privacy.ExportAsync(partnerId, context.RequestAborted).ConfigureAwait(false);
        return export.ToHttpResult(value => TypedResults.Ok(value));
    }

    private static async Task<IResult> EraseAsync(string id, PartnerPrivacy privacy, HttpContext context)
    {
        if (!PartnerId.TryParse(id, null, out var partnerId))
        {
            return AffiliateProblems.Invalid("The partner id in the path is not a valid id.");
        }

        // The reason is optional; a body, when sent, must be a well-formed EraseRequest.
        string? reason = null;
        if (context.Request.ContentLength is > 0 || context.Request.Headers.ContentType.Count > 0)
        {
            var (request, problem) = await JsonBody
                .ReadAsync<EraseRequest>(context.Request, cancellationToken: context.RequestAborted)
                .ConfigureAwait(false);
            if (problem is not null)
            {
                return problem;
            }

            reason = request!.Reason;
        }

        var erased = await privacy.EraseAsync(partnerId, reason, context.RequestAborted).ConfigureAwait(false);
        return erased.ToHttpResult(value => TypedResults.Ok(value));
    }

    /// <summary>The body of an erasure request.</summary>
    /// <param name="Reason">Why, e.g. the request's reference; kept on the <see cref="PartnerErased"/> event.</param>
    internal sealed record EraseRequest(string? Reason);
}
