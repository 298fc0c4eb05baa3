namespace Affiliate;

/// <summary>
/// Holds conversions of a visitor who clicked links of many different partners shortly before (cookie stuffing:
/// hidden frames or pop-unders that drop affiliate cookies on every visitor).
/// </summary>
public sealed class CookieStuffingOptions : FraudRuleOptions
{
    /// <summary>Enabled, holding, 3 or more partners in 24 hours flagged.</summary>
    public CookieStuffingOptions()
        : base(FraudAction.Hold) { }

    /// <summary>
    /// The most different partners a visitor may click in the window; 2 by default, so 3 or more are flagged.
    /// </summary>
    public int MaxDistinctPartners { get; set; } = 2;

    /// <summary>How far back the caller counts the visitor's clicks; 24 hours by default.</summary>
    public Duration Window { get; set; } = Duration.FromHours(24);
}
