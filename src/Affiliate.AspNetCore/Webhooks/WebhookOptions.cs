namespace Affiliate.AspNetCore;

/// <summary>Incoming webhooks (Stripe, Shopify, WooCommerce) and the signed server-to-server postback.</summary>
public sealed class WebhookOptions
{
    /// <summary>
    /// How far a signature's timestamp may be from the clock before the delivery is refused as stale: five minutes
    /// by default, as Stripe's own libraries.
    /// </summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate(ICollection<string> failures)
    {
        if (SignatureTolerance <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Webhooks.SignatureTolerance must be positive, e.g. five minutes.");
        }
    }
}
