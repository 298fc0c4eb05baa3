namespace Affiliate.AspNetCore;

/// <summary>The tracking middleware (<c>app.UseAffiliateTracking()</c>) and its cookies.</summary>
public sealed class TrackingOptions
{
    /// <summary>The query parameter that carries a partner's referral code; <c>ref</c> by default.</summary>
    public string ReferralParameter { get; set; } = "ref";

    internal void Validate(ICollection<string> failures)
    {
        if (string.IsNullOrWhiteSpace(ReferralParameter))
        {
            failures.Add(
                "AffiliateWebOptions.Tracking.ReferralParameter is empty; set the query parameter name, e.g. 'ref'."
            );
        }
    }
}
