using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

// In Microsoft.AspNetCore.Builder so that mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>
/// The signed-in partner's postback URL (for partners who run their own trackers): <c>GET {prefix}/postback</c>,
/// <c>PUT {prefix}/postback</c> with <c>{ "url": "https://tracker.example/pb?click={click_id}&amp;..." }</c> and
/// <c>DELETE {prefix}/postback</c>. The placeholders are <see cref="PartnerPostbacks.Placeholders"/>.
/// </summary>
public static class AffiliatePartnerPostbackEndpoints
{
    private const string Tag = "Affiliate partner: postback";

    /// <summary>Maps the partner's postback endpoints under <paramref name="prefix"/> (the partner API's).</summary>
    public static RouteGroupBuilder MapAffiliatePartnerPostback(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/partner"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints
            .MapGroup(prefix + "/postback")
            .WithTags(Tag)
            .AddEndpointFilter(ApiAccess.RequirePartnerAsync);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        group
            .MapGet("", Handler(GetAsync))
            .WithName("AffiliatePartnerPostback")
            .WithSummary("The signed-in partner's postback URL template.")
            .Produces<PartnerPostback>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPut("", Handler(SetAsync))
            .AcceptsJson<PostbackBody>()
            .WithName("AffiliateSetPartnerPostback")
            .WithSummary("Sets the signed-in partner's postback URL template ({click_id}, {sub1}, {amount}, ...).")
            .Produces<PartnerPostback>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group
            .MapDelete("", Handler(RemoveAsync))
            .WithName("AffiliateRemovePartnerPostback")
            .WithSummary("Removes the signed-in partner's postback URL template.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> GetAsync(HttpContext context)
    {
        var partner = ApiAccess.Partner(context);
        var postback = await Postbacks(context).GetAsync(partner.Id, context.RequestAborted).ConfigureAwait(false);
        return postback is null ? NoPostback(partner) : TypedResults.Ok(postback);
    }

    private static async Task<IResult> SetAsync(HttpContext context)
    {
        var partner = ApiAccess.Partner(context);
        var (body, problem) = await JsonBody
            .ReadAsync<PostbackBody>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var saved = await Postbacks(context)
            .SetAsync(partner.Id, body!.Url, context.RequestAborted)
            .ConfigureAwait(false);
        return saved.ToHttpResult(value => TypedResults.Ok(value));
    }

    private static async Task<IResult> RemoveAsync(HttpContext context)
    {
        var partner = ApiAccess.Partner(context);
        var removed = await Postbacks(context).RemoveAsync(partner.Id, context.RequestAborted).ConfigureAwait(false);
        return removed ? TypedResults.NoContent() : NoPostback(partner);
    }

    private static IResult NoPostback(Partner partner) =>
        AffiliateProblems.Problem(
            StatusCodes.Status404NotFound,
            AffiliateHttpErrorCodes.NoPostback,
            $"Partner '{partner.Id}' has no postback URL."
        );

    // A Func, not a RequestDelegate: the IResult each handler answers is written to the response.
    private static Func<HttpContext, Task<IResult>> Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static PartnerPostbacks Postbacks(HttpContext context) =>
        context.RequestServices.GetRequiredService<PartnerPostbacks>();

    /// <summary>The body of <c>PUT postback</c>.</summary>
    /// <param name="Url">The URL template.</param>
    internal sealed record PostbackBody(string Url);
}
