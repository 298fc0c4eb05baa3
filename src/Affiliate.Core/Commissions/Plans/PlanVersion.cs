namespace Affiliate.Commissions;

/// <summary>
/// The rules of a plan from one instant on. A conversion is priced by the version in force when it occurred, so a
/// new version never changes what earlier conversions earned.
/// </summary>
public sealed record PlanVersion
{
    /// <summary>The version number, increasing with <see cref="EffectiveFrom"/>.</summary>
    public required int Number { get; init; }

    /// <summary>The first instant the version prices.</summary>
    public required Instant EffectiveFrom { get; init; }

    /// <summary>
    /// The first instant the version no longer prices, or null: then it lasts until the next version starts, or for
    /// ever if it is the last.
    /// </summary>
    public Instant? EffectiveUntil { get; init; }

    /// <summary>The commission rules.</summary>
    public IReadOnlyList<CommissionRule> Rules { get; init; } = [];

    /// <summary>Which rule wins when several match an item.</summary>
    public RulePrecedence Precedence { get; init; } = RulePrecedence.MostSpecific;

    /// <summary>What percentages of a sale are taken of.</summary>
    public SaleBasisOptions Basis { get; init; } = SaleBasisOptions.Default;

    /// <summary>Upline commissions, or null for a single-level plan.</summary>
    public MultiLevelPolicy? MultiLevel { get; init; }

    /// <summary>Milestone bonuses.</summary>
    public IReadOnlyList<BonusRule> Bonuses { get; init; } = [];

    /// <summary>Performance tiers (bronze, silver, gold...) partners are promoted and demoted between, or null.</summary>
    public PerformanceTierPolicy? PerformanceTiers { get; init; }

    /// <summary>How a line's amount is rounded to the minor unit; half away from zero by default.</summary>
    public MidpointRounding Rounding { get; init; } = MidpointRounding.AwayFromZero;

    /// <summary>Allow rates that together pay more than 100% of a sale (validation refuses them otherwise).</summary>
    public bool AllowTotalOverHundredPercent { get; init; }
}
