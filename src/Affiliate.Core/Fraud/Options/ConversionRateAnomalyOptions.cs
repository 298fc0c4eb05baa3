namespace Affiliate;

/// <summary>
/// Holds conversions of a partner whose conversion rate is far above the program's (fake or incentivised traffic,
/// or conversions without real clicks), once the partner has enough clicks for the rate to mean something.
/// </summary>
public sealed class ConversionRateAnomalyOptions : FraudRuleOptions
{
    /// <summary>Enabled, holding, above 3 times the baseline from 50 clicks.</summary>
    public ConversionRateAnomalyOptions()
        : base(FraudAction.Hold) { }

    /// <summary>
    /// How many times the program's conversion rate a partner may reach; exactly this is fine. 3 by default.
    /// </summary>
    public decimal MaxMultipleOfBaseline { get; set; } = 3m;

    /// <summary>The fewest clicks in the window before the partner's rate is judged; 50 by default.</summary>
    public int MinimumClicks { get; set; } = 50;
}
