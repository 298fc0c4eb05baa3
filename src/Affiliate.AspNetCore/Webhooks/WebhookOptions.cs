namespace Affiliate.AspNetCore;

/// <summary>Incoming webhooks (Stripe, Shopify, WooCommerce) and the signed server-to-server postback.</summary>
public sealed class WebhookOptions
{
    /// <summary>The smallest <see cref="MaxBodyBytes"/> accepted: 1 KiB.</summary>
    public const int MinBodyBytes = 1024;

    /// <summary>The largest <see cref="MaxBodyBytes"/> accepted: 16 MiB.</summary>
    public const int MaxBodyBytesLimit = 16 * 1024 * 1024;

    /// <summary>
    /// How far a signature's timestamp may be from the clock before the delivery is refused as stale: five minutes
    /// by default, as Stripe's own libraries.
    /// </summary>
    public TimeSpan SignatureTolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The largest webhook body read: 1 MiB by default (a large Shopify order is well under).</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Stripe's endpoint signing secrets (<c>whsec_...</c>). Several are tried in turn, for rotation. None: the
    /// Stripe endpoint answers 404.
    /// </summary>
    public IList<string> StripeSecrets { get; } = [];

    /// <summary>Shopify's webhook secrets (the app's client secret); several for rotation. None: 404.</summary>
    public IList<string> ShopifySecrets { get; } = [];

    /// <summary>The WooCommerce webhooks' secrets; several for rotation. None: 404.</summary>
    public IList<string> WooCommerceSecrets { get; } = [];

    /// <summary>The secrets the server-to-server postback is signed with; several for rotation. None: 404.</summary>
    public IList<string> PostbackSecrets { get; } = [];

    /// <summary>
    /// The metadata key (Stripe <c>metadata</c>, Shopify <c>note_attributes</c>, WooCommerce <c>meta_data</c>) that
    /// holds the visitor id the checkout passed on: <c>affiliate_visitor</c> by default. Stripe's
    /// <c>client_reference_id</c> is read as the visitor id when the key is missing.
    /// </summary>
    public string VisitorKey { get; set; } = "affiliate_visitor";

    /// <summary>The metadata key that holds a click id: <c>affiliate_click</c> by default.</summary>
    public string ClickKey { get; set; } = "affiliate_click";

    /// <summary>The metadata key that holds a referral code: <c>affiliate_ref</c> by default.</summary>
    public string ReferralKey { get; set; } = "affiliate_ref";

    internal void Validate(ICollection<string> failures)
    {
        if (SignatureTolerance <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Webhooks.SignatureTolerance must be positive, e.g. five minutes.");
        }

        if (MaxBodyBytes is < MinBodyBytes or > MaxBodyBytesLimit)
        {
            failures.Add(
                $"AffiliateWebOptions.Webhooks.MaxBodyBytes is {MaxBodyBytes}; set it between {MinBodyBytes} and "
                    + $"{MaxBodyBytesLimit} bytes (1 MiB is the default)."
            );
        }

        foreach (
            var (name, secrets) in new[]
            {
                (nameof(StripeSecrets), StripeSecrets),
                (nameof(ShopifySecrets), ShopifySecrets),
                (nameof(WooCommerceSecrets), WooCommerceSecrets),
                (nameof(PostbackSecrets), PostbackSecrets),
            }
        )
        {
            if (secrets.Any(string.IsNullOrWhiteSpace))
            {
                failures.Add(
                    $"AffiliateWebOptions.Webhooks.{name} holds an empty secret; remove it or set the vendor's secret."
                );
            }
        }

        foreach (var (name, key) in new[] { (nameof(VisitorKey), VisitorKey), (nameof(ClickKey), ClickKey) })
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                failures.Add($"AffiliateWebOptions.Webhooks.{name} is empty; name the metadata key, e.g. '{name}'.");
            }
        }

        if (string.IsNullOrWhiteSpace(ReferralKey))
        {
            failures.Add(
                "AffiliateWebOptions.Webhooks.ReferralKey is empty; name the metadata key, e.g. 'affiliate_ref'."
            );
        }
    }
}
