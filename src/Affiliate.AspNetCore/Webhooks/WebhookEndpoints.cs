using System.Security.Cryptography;
using System.Text;
using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

// In Microsoft.AspNetCore.Builder so that app.MapAffiliateWebhooks() needs no extra using, as ASP.NET Core's own.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>
/// The incoming webhook endpoints (Stripe, Shopify, WooCommerce) and the signed postback. Each reads the raw body
/// (bounded: 413), checks the vendor's signature over exactly those bytes (401 <c>invalid_signature</c> or
/// <c>stale_signature</c>, nothing written), reads the event (400 with the core's code when malformed, nothing
/// written), then stores it in the <see cref="WebhookInbox"/> and processes it before answering 200. A redelivery
/// answers 200 and changes nothing. A vendor without a configured secret answers 404.
/// </summary>
public static class AffiliateWebhookEndpoints
{
    private const string Tag = "Affiliate webhooks";

    /// <summary>Maps POST <c>{prefix}/stripe</c>, <c>{prefix}/shopify</c> and <c>{prefix}/woocommerce</c>.</summary>
    public static RouteGroupBuilder MapAffiliateWebhooks(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/webhooks"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags(Tag).AllowAnonymous();
        Describe(group.MapPost("/stripe", (Delegate)StripeAsync).WithName("AffiliateStripeWebhook"));
        Describe(group.MapPost("/shopify", (Delegate)ShopifyAsync).WithName("AffiliateShopifyWebhook"));
        Describe(group.MapPost("/woocommerce", (Delegate)WooCommerceAsync).WithName("AffiliateWooCommerceWebhook"));
        return group;
    }

    /// <summary>Maps the signed server-to-server postback: POST <paramref name="path"/>.</summary>
    public static RouteHandlerBuilder MapAffiliatePostback(
        this IEndpointRouteBuilder endpoints,
        string path = "/affiliate/postback"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return Describe(
            endpoints
                .MapPost(path, (Delegate)PostbackAsync)
                .WithName("AffiliatePostback")
                .WithTags(Tag)
                .AllowAnonymous()
        );
    }

