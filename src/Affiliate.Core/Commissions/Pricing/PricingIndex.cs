using System.Globalization;

namespace Affiliate;

/// <summary>
/// What pricing needs from a plan version beyond its properties, worked out once per version instead of on every
/// call: each rule's specificity and conversion kinds, tier names, the distinct volume windows, upline level rates
/// and names, bonus rates and notes. Reached through <see cref="PlanVersion.PricingIndex"/>, which builds it on first
/// use. A version is immutable, so the index stays true for it; it is thread-safe (only the month-start memo changes,
/// and it is swapped whole).
/// </summary>
internal sealed class PricingIndex
{
    private MonthStart? _lastMonth;

    public PricingIndex(PlanVersion version)
    {
        Version = version;
        var windows = new List<VolumeWindow>();

        Rules = new RuleEntry[version.Rules.Count];
        for (var i = 0; i < Rules.Length; i++)
        {
            var rule = version.Rules[i];
            var window = rule.Tiers is { } tiers ? WindowSlot(windows, tiers.Window) : -1;
            var kinds = KindsOf(rule.AppliesTo);
            Rules[i] = new RuleEntry(rule, kinds, rule.When.Specificity, window, TierNames(rule.Tiers));
        }

        Bonuses = new BonusEntry[version.Bonuses.Count];
        for (var i = 0; i < Bonuses.Length; i++)
        {
            var bonus = version.Bonuses[i];
            Bonuses[i] = new BonusEntry(
                bonus,
                KindsOf(bonus.AppliesTo),
                WindowSlot(windows, bonus.Window),
                bonus.Name ?? bonus.Id,
                CommissionRate.Flat(bonus.Reward),
                $"{bonus.Milestone.Describe()} in {bonus.Window.Describe()}"
            );
        }

        Windows = [.. windows];
        if (version.MultiLevel is { } policy)
        {
            Depth = policy.Depth;
            Levels = LevelsOf(policy.Levels);
        }
        else
        {
            Levels = [];
        }
    }

    /// <summary>The version the index was built for.</summary>
    public PlanVersion Version { get; }

    /// <summary>One entry per rule, in the version's order.</summary>
    public RuleEntry[] Rules { get; }

    /// <summary>One entry per bonus, in the version's order.</summary>
    public BonusEntry[] Bonuses { get; }

    /// <summary>
    /// The distinct windows tiers and bonuses count volume in: the tier rules' in rule order, then the bonuses', as
    /// <see cref="PricingEngine.VolumeWindowsFor"/> lists them.
    /// </summary>
    public VolumeWindow[] Windows { get; }

    /// <summary>The multi-level policy's <see cref="MultiLevelPolicy.Depth"/> (0 without a policy).</summary>
    public int Depth { get; }

    /// <summary>The upline levels, each level once as the first entry for it in the policy lists it.</summary>
    public LevelEntry[] Levels { get; }

