namespace Affiliate.Fraud;

/// <summary>Flags a click when the clicks from its IP address in the window, itself included, exceed the limit.</summary>
internal sealed class IpClickVelocityRule(ClickVelocityOptions options) : IClickFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly int _maxClicks = options.MaxClicks;
    private readonly Duration _window = options.Window;

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        var clicks = context.ClicksFromIpInWindow + 1L;
        return ValueTask.FromResult(clicks <= _maxClicks
            ? FraudVerdict.Allow
            : new FraudVerdict(_action, FraudCodes.ClickVelocityIp, FormattableString.Invariant(
                $"{FraudText.Count(clicks, "click")} from this IP address in the last {FraudText.Duration(_window)}; the limit is {_maxClicks}.")));
    }
}
