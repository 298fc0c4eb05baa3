namespace Affiliate;

/// <summary>
/// Holds conversions of a partner whose conversions are refunded too often (buy, earn, refund), once the partner has
/// enough conversions for the rate to mean something.
/// </summary>
public sealed class RefundRateOptions : FraudRuleOptions
{
    /// <summary>Enabled, holding, above 30% from 10 conversions.</summary>
    public RefundRateOptions()
        : base(FraudAction.Hold) { }

    /// <summary>
    /// The highest share of refunded conversions, in percent (0 to 100), that is not flagged; 30 by default.
    /// </summary>
    public decimal MaxRefundPercent { get; set; } = 30m;

    /// <summary>The fewest conversions in the window before the refund rate is judged; 10 by default.</summary>
    public int MinimumConversions { get; set; } = 10;
}
