namespace Affiliate;

/// <summary>
/// Rejects conversions where the customer is the credited partner: the same normalised e-mail address, the partner's
/// own customer account, or an IP address the partner signed in from. Each signal can be switched off.
/// </summary>
public sealed class SelfReferralOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting, every signal checked.</summary>
    public SelfReferralOptions()
        : base(FraudAction.Reject) { }

    /// <summary>Compare the customer's normalised e-mail address with the partner's; true by default.</summary>
    public bool CheckEmail { get; set; } = true;

    /// <summary>Compare the customer id with the partner's own customer account; true by default.</summary>
    public bool CheckCustomerId { get; set; } = true;

    /// <summary>Compare the customer's IP hash with the partner's known IP hashes; true by default.</summary>
    public bool CheckIpAddress { get; set; } = true;
}
