using System.Globalization;

namespace Affiliate;

/// <summary>
/// Re-rates a closed period for a volume-tier rule that has <see cref="VolumeTiers.AdjustAtPeriodClose"/>: every
/// conversion of the period is priced again at the tier the partner reached by the end of the period, and the
/// difference to what was already earned is paid as one adjustment line. A re-rating never takes money back.
/// </summary>
/// <example><code>
/// // 25 sales in March earned 10% each; the 21+ tier pays 15%, so the adjustment pays 5% of March's revenue.
/// var line = PeriodCloseAdjustment.Calculate(
///     new PeriodCloseRequest { Plan = plan, RuleId = "volume", PartnerId = id, Conversions = march });
/// </code></example>
public static class PeriodCloseAdjustment
{
    /// <summary>The adjustment line, or null when the period owes nothing more.</summary>
    /// <exception cref="ArgumentException">The conversions span more than one calendar month, or the rule is not a tier
    /// rule that adjusts at period close.</exception>
    public static PricedLine? Calculate(PeriodCloseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var conversions = request.Conversions;
        if (conversions.Count == 0)
        {
            return null;
        }

        var plan = request.Plan;
        var last = conversions.MaxBy(c => c.OccurredAt)!;
        var month = VolumeWindow.MonthContaining(last.OccurredAt, request.TimeZone);
        if (conversions.Any(c => c.OccurredAt < month.Start || c.OccurredAt >= month.End))
        {
            throw new ArgumentException(
                "A period-close adjustment covers one calendar month in the program's time zone; these conversions "
                    + "span more than one.",
                nameof(request)
            );
        }

        var version = plan.VersionAt(last.OccurredAt)
            ?? throw new ArgumentException(
                $"Plan '{plan.Name}' has no version in force at {last.OccurredAt}.",
                nameof(request)
            );
        var tiers = version.Rules.FirstOrDefault(r => r.Id == request.RuleId)?.Tiers;
        if (tiers is not { AdjustAtPeriodClose: true })
        {
            throw new ArgumentException(
                $"Rule '{request.RuleId}' of plan '{plan.Name}' version {version.Number} is not a tier rule with "
                    + "AdjustAtPeriodClose.",
                nameof(request)
            );
        }

        var currency = plan.Currency;
        var revenue = Money.Sum(conversions.Select(c => c.Basis), currency);
        var position = tiers.Measure == TierMeasure.Count ? conversions.Count : revenue.Amount;
        if (tiers.TierFor(position) is not var (tier, index))
        {
            return null;
        }

        var quantity = conversions.Sum(c => c.Quantity);
        var due = Money.Sum(conversions.Select(c => tier.Rate.Apply(c.Basis, c.Quantity)), currency);
        var earned = Money.Sum(conversions.Select(c => c.Earned), currency);
        var name = tier.Name ?? string.Create(CultureInfo.InvariantCulture, $"from {tier.From:0.##}");
        var explanation = new CommissionExplanation
        {
            PlanId = plan.Id,
            PlanName = plan.Name,
            PlanVersion = version.Number,
            ConversionId = last.Id,
            ConversionKind = ConversionKind.Sale,
            LineKind = CommissionLineKind.PeriodAdjustment,
            Level = 1,
            SellerId = request.PartnerId,
            Currency = currency,
            Rounding = version.Rounding,
            Parts =
            [
                new ExplanationPart
                {
                    RuleId = request.RuleId,
                    RuleName = version.Rules.First(r => r.Id == request.RuleId).DisplayName,
                    BasisKind = BasisKind.PeriodTotal,
                    Basis = revenue,
                    Quantity = quantity,
                    Rate = tier.Rate,
                    Tier = new TierExplanation(index, name, tiers.Measure, position, tiers.Window),
                    Amount = due,
                },
            ],
            Adjustments =
            [
                new ExplanationAdjustment(
                    "already_earned",
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"already earned on the period's {conversions.Count} conversions"
                    ),
                    earned.Negate()
                ),
            ],
        };

        return explanation.Amount.IsPositive
            ? new PricedLine(request.PartnerId, CommissionLineKind.PeriodAdjustment, 1, explanation)
            : null;
    }
}

/// <summary>What a period-close adjustment needs.</summary>
public sealed record PeriodCloseRequest
{
    /// <summary>The plan.</summary>
    public required CommissionPlan Plan { get; init; }

    /// <summary>The tier rule to re-rate.</summary>
    public required string RuleId { get; init; }

    /// <summary>The partner.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>The partner's conversions of one calendar month priced by the rule.</summary>
    public required IReadOnlyList<PeriodConversion> Conversions { get; init; }

    /// <summary>The program's time zone.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;
}

/// <summary>A conversion of the period being closed.</summary>
/// <param name="Id">The conversion.</param>
/// <param name="OccurredAt">When it occurred.</param>
/// <param name="Basis">Its sale basis.</param>
/// <param name="Quantity">Its units (for per-item rates).</param>
/// <param name="Earned">What the rule already paid on it (net of reversals).</param>
public sealed record PeriodConversion(ConversionId Id, Instant OccurredAt, Money Basis, int Quantity, Money Earned);
