namespace Affiliate;

/// <summary>
/// Rejects clicks from the listed IP ranges, checked against the raw address before it is anonymised.
/// </summary>
public sealed class BlockedIpRangeOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting, no ranges listed.</summary>
    public BlockedIpRangeOptions()
        : base(FraudAction.Reject) { }

    /// <summary>
    /// Ranges in CIDR notation (<c>203.0.113.0/24</c>, <c>2001:db8::/32</c>) or single addresses; empty by default.
    /// IPv4 ranges also match IPv4-mapped IPv6 addresses (<c>::ffff:203.0.113.7</c>).
    /// </summary>
    public IList<string> Ranges { get; } = [];
}
