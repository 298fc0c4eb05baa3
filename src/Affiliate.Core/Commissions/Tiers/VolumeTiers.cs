namespace Affiliate;

/// <summary>
/// A rate that depends on the partner's volume in a window: the number of conversions or the revenue. The
/// conversion's own position decides its tier: with tiers from 1, 10 and 21 the 10th sale of the month earns the
/// "from 10" rate, the 9th does not.
/// </summary>
/// <example><code>
/// new VolumeTiers
/// {
///     Measure = TierMeasure.Count,
///     Window = VolumeWindow.CalendarMonth,
///     Steps =
///     [
///         new(1, CommissionRate.Percent(20)),
///         new(101, CommissionRate.Percent(25)),
///         new(201, CommissionRate.Percent(30)),
///     ],
/// }
/// </code></example>
public sealed record VolumeTiers
{
    /// <summary>What is counted: conversions or revenue.</summary>
    public TierMeasure Measure { get; init; } = TierMeasure.Count;

    /// <summary>The window volume is counted over.</summary>
    public VolumeWindow Window { get; init; } = VolumeWindow.CalendarMonth;

    /// <summary>The tiers, lowest threshold first.</summary>
    public required IReadOnlyList<VolumeTier> Steps { get; init; }

    /// <summary>
    /// For revenue tiers: whether the conversion's own revenue counts toward the tier it is priced in.
    /// </summary>
    public RevenueTierCounting RevenueCounting { get; init; } = RevenueTierCounting.IncludingThisConversion;

    /// <summary>
    /// When true, the whole period is re-rated at the tier reached by its end and the difference paid as one
    /// adjustment line (see <see cref="PeriodCloseAdjustment"/>). Only for calendar-month windows.
    /// </summary>
    public bool AdjustAtPeriodClose { get; init; }

    /// <summary>
    /// The tier that holds a position (an ordinal for counts, a revenue amount for revenue): the last step whose
    /// threshold is at or below it. Null when the position is below the first threshold.
    /// </summary>
    public (VolumeTier Tier, int Index)? TierFor(decimal position)
    {
        (VolumeTier, int)? found = null;
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].From <= position)
            {
                found = (Steps[i], i);
            }
        }

        return found;
    }

    /// <summary>The position of a conversion given what came before it in its window.</summary>
    internal decimal PositionOf(VolumeTotals before, Money conversionRevenue) =>
        Measure switch
        {
            TierMeasure.Count => before.Count + 1,
            _ when RevenueCounting == RevenueTierCounting.IncludingThisConversion => before.Revenue
                + conversionRevenue.Amount,
            _ => before.Revenue,
        };
}

/// <summary>One step of a <see cref="VolumeTiers"/> schedule.</summary>
/// <param name="From">
/// The threshold from which the step applies: a conversion ordinal for count tiers (1, 10, 21...), an amount of revenue
/// in the plan's currency for revenue tiers (0, 1000, 5000...).
/// </param>
/// <param name="Rate">The rate paid in this step.</param>
/// <param name="Name">A name for statements ("Gold"); "from N" when null.</param>
public sealed record VolumeTier(decimal From, CommissionRate Rate, string? Name = null);

/// <summary>What volume tiers count.</summary>
public enum TierMeasure
{
    /// <summary>The number of conversions.</summary>
    Count = 0,

    /// <summary>Revenue (the sale basis) in the plan's currency.</summary>
    Revenue = 1,
}

/// <summary>Whether a conversion's own revenue counts toward its revenue tier.</summary>
public enum RevenueTierCounting
{
    /// <summary>The sale that crosses a threshold earns the higher rate (like the Nth sale for counts).</summary>
    IncludingThisConversion = 0,

    /// <summary>
    /// Only revenue before the sale counts: the sale after the one that crosses a threshold earns the higher rate.
    /// </summary>
    BeforeThisConversion = 1,
}
