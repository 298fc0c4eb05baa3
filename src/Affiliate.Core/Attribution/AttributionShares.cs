using System.Globalization;

namespace Affiliate;

/// <summary>
/// Scales each credited partner's priced lines by their attribution share. The total is rounded once and split
/// with the allocator, so shares add up to the cent (10.00 shared linearly by three is 3.34, 3.33, 3.33); each line's
/// explanation gains an adjustment that says which share it got. Every line of a credited partner is scaled,
/// bonuses and upline lines included: a milestone reached by a shared conversion pays in the same shares.
/// </summary>
internal static class AttributionShares
{
    public static IReadOnlyList<PricedLine> Apply(
        IReadOnlyList<(AttributionShare Share, PricedLine Line)> lines,
        AttributionResult attribution,
        AttributionModel model,
        MidpointRounding rounding
    )
    {
        if (attribution.Shares.Count <= 1 || lines.Count == 0)
        {
            return lines.Select(l => l.Line).ToArray();
        }

        var currency = lines[0].Line.Amount.Currency;
        var exact = lines.Select(l => l.Line.Amount.Amount * l.Share.Fraction).ToArray();
        var total = new Money(exact.Sum(), currency).Round(rounding);
        if (total.IsZero)
        {
            return [];
        }

        var parts = total.Allocate(exact);
        var scaled = new List<PricedLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var (share, line) = lines[i];
            var adjustment = new ExplanationAdjustment(
                "attribution_share",
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"share of {share.Fraction * 100m:0.##}% under {model} attribution"
                ),
                parts[i] - line.Amount
            );
            if (parts[i].IsZero)
            {
                continue; // a share too small to earn a cent
            }

            scaled.Add(
                line with
                {
                    Explanation = line.Explanation with { Adjustments = [.. line.Explanation.Adjustments, adjustment] },
                }
            );
        }

        return scaled;
    }
}
