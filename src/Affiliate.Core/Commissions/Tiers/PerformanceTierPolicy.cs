using System.Globalization;

namespace Affiliate;

/// <summary>
/// Performance tiers (bronze, silver, gold...) that partners move between once per period by their results:
/// conversion rate, revenue, average order value and refund rate. Rules match the tier with
/// <see cref="RuleConditions.Tiers"/>. Evaluate with <see cref="PerformanceTierEvaluator"/>.
/// </summary>
public sealed record PerformanceTierPolicy
{
    /// <summary>The tiers, lowest first.</summary>
    public required IReadOnlyList<PerformanceTierLevel> Levels { get; init; }

    /// <summary>The period results are measured over; the calendar month by default.</summary>
    public VolumeWindow Period { get; init; } = VolumeWindow.CalendarMonth;
}

/// <summary>One tier of a <see cref="PerformanceTierPolicy"/>.</summary>
public sealed record PerformanceTierLevel
{
    /// <summary>The tier.</summary>
    public required PartnerTier Tier { get; init; }

    /// <summary>
    /// What a partner must achieve in a period to be promoted to the tier (nothing for the entry tier).
    /// </summary>
    public PerformanceCriteria PromoteWhen { get; init; } = PerformanceCriteria.None;

    /// <summary>
    /// What a partner in the tier must achieve to stay; by default the promotion criteria. Lower bars here keep
    /// partners from bouncing between tiers.
    /// </summary>
    public PerformanceCriteria? KeepWhen { get; init; }
}

/// <summary>Minimum results in a period; every one that is set must be met.</summary>
public sealed record PerformanceCriteria
{
    /// <summary>No requirement.</summary>
    public static PerformanceCriteria None { get; } = new();

    /// <summary>Least number of conversions.</summary>
    public int? MinConversions { get; init; }

    /// <summary>Least conversion rate, as a percentage of clicks.</summary>
    public decimal? MinConversionRatePercent { get; init; }

    /// <summary>Least revenue, in the plan's currency.</summary>
    public decimal? MinRevenue { get; init; }

    /// <summary>Least average order value, in the plan's currency.</summary>
    public decimal? MinAverageOrderValue { get; init; }

    /// <summary>Highest refund rate allowed, as a percentage of conversions.</summary>
    public decimal? MaxRefundRatePercent { get; init; }

    /// <summary>The requirements the results miss, in words; empty when all are met.</summary>
    public IReadOnlyList<string> Unmet(PartnerPerformance results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var unmet = new List<string>();
        if (MinConversions is { } conversions && results.Conversions < conversions)
        {
            unmet.Add(
                string.Create(CultureInfo.InvariantCulture, $"{results.Conversions} conversions, below {conversions}")
            );
        }

        if (MinConversionRatePercent is { } rate && results.ConversionRatePercent < rate)
        {
            unmet.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"conversion rate {results.ConversionRatePercent:0.##}%, below {rate:0.##}%"
                )
            );
        }

        if (MinRevenue is { } revenue && results.Revenue < revenue)
        {
            unmet.Add(
                string.Create(CultureInfo.InvariantCulture, $"revenue {results.Revenue:0.00}, below {revenue:0.00}")
            );
        }

        if (MinAverageOrderValue is { } aov && results.AverageOrderValue < aov)
        {
            unmet.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"average order value {results.AverageOrderValue:0.00}, below {aov:0.00}"
                )
            );
        }

        if (MaxRefundRatePercent is { } refunds && results.RefundRatePercent > refunds)
        {
            unmet.Add(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"refund rate {results.RefundRatePercent:0.##}%, above {refunds:0.##}%"
                )
            );
        }

        return unmet;
    }
}

/// <summary>A partner's results over one period.</summary>
/// <param name="Clicks">Clicks in the period.</param>
/// <param name="Conversions">Conversions in the period.</param>
/// <param name="Revenue">Revenue in the plan's currency.</param>
/// <param name="RefundedConversions">
/// Conversions of the period that were refunded; a fraction counts a partial refund (the <c>performance-tiers</c> job
/// passes the refunded share of revenue times the conversions, as the read side keeps refunded amounts, not counts).
/// </param>
public sealed record PartnerPerformance(int Clicks, int Conversions, decimal Revenue, decimal RefundedConversions)
{
    /// <summary>Conversions per 100 clicks (0 without clicks).</summary>
    public decimal ConversionRatePercent => Clicks == 0 ? 0m : 100m * Conversions / Clicks;

    /// <summary>Revenue per conversion (0 without conversions).</summary>
    public decimal AverageOrderValue => Conversions == 0 ? 0m : Revenue / Conversions;

    /// <summary>Refunded conversions per 100 conversions (0 without conversions).</summary>
    public decimal RefundRatePercent => Conversions == 0 ? 0m : 100m * RefundedConversions / Conversions;
}
