namespace Affiliate.AspNetCore;

/// <summary>
/// The stable codes the HTTP adapter adds to the core's <see cref="AffiliateErrorCodes"/>, sent as the
/// <c>code</c> member of a problem details answer.
/// </summary>
public static class AffiliateHttpErrorCodes
{
    /// <summary>A webhook or postback signature is missing or does not match the body (401).</summary>
    public const string InvalidSignature = "invalid_signature";

    /// <summary>A signature's timestamp is outside the tolerance: a replay or a wrong clock (401).</summary>
    public const string StaleSignature = "stale_signature";

    /// <summary>No secret is configured for this webhook's vendor, so its endpoint is off (404).</summary>
    public const string WebhookNotConfigured = "webhook_not_configured";

    /// <summary>The body is larger than the endpoint accepts (413).</summary>
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The body is not of a media type the endpoint reads, e.g. not JSON (415).</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>Too many requests from this client; the answer carries <c>Retry-After</c> (429).</summary>
    public const string RateLimited = "rate_limited";

    /// <summary>The endpoint needs a signed-in user (401).</summary>
    public const string NotAuthenticated = "not_authenticated";

    /// <summary>The signed-in user may not do this: no partner, or not a program admin (403).</summary>
    public const string NotAllowed = "not_allowed";

    /// <summary>
    /// A browser's cross-origin call from an origin the tracking options do not allow (403); the answer carries no
    /// CORS headers.
    /// </summary>
    public const string OriginNotAllowed = "origin_not_allowed";

    /// <summary>A link's destination names a host that is not in the links' allow-list (400).</summary>
    public const string DestinationNotAllowed = "destination_not_allowed";

    /// <summary>The signed-in partner has set no postback URL (404).</summary>
    public const string NoPostback = "no_postback";

    /// <summary>No stored webhook event has that source and event id (404).</summary>
    public const string UnknownWebhookEvent = "unknown_webhook_event";
}
