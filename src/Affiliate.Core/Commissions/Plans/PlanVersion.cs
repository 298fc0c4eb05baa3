namespace Affiliate;

/// <summary>
/// The rules of a plan from one instant on. A conversion is priced by the version in force when it occurred, so a
/// new version never changes what earlier conversions earned.
/// </summary>
public sealed record PlanVersion
{
    private PricingIndexSlot _pricingIndex;

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

    /// <summary>
    /// Performance tiers (bronze, silver, gold...) partners are promoted and demoted between, or null.
    /// </summary>
    public PerformanceTierPolicy? PerformanceTiers { get; init; }

    /// <summary>How a line's amount is rounded to the minor unit; half away from zero by default.</summary>
    public MidpointRounding Rounding { get; init; } = MidpointRounding.AwayFromZero;

    /// <summary>Allow rates that together pay more than 100% of a sale (validation refuses them otherwise).</summary>
    public bool AllowTotalOverHundredPercent { get; init; }

    /// <summary>What the pricing engine works out from this version once rather than on every call.</summary>
    internal PricingIndex PricingIndex => _pricingIndex.For(this);

    /// <summary>
    /// Holds the version's <see cref="PricingIndex"/>. It is derived data, not part of the version's value: the
    /// slot compares equal to any other, so the record's generated equality and hash code ignore it, and an index
    /// built for another version (the original of a copy made with <c>with</c>) is never used.
    /// </summary>
    private struct PricingIndexSlot : IEquatable<PricingIndexSlot>
    {
        private PricingIndex? _index;

        public static bool operator ==(PricingIndexSlot left, PricingIndexSlot right) => left.Equals(right);

        public static bool operator !=(PricingIndexSlot left, PricingIndexSlot right) => !left.Equals(right);

        public PricingIndex For(PlanVersion version)
        {
            // Two threads may both build it; the indexes are equal and either may stay.
            var index = Volatile.Read(ref _index);
            if (index is null || !ReferenceEquals(index.Version, version))
            {
                index = new PricingIndex(version);
                Volatile.Write(ref _index, index);
            }

            return index;
        }

        public readonly bool Equals(PricingIndexSlot other) => true;

        public override readonly bool Equals(object? obj) => obj is PricingIndexSlot;

        public override readonly int GetHashCode() => 0;
    }
}