    private static RouteHandlerBuilder Describe(RouteHandlerBuilder endpoint) =>
        endpoint
            .Produces<WebhookAnswer>(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

    private static Task<IResult> StripeAsync(HttpContext context) =>
        HandleAsync(
            context,
            StripeEventMapper.Name,
            o => o.StripeSecrets,
            (request, body, secrets, check) =>
                check.Timestamped(request.Headers["Stripe-Signature"].ToString(), body, secrets),
            (request, body) =>
            {
                var reader = new System.Text.Json.Utf8JsonReader(body);
                using var document = System.Text.Json.JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                return
                    root.ValueKind == System.Text.Json.JsonValueKind.Object
                    && root.TryGetProperty("id", out var id)
                    && id.ValueKind == System.Text.Json.JsonValueKind.String
                    && root.TryGetProperty("type", out var type)
                    && type.ValueKind == System.Text.Json.JsonValueKind.String
                    ? (id.GetString()!, type.GetString()!)
                    : null;
            }
        );

    private static Task<IResult> ShopifyAsync(HttpContext context) =>
        HandleAsync(
            context,
            ShopifyEventMapper.Name,
            o => o.ShopifySecrets,
            (request, body, secrets, _) =>
                WebhookSignatures.VerifyBase64(request.Headers["X-Shopify-Hmac-SHA256"].ToString(), body, secrets),
            (request, _) =>
                Header(request, "X-Shopify-Webhook-Id") is { } id && Header(request, "X-Shopify-Topic") is { } topic
                    ? (id, topic)
                    : null
        );

    private static async Task<IResult> WooCommerceAsync(HttpContext context)
    {
        // WooCommerce pings a new webhook with an unsigned form body "webhook_id=N": it must get 200 for the webhook
        // to be saved, and it records nothing.
        var request = context.Request;
        if (
            string.IsNullOrEmpty(Header(request, "X-WC-Webhook-Signature"))
            && request.HasFormContentType
            && request.ContentLength is > 0 and < 64
        )
        {
            var ping = await BodyBytes.ReadAsync(request, 64, context.RequestAborted).ConfigureAwait(false);
            if (ping is not null && IsPing(ping))
            {
                return TypedResults.Ok(new WebhookAnswer("ping", null));
            }

            return Unsigned();
        }

        return await HandleAsync(
                context,
                WooCommerceEventMapper.Name,
                o => o.WooCommerceSecrets,
                (req, body, secrets, _) =>
                    WebhookSignatures.VerifyBase64(req.Headers["X-WC-Webhook-Signature"].ToString(), body, secrets),
                // The delivery id changes with every delivery, so the event is the topic and the body's hash: the
                // same content delivered again is a duplicate, a changed order a new event.
                (req, body) =>
                    Header(req, "X-WC-Webhook-Topic") is { } topic
                        ? (topic + ":" + Convert.ToHexStringLower(SHA256.HashData(body)), topic)
                        : null
            )
            .ConfigureAwait(false);
    }

    private static Task<IResult> PostbackAsync(HttpContext context) =>
        HandleAsync(
            context,
            PostbackEventMapper.Name,
            o => o.PostbackSecrets,
            (request, body, secrets, check) =>
                check.Timestamped(request.Headers["X-Affiliate-Signature"].ToString(), body, secrets),
            (_, body) => PostbackEventMapper.Identify(body)
        );

    private static async Task<IResult> HandleAsync(
        HttpContext context,
        string source,
        Func<WebhookOptions, IList<string>> secretsOf,
        Verify verify,
        Func<HttpRequest, byte[], (string EventId, string Topic)?> identify
    )
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Webhooks;
        var secrets = secretsOf(options);
        if (secrets.Count == 0)
        {
            return AffiliateProblems.Problem(
                StatusCodes.Status404NotFound,
                AffiliateHttpErrorCodes.WebhookNotConfigured,
                $"No {source} webhook secret is configured."
            );
        }

        var body = await BodyBytes
            .ReadAsync(context.Request, options.MaxBodyBytes, context.RequestAborted)
            .ConfigureAwait(false);
        if (body is null)
        {
            return JsonBody.TooLarge(options.MaxBodyBytes);
        }

        var clock = services.GetRequiredService<IClock>();
        var check = new TimestampCheck(clock.GetCurrentInstant(), Duration.FromTimeSpan(options.SignatureTolerance));
        switch (verify(context.Request, body, secrets, check))
        {
            case SignatureCheck.Stale:
                return AffiliateProblems.Problem(
                    StatusCodes.Status401Unauthorized,
                    AffiliateHttpErrorCodes.StaleSignature,
                    $"The {source} signature's timestamp is more than {options.SignatureTolerance} from now."
                );
            case SignatureCheck.Invalid:
                return Unsigned();
        }

        (string EventId, string Topic)? identity;
        try
        {
            identity = identify(context.Request, body);
        }
        catch (System.Text.Json.JsonException)
        {
            identity = null;
        }

        if (identity is not { } id)
        {
            return AffiliateProblems.Invalid($"The {source} delivery has no event id or topic, or is not JSON.");
        }

        var inbox = services.GetRequiredService<WebhookInbox>();
        var mapping = inbox.Map(
            new InboxEvent
            {
                Source = source,
                EventId = id.EventId,
                Topic = id.Topic,
                ReceivedAt = clock.GetCurrentInstant(),
                Body = body,
            }
        );
        if (mapping.Error is { } error)
        {
            return AffiliateProblems.Problem(error);
        }

        if (mapping.IsIgnored)
        {
            return TypedResults.Ok(new WebhookAnswer("ignored", mapping.IgnoredBecause));
        }

        var received = await inbox
            .ReceiveAsync(source, id.EventId, id.Topic, body, context.RequestAborted)
            .ConfigureAwait(false);
        if (received.Error is { } refused)
        {
            return AffiliateProblems.Problem(refused);
        }

        var receipt = received.Value!;
        return TypedResults.Ok(
            receipt.Duplicate
                ? new WebhookAnswer("duplicate", null)
                : new WebhookAnswer(State(receipt.Event.State), receipt.Event.LastError)
        );
    }

    private static string State(InboxEventState state) =>
        state switch
        {
            InboxEventState.Processed => "processed",
            InboxEventState.Waiting => "waiting",
            InboxEventState.Failed => "failed",
            _ => "received",
        };

    private static IResult Unsigned() =>
        AffiliateProblems.Problem(
            StatusCodes.Status401Unauthorized,
            AffiliateHttpErrorCodes.InvalidSignature,
            "The signature is missing or does not match the body."
        );

    private static string? Header(HttpRequest request, string name) =>
        request.Headers[name].ToString() is { Length: > 0 } value ? value : null;

    private static bool IsPing(byte[] body)
    {
        var text = Encoding.ASCII.GetString(body);
        const string prefix = "webhook_id=";
        return text.StartsWith(prefix, StringComparison.Ordinal)
            && text.Length > prefix.Length
            && text.AsSpan(prefix.Length).ContainsAnyExceptInRange('0', '9') is false;
    }

    private delegate SignatureCheck Verify(
        HttpRequest request,
        byte[] body,
        IList<string> secrets,
        TimestampCheck check
    );

    private readonly record struct TimestampCheck(Instant Now, Duration Tolerance)
    {
        public SignatureCheck Timestamped(string header, byte[] body, IList<string> secrets) =>
            WebhookSignatures.VerifyTimestamped(header, body, secrets, Now, Tolerance);
    }
}
