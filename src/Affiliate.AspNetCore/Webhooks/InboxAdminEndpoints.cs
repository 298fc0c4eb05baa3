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
/// Incoming webhooks for program admins: <c>GET {prefix}/webhooks?state=failed</c> (or <c>waiting</c>,
/// <c>received</c>, <c>processed</c>; oldest first, <c>size</c> up to 500) and
/// <c>POST {prefix}/webhooks/{source}/{eventId}/process</c>, which processes one stored event again now (after a
/// fix, or when its order has arrived). Behind <see cref="ApiOptions.AdminPolicy"/>.
/// </summary>
public static class AffiliateInboxAdminEndpoints
{
    /// <summary>Maps the inbox endpoints under <paramref name="prefix"/> (the admin API's by default).</summary>
    public static RouteGroupBuilder MapAffiliateInboxAdminApi(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/admin"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiAccess.ThrowIfAdminPolicyMissing(endpoints.ServiceProvider);
        var group = endpoints
            .MapGroup(prefix + "/webhooks")
            .WithTags("Affiliate admin: webhooks")
            .AddEndpointFilter(ApiAccess.RequireAdminAsync);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group
            .MapGet("", Handler(ListAsync))
            .WithName("AffiliateAdminWebhooks")
            .WithSummary("Stored webhook events in a state (failed by default), oldest first.")
            .Produces<IReadOnlyList<InboxEventView>>();
        group
            .MapPost("/{source}/{eventId}/process", ProcessAsync)
            .WithName("AffiliateAdminProcessWebhook")
            .WithSummary("Processes one stored webhook event again now.")
            .Produces<InboxEventView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var stateText = query["state"].ToString();
        var state = InboxEventState.Failed;
        if (stateText.Length > 0 && !TryState(stateText, out state))
        {
            return AffiliateProblems.Invalid("state is one of received, processed, waiting, failed.");
        }

        var size = 100;
        var sizeText = query["size"].ToString();
        if (sizeText.Length > 0 && (!int.TryParse(sizeText, out size) || size is < 1 or > 500))
        {
            return AffiliateProblems.Invalid("size is a whole number from 1 to 500.");
        }

        var events = await Inbox(context).ListAsync(state, size, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Ok(events.Select(InboxEventView.Of).ToArray());
    }

    private static async Task<IResult> ProcessAsync(HttpContext context, string source, string eventId)
    {
        if (
            !InputLimits.IsAcceptable(source, InboxEvent.MaxSourceLength)
            || !InputLimits.IsAcceptable(eventId, InputLimits.MaxIdLength)
        )
        {
            return AffiliateProblems.Invalid("The source or event id in the path is too long or not printable.");
        }

        var processed = await Inbox(context)
            .ProcessAsync(source, eventId, context.RequestAborted)
            .ConfigureAwait(false);
        return processed is null
            ? AffiliateProblems.Problem(
                StatusCodes.Status404NotFound,
                AffiliateHttpErrorCodes.UnknownWebhookEvent,
                $"No stored webhook event '{eventId}' from '{source}'."
            )
            : TypedResults.Ok(InboxEventView.Of(processed));
    }

    private static bool TryState(string text, out InboxEventState state) =>
        Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);

    // A Func, not a RequestDelegate: the IResult the handler answers is written to the response.
    private static Func<HttpContext, Task<IResult>> Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    private static WebhookInbox Inbox(HttpContext context) =>
        context.RequestServices.GetRequiredService<WebhookInbox>();
}

/// <summary>A stored webhook event as the admin API shows it: its state, not its body.</summary>
/// <param name="Source">The vendor: stripe, shopify, woocommerce or postback.</param>
/// <param name="EventId">The vendor's event id (deduplication key).</param>
/// <param name="Topic">The event type.</param>
/// <param name="ReceivedAt">When it was stored.</param>
/// <param name="State">received, processed, waiting or failed.</param>
/// <param name="Attempts">How often it was processed.</param>
/// <param name="LastError">Why the last attempt failed, or what was noted.</param>
/// <param name="WaitingFor">The order a waiting refund waits for.</param>
/// <param name="ProcessedAt">When it was processed.</param>
public sealed record InboxEventView(
    string Source,
    string EventId,
    string Topic,
    Instant ReceivedAt,
    InboxEventState State,
    int Attempts,
    string? LastError,
    string? WaitingFor,
    Instant? ProcessedAt
)
{
    internal static InboxEventView Of(InboxEvent e) =>
        new(e.Source, e.EventId, e.Topic, e.ReceivedAt, e.State, e.Attempts, e.LastError, e.WaitingFor, e.ProcessedAt);
}
