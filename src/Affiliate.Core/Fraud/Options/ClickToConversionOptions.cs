namespace Affiliate;

/// <summary>
/// Holds conversions that follow their click faster than a person can buy (click injection: an app fires a click
/// just before a purchase it did not cause).
/// </summary>
public sealed class ClickToConversionOptions : FraudRuleOptions
{
    /// <summary>Enabled, holding, 10 seconds.</summary>
    public ClickToConversionOptions()
        : base(FraudAction.Hold) { }

    /// <summary>
    /// The least time from click to conversion that is not flagged; exactly this long is fine. 10 seconds by default.
    /// </summary>
    public Duration MinimumDelay { get; set; } = Duration.FromSeconds(10);
}
