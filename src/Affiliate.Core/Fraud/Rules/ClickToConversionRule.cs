namespace Affiliate;

/// <summary>
/// Flags a conversion that came sooner after its attributed click than the minimum delay (or before it).
/// </summary>
internal sealed class ClickToConversionRule(ClickToConversionOptions options) : IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly Duration _minimum = options.MinimumDelay;

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken)
    {
        if (context.AttributedClick is not { } click)
        {
            return ValueTask.FromResult(FraudVerdict.Allow);
        }

        var elapsed = context.Conversion.OccurredAt - click.OccurredAt;
        if (elapsed >= _minimum)
        {
            return ValueTask.FromResult(FraudVerdict.Allow);
        }

        var when =
            elapsed < Duration.Zero
                ? $"{FraudText.Duration(-elapsed)} before the click it is attributed to"
                : $"{FraudText.Duration(elapsed)} after its click";
        return ValueTask.FromResult(
            new FraudVerdict(
                _action,
                FraudCodes.ClickToConversionTooFast,
                $"The conversion came {when}; the minimum is {FraudText.Duration(_minimum)}, so the click may have "
                    + "been injected."
            )
        );
    }
}
