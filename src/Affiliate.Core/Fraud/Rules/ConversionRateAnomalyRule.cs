namespace Affiliate;

/// <summary>
/// Flags a conversion when the partner's conversion rate is above the allowed multiple of the program's, once the
/// partner has enough clicks and the program has a rate to compare with.
/// </summary>
internal sealed class ConversionRateAnomalyRule(ConversionRateAnomalyOptions options, Duration window)
    : IConversionFraudRule
{
    private readonly FraudAction _action = options.Action;
    private readonly decimal _maxMultiple = options.MaxMultipleOfBaseline;
    private readonly int _minimumClicks = options.MinimumClicks;

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken)
    {
        var partner = context.PartnerActivity;
        var baseline = context.ProgramBaseline;
        if (partner.Clicks < _minimumClicks || partner.Clicks == 0 || baseline.Clicks == 0 || baseline.Conversions == 0)
        {
            return ValueTask.FromResult(FraudVerdict.Allow);
        }

        // partner rate > multiple * baseline rate, cross-multiplied so that no division rounds at the boundary.
        var partnerSide = (decimal)partner.Conversions * baseline.Clicks;
        var limitSide = _maxMultiple * baseline.Conversions * partner.Clicks;
        if (partnerSide <= limitSide)
        {
            return ValueTask.FromResult(FraudVerdict.Allow);
        }

        var multiple = partner.ConversionRate / baseline.ConversionRate;
        return ValueTask.FromResult(
            new FraudVerdict(
                _action,
                FraudCodes.ConversionRateAnomaly,
                FormattableString.Invariant(
                    $"The partner's conversion rate is {FraudText.Percent(partner.ConversionRate)} "
                )
                    + FormattableString.Invariant(
                        $"({FraudText.Count(partner.ClickedConversions ?? partner.Conversions, "conversion")} from "
                    )
                    + FormattableString.Invariant(
                        $"{FraudText.Count(partner.Clicks, "click")}) in the last {FraudText.Duration(window)}, "
                    )
                    + FormattableString.Invariant($"{FraudText.Above(multiple, _maxMultiple)} times the program's ")
                    + FormattableString.Invariant($"{FraudText.Percent(baseline.ConversionRate)}; the limit is ")
                    + FormattableString.Invariant($"{FraudText.Number(_maxMultiple)} times.")
            )
        );
    }
}
