namespace Affiliate;

/// <summary>
/// Limits clicks from one IP address (<see cref="FraudOptions.IpVelocity"/>) or one visitor
/// (<see cref="FraudOptions.VisitorVelocity"/>): a click beyond <see cref="MaxClicks"/> in <see cref="Window"/> is
/// flagged.
/// </summary>
public sealed class ClickVelocityOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting, 20 clicks per hour.</summary>
    public ClickVelocityOptions()
        : base(FraudAction.Reject) { }

    /// <summary>The most clicks allowed in the window, this click included; 20 by default (10 for visitors).</summary>
    public int MaxClicks { get; set; } = 20;

    /// <summary>How far back the caller counts earlier clicks; 1 hour by default.</summary>
    public Duration Window { get; set; } = Duration.FromHours(1);
}
