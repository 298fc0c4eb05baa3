namespace Affiliate;

/// <summary>
/// A one-off reward when a partner reaches a milestone in a window: the first sale, the Nth sale, or a revenue
/// amount. It is paid on the conversion that reaches the milestone, once per window.
/// </summary>
/// <example><code>
/// new BonusRule { Id = "tenth-sale", Milestone = Milestone.NthConversion(10), Reward = Money.Of(50, "EUR") }
/// </code></example>
public sealed record BonusRule
{
    /// <summary>A stable id, shown in explanations.</summary>
    public required string Id { get; init; }

    /// <summary>A name for statements.</summary>
    public string? Name { get; init; }

    /// <summary>What has to be reached.</summary>
    public required Milestone Milestone { get; init; }

    /// <summary>The window the milestone is counted in; the partner's lifetime by default.</summary>
    public VolumeWindow Window { get; init; } = VolumeWindow.Lifetime;

    /// <summary>The amount paid.</summary>
    public required Money Reward { get; init; }

    /// <summary>Conditions on the conversion and partner.</summary>
    public RuleConditions When { get; init; } = RuleConditions.Always;

    /// <summary>The kinds of conversion that can reach the milestone; sales by default.</summary>
    public IReadOnlyList<ConversionKind> AppliesTo { get; init; } = [ConversionKind.Sale];
}

/// <summary>A milestone for a <see cref="BonusRule"/>.</summary>
public sealed record Milestone
{
    private Milestone(MilestoneKind kind, int count, decimal revenue)
    {
        Kind = kind;
        Count = count;
        Revenue = revenue;
    }

    /// <summary>The kind of milestone.</summary>
    public MilestoneKind Kind { get; }

    /// <summary>The ordinal for <see cref="MilestoneKind.NthConversion"/> (1 for the first conversion).</summary>
    public int Count { get; }

    /// <summary>The revenue to reach for <see cref="MilestoneKind.RevenueReached"/>, in the plan's currency.</summary>
    public decimal Revenue { get; }

    /// <summary>The partner's first conversion in the window.</summary>
    public static Milestone FirstConversion { get; } = new(MilestoneKind.NthConversion, 1, 0m);

    /// <summary>The partner's Nth conversion in the window.</summary>
    public static Milestone NthConversion(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        return new Milestone(MilestoneKind.NthConversion, n, 0m);
    }

    /// <summary>
    /// The conversion that brings the partner's revenue in the window to at least <paramref name="amount"/>.
    /// </summary>
    public static Milestone RevenueReached(decimal amount)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return new Milestone(MilestoneKind.RevenueReached, 0, amount);
    }

    /// <summary>
    /// Whether the conversion that brings the totals from <paramref name="before"/> by <paramref name="revenue"/>
    /// reaches the milestone.
    /// </summary>
    internal bool IsReachedBy(VolumeTotals before, decimal revenue) =>
        Kind switch
        {
            MilestoneKind.NthConversion => before.Count + 1 == Count,
            _ => before.Revenue < Revenue && before.Revenue + revenue >= Revenue,
        };

    /// <summary>Words for a partner.</summary>
    public string Describe() =>
        Kind switch
        {
            MilestoneKind.NthConversion when Count == 1 => "first conversion",
            MilestoneKind.NthConversion => $"conversion number {Count}",
            _ => $"revenue of {Revenue.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} reached",
        };
}

/// <summary>The kinds of <see cref="Milestone"/>.</summary>
public enum MilestoneKind
{
    /// <summary>The Nth conversion.</summary>
    NthConversion = 0,

    /// <summary>A revenue amount reached.</summary>
    RevenueReached = 1,
}
