using System.Text.Json;
using System.Text.Json.Serialization;
using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// In Microsoft.AspNetCore.Builder so that app.UseAffiliateTracking() needs no extra using, as the framework's own.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>
/// Tracking for the host: the middleware, and the script and click endpoint for sites that cannot run it.
/// </summary>
public static class AffiliateTrackingExtensions
{
    // A click body is a code, five sub-ids and two URLs: 8 KiB is plenty.
    private const int MaxClickBodyBytes = 8 * 1024;

    /// <summary>
    /// Tracks referral visits on every GET or HEAD request that names the referral parameter (see
    /// <see cref="TrackingOptions"/>): records the click in the background, sets the visitor and the signed
    /// attribution cookies. Put it before the endpoints whose pages referral links land on (and after
    /// <c>UseForwardedHeaders</c> behind a proxy). Needs <c>UseAspNetCore()</c>.
    /// </summary>
    /// <example><code>
    /// builder.Services.AddAffiliates(o => { ... }).UseBulkClickWriter&lt;ShopDb&gt;().UseAspNetCore();
    /// var app = builder.Build();
    /// app.UseForwardedHeaders();
    /// app.UseAffiliateTracking();
    /// app.MapAffiliateTracking(); // track.js and POST /affiliate/clicks for pages on other sites
    /// app.MapPost("/checkout", async (HttpContext http, Cart cart) =>
    ///     (await http.RecordAffiliateSaleAsync(new AffiliateOrder { OrderId = cart.Id, Amount = cart.Subtotal }))
    ///         .ToHttpResult(outcome => Results.Ok()));
    /// </code></example>
    public static IApplicationBuilder UseAffiliateTracking(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app.UseMiddleware<AffiliateTrackingMiddleware>();
    }

    /// <summary>
    /// Maps, for sites that cannot run the middleware (static pages, single-page apps on another origin):
    /// <c>GET {prefix}/track.js</c>, a small first-party script that posts the page's referral parameters to
    /// <c>POST {prefix}/clicks</c> and keeps the visitor id it gets back in a first-party cookie; and that click
    /// endpoint, answering <see cref="TrackedClick"/>. CORS is limited to <see cref="TrackingOptions.AllowedOrigins"/>.
    /// </summary>
    public static RouteGroupBuilder MapAffiliateTracking(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags("Affiliate tracking");
        group
            .MapGet("/track.js", Script)
            .WithName("AffiliateTrackingScript")
            .WithSummary("The first-party tracking script for pages that cannot run the middleware.")
            .Produces<string>(StatusCodes.Status200OK, "text/javascript");
        group
            .MapPost("/clicks", (Delegate)RecordClickAsync)
            .AcceptsJson<ClickBody>()
            .WithName("AffiliateRecordClick")
            .WithSummary("Records a referral click and answers the visitor id and click id.")
            .Produces<TrackedClick>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group
            .MapMethods("/clicks", [HttpMethods.Options], Preflight)
            .WithName("AffiliateRecordClickPreflight")
            .ExcludeFromDescription();
        return group;
    }

    private static IResult Script(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Tracking;
        var request = context.Request;
        var endpoint = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        endpoint = endpoint[..^"track.js".Length] + "clicks";
        var config = JsonSerializer.Serialize(
            new ScriptConfig(
                endpoint,
                options.ReferralNames(),
                options.VisitorCookieName,
                options.AttributionCookieName,
                (int)Math.Ceiling(options.VisitorCookieLifetime.TotalSeconds)
            ),
            TrackingJsonContext.Default.ScriptConfig
        );
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(
            TrackingScript.Source.Replace("{CONFIG}", config, StringComparison.Ordinal),
            "text/javascript"
        );
    }

    private static IResult Preflight(HttpContext context)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Tracking;
        if (TrackingCors.IsAllowed(context.Request, options, out var origin) && origin is not null)
        {
            TrackingCors.Allow(context.Response, origin);
            context.Response.Headers.AccessControlAllowMethods = "POST";
            context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
            context.Response.Headers.AccessControlMaxAge = "3600";
        }

