namespace Affiliate;

/// <summary>
/// Flags a click when the clicks from one source (an IP address, a visitor) in the window, itself included, exceed
/// the limit. One rule, configured twice: the sources differ only in which count they read and what they are called.
/// The reason names the limit, not the count: the click tracker counts a source's earlier clicks only as far as the
/// limit (a bounded index lookup), so a flood of clicks costs no more to judge than one over the limit.
/// </summary>
internal sealed class ClickVelocityRule : IClickFraudRule
{
    private readonly FraudAction _action;
    private readonly int _maxClicks;
    private readonly Duration _window;
    private readonly string _code;
    private readonly string _source;
    private readonly Func<ClickFraudContext, int> _count;

    private ClickVelocityRule(
        ClickVelocityOptions options,
        string code,
        string source,
        Func<ClickFraudContext, int> count
    )
    {
        _action = options.Action;
        _maxClicks = options.MaxClicks;
        _window = options.Window;
        _code = code;
        _source = source;
        _count = count;
    }

    public static ClickVelocityRule PerIpAddress(ClickVelocityOptions options) =>
        new(options, FraudCodes.ClickVelocityIp, "this IP address", c => c.ClicksFromIpInWindow);

    public static ClickVelocityRule PerVisitor(ClickVelocityOptions options) =>
        new(options, FraudCodes.ClickVelocityVisitor, "this visitor", c => c.ClicksFromVisitorInWindow);

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        var clicks = _count(context) + 1L;
        return ValueTask.FromResult(
            clicks <= _maxClicks
                ? FraudVerdict.Allow
                : new FraudVerdict(
                    _action,
                    _code,
                    FormattableString.Invariant(
                        $"More than {FraudText.Count(_maxClicks, "click")} from {_source} in the last "
                    ) + FormattableString.Invariant($"{FraudText.Duration(_window)}, the limit.")
                )
        );
    }
}
