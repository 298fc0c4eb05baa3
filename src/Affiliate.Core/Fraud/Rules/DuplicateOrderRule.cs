namespace Affiliate;

/// <summary>
/// Flags a conversion when the same customer converted with the same amount in the window more often than allowed.
/// </summary>
internal sealed class DuplicateOrderRule(DuplicateOrderOptions options) : IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly int _max = options.MaxSimilarConversions;
    private readonly Duration _window = options.Window;

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken)
    {
        var similar = context.SimilarConversionsInWindow;
        return ValueTask.FromResult(
            similar <= _max
                ? FraudVerdict.Allow
                : new FraudVerdict(
                    _action,
                    FraudCodes.DuplicateOrder,
                    FormattableString.Invariant(
                        $"{FraudText.Count(similar, "other conversion")} of the same customer with the same amount "
                    ) + FormattableString.Invariant($"in the last {FraudText.Duration(_window)}; the limit is {_max}.")
                )
        );
    }
}