        return Results.NoContent();
    }

    private static async Task<IResult> RecordClickAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Tracking;
        var request = context.Request;
        if (!TrackingCors.IsAllowed(request, options, out var origin))
        {
            return AffiliateProblems.Problem(
                StatusCodes.Status403Forbidden,
                AffiliateHttpErrorCodes.OriginNotAllowed,
                "This origin may not record clicks; add it to AffiliateWebOptions.Tracking.AllowedOrigins."
            );
        }

        if (origin is not null)
        {
            TrackingCors.Allow(context.Response, origin);
        }

        var (body, problem) = await JsonBody
            .ReadAsync<ClickBody>(request, MaxClickBodyBytes, context.RequestAborted)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (BodyProblem(body!) is { } invalid)
        {
            return AffiliateProblems.Invalid(invalid);
        }

        var visitorId = body!.VisitorId ?? TrackingQuery.NewVisitorId();
        var userAgent = request.Headers.UserAgent.ToString();
        if (services.GetRequiredService<TrackingBots>().IsBot(userAgent))
        {
            // A bot is not counted; it learns nothing from a different answer either.
            return TypedResults.Ok(new TrackedClick(visitorId, null));
        }

        var clock = services.GetRequiredService<IClock>();
        var result = await services
            .GetRequiredService<ClickTracker>()
            .RecordAsync(
                new ClickRequest
                {
                    ClickId = ClickId.New(),
                    ReferralCode = body.Code,
                    VisitorId = visitorId,
                    SubIds = body.SubIds ?? [],
                    LandingUrl = body.LandingUrl,
                    Referrer = body.Referrer,
                    UserAgent = userAgent,
                    IpAddress = context.Connection.RemoteIpAddress?.ToString(),
                    OccurredAt = clock.GetCurrentInstant(),
                },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return result.ToHttpResult(click =>
        {
            if (!click.Attributable)
            {
                return TypedResults.Ok(new TrackedClick(visitorId, click.Id.Value));
            }

            var cookie = services.GetRequiredService<AttributionCookie>();
            var attribution = new AffiliateAttribution(
                body.Code,
                click.Id,
                visitorId,
                click.SubIds,
                click.OccurredAt + cookie.Window
            );
            var maxAge = (long)cookie.Window.TotalSeconds;
            return TypedResults.Ok(new TrackedClick(visitorId, click.Id.Value, cookie.Protect(attribution), maxAge));
        });
    }

    private static string? BodyProblem(ClickBody body)
    {
        if (!ReferralCode.TryParse(body.Code, out _, out var codeProblem))
        {
            return "code: " + codeProblem;
        }

        if (body.SubIds is { } subIds)
        {
            if (subIds.Count > TrackingQuery.SubIdNames.Length)
            {
                return $"subIds has {subIds.Count} entries; at most {TrackingQuery.SubIdNames.Length} are accepted.";
            }

            if (subIds.Any(s => s is null || !TrackingQuery.IsAcceptable(s, InputLimits.MaxCodeLength)))
            {
                return $"subIds holds a null, or one longer than {InputLimits.MaxCodeLength} characters or with "
                    + "control characters.";
            }
        }

        if (body.VisitorId is not null && !TrackingQuery.IsVisitorId(body.VisitorId))
        {
            return "visitorId must be 1 to 64 letters, digits, '-' or '_', as the endpoint hands them out.";
        }

        foreach (var (name, url) in new[] { ("landingUrl", body.LandingUrl), ("referrer", body.Referrer) })
        {
            if (
                url is not null
                && (url.Length > InputLimits.MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out _))
            )
            {
                return $"{name} must be an absolute URL of at most {InputLimits.MaxUrlLength} characters.";
            }
        }

        return null;
    }
}
