namespace Affiliate.AspNetCore;

/// <summary>Events delivered to the host's endpoints (Standard Webhooks) and to partners' postback URLs.</summary>
public sealed class OutgoingWebhookOptions
{
    /// <summary>How long one delivery may take before it failed and is retried: ten seconds by default.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    internal void Validate(ICollection<string> failures)
    {
        if (Timeout <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Outgoing.Timeout must be positive, e.g. ten seconds.");
        }
    }
}
