namespace Affiliate.AspNetCore;

/// <summary>
/// How the library meets HTTP: <c>services.AddAffiliates(...).UseAspNetCore(web =&gt; ...)</c>. Each part of the
/// adapter has its own group of options; every group is validated at start with messages that say what to change.
/// </summary>
public sealed class AffiliateWebOptions
{
    /// <summary>The tracking middleware, its cookies and the click endpoint for sites that cannot run it.</summary>
    public TrackingOptions Tracking { get; } = new();

    /// <summary>Redirect links (<c>/go/{code}</c>) and where they may lead.</summary>
    public LinkOptions Links { get; } = new();

    /// <summary>Incoming webhooks (Stripe, Shopify, WooCommerce) and the signed server-to-server postback.</summary>
    public WebhookOptions Webhooks { get; } = new();

    /// <summary>The partner and admin APIs: who is who, paging, rate limits.</summary>
    public ApiOptions Api { get; } = new();

    /// <summary>Events delivered to the host's endpoints (Standard Webhooks) and partners' postback URLs.</summary>
    public OutgoingWebhookOptions Outgoing { get; } = new();

    /// <summary>
    /// The referral query parameter the middleware and the links read (<c>ref</c> by default); a shortcut for
    /// <see cref="TrackingOptions.ReferralParameter"/>.
    /// </summary>
    public string ReferralQueryParameter
    {
        get => Tracking.ReferralParameter;
        set => Tracking.ReferralParameter = value;
    }
}
