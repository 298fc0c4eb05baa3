using System.Globalization;
using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

// In Microsoft.AspNetCore.Builder so that app.MapAffiliateLinks() needs no extra using, as the framework's own.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>
/// Maps partners' links: the redirects (<c>/go/{code}</c>, <c>/go/{code}/{link}</c>) and the partner API for links.
/// </summary>
public static partial class AffiliateLinkEndpoints
{
    private const string Tag = "Affiliate links";
    private static readonly string[] SubIdNames = ["sub1", "sub2", "sub3", "sub4", "sub5"];

    /// <summary>
    /// Maps <c>GET {path}/{code}</c> and <c>GET {path}/{code}/{link}</c>: records a click for the partner who owns the
    /// referral code (with the link's id and sub-ids, then <c>sub1</c>..<c>sub5</c> from the query where the link
    /// sets none), then answers 302 to the link's stored destination, or for <c>{path}/{code}</c> to <c>?to=</c> when
    /// it is a path or an allowed host. Anything else (an unknown code, an inactive partner or link, another
    /// partner's link, a destination that is not allowed) lands on
    /// <see cref="Affiliate.AspNetCore.LinkOptions.DefaultDestination"/>:
    /// never an error page, never an open redirect. The redirect is sent even when the click cannot be stored.
    /// </summary>
    public static RouteGroupBuilder MapAffiliateLinks(this IEndpointRouteBuilder endpoints, string path = "/go")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(path).WithTags(Tag);
        group
            .MapGet("/{code}", (HttpContext context, string code) => RedirectAsync(context, code, null))
            .WithName("AffiliateLinkRedirect")
            .WithSummary(
                "Records a click for a referral code and redirects to ?to= (allowed hosts) or the default page."
            )
            .Produces(StatusCodes.Status302Found);
        group
            .MapGet("/{code}/{link}", (HttpContext context, string code, string link) =>
                RedirectAsync(context, code, link)
            )
            .WithName("AffiliatePartnerLinkRedirect")
            .WithSummary("Records a click through a partner's link and redirects to its stored destination.")
            .Produces(StatusCodes.Status302Found);
        return group;
    }

    /// <summary>
    /// Maps the partner API for links, for the signed-in partner only (<see cref="IPartnerResolver"/>):
    /// <c>GET {prefix}/links</c> (paged: <c>?cursor=</c>, <c>?size=</c>), <c>GET {prefix}/links/{id}</c>,
    /// <c>POST {prefix}/links</c> (<see cref="CreateLinkBody"/>) and <c>DELETE {prefix}/links/{id}</c> (deactivates).
    /// The create endpoint reads its body itself (so a wrong media type is a 415 problem answer): its metadata names no
    /// accepted media type, which would make routing refuse other types with an empty 415 first.
    /// Without a user the answer is 401 <c>not_authenticated</c>; a user who is no partner gets 403
    /// <c>not_allowed</c>; another partner's link id is 404 <c>unknown_link</c>, exactly like one that does not exist.
    /// </summary>
    public static RouteGroupBuilder MapAffiliatePartnerLinks(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/partner"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix + "/links").WithTags(Tag);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .MapGet("/", (Delegate)ListAsync)
            .WithName("AffiliateListPartnerLinks")
            .WithSummary("The signed-in partner's links, newest first, one page at a time.")
            .Produces<LinkPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapGet("/{id}", FindAsync)
            .WithName("AffiliateGetPartnerLink")
            .WithSummary("One of the signed-in partner's links.")
            .Produces<LinkAnswer>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/", (Delegate)CreateAsync)
            .AcceptsJson<CreateLinkBody>()
            .WithName("AffiliateCreatePartnerLink")
            .WithSummary("Creates a link of the signed-in partner; the same id and content again is a replay (200).")
            .Produces<LinkAnswer>(StatusCodes.Status201Created)
            .Produces<LinkAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group
            .MapDelete("/{id}", DeactivateAsync)
            .WithName("AffiliateDeactivatePartnerLink")
            .WithSummary("Deactivates one of the signed-in partner's links: it then leads to the default page.")
            .Produces<LinkAnswer>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> RedirectAsync(HttpContext context, string code, string? linkId)
    {
        var services = context.RequestServices;
        var policy = services.GetRequiredService<LinkDestinationPolicy>();
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        // No-store: every visit must reach the server to be counted, and answers depend on the link's state.
        context.Response.Headers.CacheControl = "no-store";
        var target = await services
            .GetRequiredService<PartnerLinks>()
            .ResolveAsync(code, linkId, cancellationToken)
            .ConfigureAwait(false);
        if (target is null || !target.Partner.CanEarn || (linkId is not null && target.Link is null))
        {
            return Results.Redirect(policy.DefaultLocation(request));
        }

        var location = (linkId is null ? policy.Location(request.Query["to"].ToString(), request) : null)
            ?? (target.Link is { } link ? policy.Location(link.Destination, request) : null)
            ?? policy.DefaultLocation(request);
        await RecordClickAsync(context, code, target.Link, location).ConfigureAwait(false);
        return Results.Redirect(location);
    }

    private static async Task RecordClickAsync(HttpContext context, string code, PartnerLink? link, string landing)
    {
        // The same visit as a page with the referral parameter: the click is queued, never awaited on the database,
        // and the visitor and attribution cookies let checkout credit the partner. A bot or a visitor without
        // consent is redirected all the same, with nothing recorded.
        var visits = context.RequestServices.GetRequiredService<ReferralVisits>();
        await visits
            .TrackAsync(context, code, SubIds(link, context.Request.Query), link?.Id, landing)
            .ConfigureAwait(false);
    }

    /// <summary>The link's sub-ids, with the query's sub1..sub5 where the link sets none; bad values dropped.</summary>
    private static IReadOnlyList<string> SubIds(PartnerLink? link, IQueryCollection query)
    {
        string?[] own = [link?.Sub1, link?.Sub2, link?.Sub3, link?.Sub4, link?.Sub5];
        var merged = new string?[SubIdNames.Length];
        for (var i = 0; i < merged.Length; i++)
        {
            var asked = query[SubIdNames[i]].ToString();
            merged[i] =
                !string.IsNullOrEmpty(own[i]) ? own[i]
                : asked.Length > 0 && InputLimits.IsAcceptable(asked, InputLimits.MaxCodeLength) ? asked
                : null;
        }

        var last = Array.FindLastIndex(merged, v => v is not null);
        return [.. merged.Take(last + 1).Select(v => v ?? "")];
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var (partner, problem) = await PartnerAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var query = context.Request.Query;
        var size = PageRequest.DefaultSize;
        if (
            query["size"].ToString() is { Length: > 0 } sizeText
            && !int.TryParse(sizeText, CultureInfo.InvariantCulture, out size)
        )
        {
            return AffiliateProblems.Invalid("size must be a whole number of items, 1 to 500.");
        }

        var cursor = query["cursor"].ToString();
        var page = new PageRequest { Size = size, Cursor = cursor.Length > 0 ? cursor : null };
        var result = await Links(context).ListAsync(partner, page, context.RequestAborted).ConfigureAwait(false);
        return result.ToHttpResult(p =>
            TypedResults.Ok(new LinkPage([.. p.Items.Select(LinkAnswer.Of)], p.NextCursor))
        );
    }

    private static async Task<IResult> FindAsync(HttpContext context, string id)
    {
        var (partner, problem) = await PartnerAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var result = await Links(context).FindAsync(partner, id, context.RequestAborted).ConfigureAwait(false);
        return result.ToHttpResult(link => TypedResults.Ok(LinkAnswer.Of(link)));
    }

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        var (partner, problem) = await PartnerAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var (body, bodyProblem) = await JsonBody
            .ReadAsync<CreateLinkBody>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (bodyProblem is not null)
        {
            return bodyProblem;
        }

        if (
            context
                .RequestServices.GetRequiredService<LinkDestinationPolicy>()
                .IsForeignUrl(body!.Destination, context.Request)
        )
        {
            return AffiliateProblems.Problem(
                StatusCodes.Status400BadRequest,
                AffiliateHttpErrorCodes.DestinationNotAllowed,
                "The destination's host is not allowed: use a path on this site or a host of "
                    + "AffiliateWebOptions.Links.AllowedHosts."
            );
        }

        var result = await Links(context)
            .CreateAsync(
                new PartnerLinkRequest
                {
                    PartnerId = partner,
                    Id = body.Id,
                    Destination = body.Destination,
                    Sub1 = body.Sub1,
                    Sub2 = body.Sub2,
                    Sub3 = body.Sub3,
                    Sub4 = body.Sub4,
                    Sub5 = body.Sub5,
                    Name = body.Name,
                },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return result.ToHttpResult(link =>
            result.AlreadyRecorded
                ? TypedResults.Ok(LinkAnswer.Of(link))
                : TypedResults.Created(
                    context.Request.PathBase + context.Request.Path.Add("/" + Uri.EscapeDataString(link.Id)),
                    LinkAnswer.Of(link)
                )
        );
    }

    private static async Task<IResult> DeactivateAsync(HttpContext context, string id)
    {
        var (partner, problem) = await PartnerAsync(context).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var result = await Links(context).DeactivateAsync(partner, id, context.RequestAborted).ConfigureAwait(false);
        return result.ToHttpResult(link => TypedResults.Ok(LinkAnswer.Of(link)));
    }

    /// <summary>The signed-in partner, from <see cref="IPartnerResolver"/> only; else the 401 or 403 answer.</summary>
    private static async Task<(PartnerId Partner, IResult? Problem)> PartnerAsync(HttpContext context)
    {
        if (context.User.Identity?.IsAuthenticated != true)
        {
            return (
                default,
                AffiliateProblems.Problem(
                    StatusCodes.Status401Unauthorized,
                    AffiliateHttpErrorCodes.NotAuthenticated,
                    "Sign in as a partner to use the partner API."
                )
            );
        }

        var partner = await context
            .RequestServices.GetRequiredService<IPartnerResolver>()
            .ResolveAsync(context, context.RequestAborted)
            .ConfigureAwait(false);
        return partner is { } id
            ? (id, null)
            : (
                default,
                AffiliateProblems.Problem(
                    StatusCodes.Status403Forbidden,
                    AffiliateHttpErrorCodes.NotAllowed,
                    "The signed-in user is no partner of the program."
                )
            );
    }

    private static PartnerLinks Links(HttpContext context) =>
        context.RequestServices.GetRequiredService<PartnerLinks>();
}
