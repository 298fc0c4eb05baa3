namespace Affiliate;

/// <summary>
/// Rejects clicks referred by the listed hosts or any of their sub-domains: <c>example.com</c> blocks
/// <c>example.com</c> and <c>ads.example.com</c>, not <c>badexample.com</c>.
/// </summary>
public sealed class BlockedReferrerOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting, no hosts listed.</summary>
    public BlockedReferrerOptions()
        : base(FraudAction.Reject) { }

    /// <summary>
    /// Hosts such as <c>spam.example</c> (a leading <c>*.</c> or a URL is accepted and reduced to its host); empty by
    /// default.
    /// </summary>
    public IList<string> Hosts { get; } = [];
}
