namespace Affiliate;

/// <summary>
/// Flags a conversion when too many of the partner's conversions were refunded, once they have enough conversions.
/// </summary>
internal sealed class RefundRateRule(RefundRateOptions options, Duration window) : IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly decimal _maxPercent = options.MaxRefundPercent;
    private readonly int _minimumConversions = options.MinimumConversions;

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken)
    {
        var partner = context.PartnerActivity;

        // refunded / conversions > max%, cross-multiplied so that no division rounds at the boundary.
        if (
            partner.Conversions == 0
            || partner.Conversions < _minimumConversions
            || partner.RefundedConversions * 100m <= _maxPercent * partner.Conversions
        )
        {
            return ValueTask.FromResult(FraudVerdict.Allow);
        }

        return ValueTask.FromResult(
            new FraudVerdict(
                _action,
                FraudCodes.RefundRateAbuse,
                FormattableString.Invariant($"{partner.RefundedConversions} of the partner's ")
                    + FormattableString.Invariant($"{FraudText.Count(partner.Conversions, "conversion")} in the last ")
                    + FormattableString.Invariant($"{FraudText.Duration(window)} were refunded ")
                    + FormattableString.Invariant(
                        $"({FraudText.Above(partner.RefundRate * 100m, _maxPercent)}%); the limit is "
                    )
                    + FormattableString.Invariant($"{FraudText.Number(_maxPercent)}%.")
            )
        );
    }
}
