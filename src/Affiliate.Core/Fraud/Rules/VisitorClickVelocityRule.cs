namespace Affiliate.Fraud;

/// <summary>Flags a click when the visitor's clicks in the window, itself included, exceed the limit.</summary>
internal sealed class VisitorClickVelocityRule(ClickVelocityOptions options) : IClickFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly int _maxClicks = options.MaxClicks;
    private readonly Duration _window = options.Window;

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        var clicks = context.ClicksFromVisitorInWindow + 1L;
        return ValueTask.FromResult(clicks <= _maxClicks
            ? FraudVerdict.Allow
            : new FraudVerdict(_action, FraudCodes.ClickVelocityVisitor, FormattableString.Invariant(
                $"{FraudText.Count(clicks, "click")} from this visitor in the last {FraudText.Duration(_window)}; the limit is {_maxClicks}.")));
    }
}
