namespace Affiliate;

/// <summary>
/// Flags a conversion whose visitor clicked links of more different partners in the window than allowed.
/// </summary>
internal sealed class CookieStuffingRule(CookieStuffingOptions options) : IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly int _maxPartners = options.MaxDistinctPartners;
    private readonly Duration _window = options.Window;

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken)
    {
        var partners = context.DistinctPartnersClickedByVisitor;
        return ValueTask.FromResult(
            partners <= _maxPartners
                ? FraudVerdict.Allow
                : new FraudVerdict(
                    _action,
                    FraudCodes.CookieStuffing,
                    FormattableString.Invariant(
                        $"The visitor clicked links of {FraudText.Count(partners, "different partner")} in the last "
                    )
                        + FormattableString.Invariant(
                            $"{FraudText.Duration(_window)}; the limit is {_maxPartners}, so cookies may have been "
                        )
                        + "stuffed."
                )
        );
    }
}