    /// <summary>The level entry for an upline level, or null when the policy has none.</summary>
    public LevelEntry? LevelAt(int level)
    {
        foreach (var entry in Levels)
        {
            if (entry.Level == level)
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>
    /// Where the window counted toward a conversion at <paramref name="at"/> starts, as
    /// <see cref="VolumeWindow.StartFor"/> says, except that the start of a calendar month, which NodaTime works out
    /// with allocations, is remembered for the month and zone last asked about (nearly every call asks about the
    /// current month).
    /// </summary>
    public Instant? StartOf(VolumeWindow window, Instant at, DateTimeZone zone)
    {
        if (window.Kind != VolumeWindowKind.CalendarMonth)
        {
            return window.StartFor(at, zone);
        }

        ArgumentNullException.ThrowIfNull(zone);
        var date = at.InZone(zone).Date;
        var last = Volatile.Read(ref _lastMonth);
        if (last is not null && ReferenceEquals(last.Zone, zone) && last.Year == date.Year && last.Month == date.Month)
        {
            return last.Start;
        }

        var start = VolumeWindow.MonthContaining(at, zone).Start;
        Volatile.Write(ref _lastMonth, new MonthStart(zone, date.Year, date.Month, start));
        return start;
    }

    private static int WindowSlot(List<VolumeWindow> windows, VolumeWindow window)
    {
        var slot = windows.IndexOf(window);
        if (slot < 0)
        {
            windows.Add(window);
            slot = windows.Count - 1;
        }

        return slot;
    }

    private static ulong KindsOf(IReadOnlyList<ConversionKind> kinds)
    {
        var mask = 0UL;
        foreach (var kind in kinds)
        {
            if (kind is >= 0 and < (ConversionKind)RuleEntry.KindBits)
            {
                mask |= 1UL << (int)kind;
            }
        }

        return mask;
    }

    private static string[]? TierNames(VolumeTiers? tiers)
    {
        if (tiers?.Steps is not { } steps)
        {
            return null;
        }

        var names = new string[steps.Count];
        for (var i = 0; i < names.Length; i++)
        {
            // A missing step fails where the engine reaches it, as it did before the index existed.
            if (steps[i] is { } tier)
            {
                names[i] = tier.Name
                    ?? (
                        tiers.Measure == TierMeasure.Count
                            ? string.Create(CultureInfo.InvariantCulture, $"from {tier.From:0}")
                            : string.Create(CultureInfo.InvariantCulture, $"from {tier.From:0.00}")
                    );
            }
        }

        return names;
    }

    private static LevelEntry[] LevelsOf(IReadOnlyList<UplineLevel> levels)
    {
        var entries = new List<LevelEntry>(levels.Count);
        foreach (var level in levels)
        {
            if (!entries.Exists(e => e.Level == level.Level))
            {
                entries.Add(
                    new LevelEntry(
                        level.Level,
                        level.Rate,
                        string.Create(CultureInfo.InvariantCulture, $"level-{level.Level}"),
                        string.Create(CultureInfo.InvariantCulture, $"level {level.Level}")
                    )
                );
            }
        }

        return [.. entries];
    }

    /// <summary>The start of a calendar month in a zone.</summary>
    private sealed record MonthStart(DateTimeZone Zone, int Year, int Month, Instant Start);
}

/// <summary>A rule with what pricing derives from it.</summary>
/// <param name="Rule">The rule.</param>
/// <param name="Kinds">Bit k is set when the rule applies to conversion kind k (below <see cref="KindBits"/>).</param>
/// <param name="Specificity">The conditions' <see cref="RuleConditions.Specificity"/>.</param>
/// <param name="Window">The slot of the tier window in <see cref="PricingIndex.Windows"/>, or -1.</param>
/// <param name="TierNames">For a tier rule, each step's name or "from N".</param>
internal sealed record RuleEntry(CommissionRule Rule, ulong Kinds, int Specificity, int Window, string[]? TierNames)
{
    /// <summary>How many conversion kinds the mask holds; others are looked up in the rule.</summary>
    public const int KindBits = 64;

    /// <summary>Whether the rule prices a kind of conversion (<see cref="CommissionRule.AppliesTo"/>).</summary>
    public bool AppliesTo(ConversionKind kind) => AppliesTo(Kinds, Rule.AppliesTo, kind);

    internal static bool AppliesTo(ulong kinds, IReadOnlyList<ConversionKind> appliesTo, ConversionKind kind)
    {
        if (kind is >= 0 and < (ConversionKind)KindBits)
        {
            return (kinds & (1UL << (int)kind)) != 0;
        }

        for (var i = 0; i < appliesTo.Count; i++)
        {
            if (appliesTo[i] == kind)
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>A bonus with what pricing derives from it.</summary>
/// <param name="Bonus">The bonus.</param>
/// <param name="Kinds">As <see cref="RuleEntry.Kinds"/>.</param>
/// <param name="Window">The slot of the bonus window in <see cref="PricingIndex.Windows"/>.</param>
/// <param name="RuleName">The name explanations show.</param>
/// <param name="Rate">The reward as a flat rate.</param>
/// <param name="Note">The milestone in words.</param>
internal sealed record BonusEntry(
    BonusRule Bonus,
    ulong Kinds,
    int Window,
    string RuleName,
    CommissionRate Rate,
    string Note
)
{
    /// <summary>Whether the bonus counts a kind of conversion (<see cref="BonusRule.AppliesTo"/>).</summary>
    public bool AppliesTo(ConversionKind kind) => RuleEntry.AppliesTo(Kinds, Bonus.AppliesTo, kind);
}

/// <summary>An upline level.</summary>
/// <param name="Level">The level (2 for the seller's sponsor).</param>
/// <param name="Rate">Its rate (null only in a plan validation refuses).</param>
/// <param name="RuleId">"level-N", the rule id explanations show.</param>
/// <param name="RuleName">"level N".</param>
internal sealed record LevelEntry(int Level, CommissionRate? Rate, string RuleId, string RuleName);
