namespace Affiliate;

/// <summary>One thing wrong with a plan.</summary>
/// <param name="Code">A stable code from <see cref="PlanProblemCodes"/>.</param>
/// <param name="Path">Where: <c>versions[1].rules['books'].tiers[2]</c>.</param>
/// <param name="Message">What is wrong and what to change.</param>
public sealed record PlanProblem(string Code, string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message} ({Code})";
}

/// <summary>The stable codes of <see cref="PlanProblem"/>.</summary>
public static class PlanProblemCodes
{
    /// <summary>The plan has no name.</summary>
    public const string NameRequired = "name_required";

    /// <summary>The plan has no version.</summary>
    public const string NoVersions = "no_versions";

    /// <summary>Two versions have the same number.</summary>
    public const string DuplicateVersionNumber = "duplicate_version_number";

    /// <summary>Version numbers do not increase with their start.</summary>
    public const string VersionNumbersOutOfOrder = "version_numbers_out_of_order";

    /// <summary>Two versions are in force at the same instant.</summary>
    public const string OverlappingVersions = "overlapping_versions";

    /// <summary>A version ends before it starts.</summary>
    public const string EmptyVersionPeriod = "empty_version_period";

    /// <summary>A version has no rule and no bonus.</summary>
    public const string NoRules = "no_rules";

    /// <summary>Two rules or bonuses of a version share an id.</summary>
    public const string DuplicateRuleId = "duplicate_rule_id";

    /// <summary>A rule has no id.</summary>
    public const string RuleIdRequired = "rule_id_required";

    /// <summary>A rule has none of Rate, Tiers and Recurring.</summary>
    public const string RateMissing = "rate_missing";

    /// <summary>A rule has more than one of Rate, Tiers and Recurring.</summary>
    public const string RateAmbiguous = "rate_ambiguous";

    /// <summary>A rule applies to no conversion kind.</summary>
    public const string AppliesToNothing = "applies_to_nothing";

    /// <summary>A rate or amount is negative.</summary>
    public const string NegativeRate = "negative_rate";

    /// <summary>A single percentage is above 100%.</summary>
    public const string RateOverHundredPercent = "rate_over_100_percent";

    /// <summary>An amount is not in the plan's currency.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>A tier schedule has no steps.</summary>
    public const string TiersEmpty = "tiers_empty";

    /// <summary>A tier threshold is negative, or not a whole ordinal of at least 1 for counts.</summary>
    public const string TierThresholdInvalid = "tier_threshold_invalid";

    /// <summary>Tier thresholds do not strictly increase.</summary>
    public const string TierThresholdsNotIncreasing = "tier_thresholds_not_increasing";

    /// <summary>A higher tier pays less than a lower one of the same kind of rate.</summary>
    public const string TierRateDecreases = "tier_rate_decreases";

    /// <summary>A period-close adjustment is asked for on a window that is not a calendar month.</summary>
    public const string PeriodCloseNeedsCalendarWindow = "period_close_needs_calendar_window";

    /// <summary>A recurring schedule has no steps, or a step lasts less than one unit.</summary>
    public const string RecurringStepInvalid = "recurring_step_invalid";

    /// <summary>A recurring step follows a step that lasts for ever.</summary>
    public const string RecurringStepUnreachable = "recurring_step_unreachable";

    /// <summary>A multi-level policy has a level without a rate, a gap, or no levels.</summary>
    public const string LevelWithoutRate = "level_without_rate";

    /// <summary>A multi-level policy names level 1 or below, or a level twice.</summary>
    public const string LevelInvalid = "level_invalid";

    /// <summary>A cap is zero, negative or above 100%.</summary>
    public const string CapInvalid = "cap_invalid";

    /// <summary>Rates that can apply together pay more than 100% of a sale.</summary>
    public const string TotalOverHundredPercent = "total_over_100_percent";

    /// <summary>Upline shares deducted from the seller add up to more than the seller's commission.</summary>
    public const string UplineOverSellerCommission = "upline_over_seller_commission";

    /// <summary>A performance tier policy has no tiers, or a tier twice.</summary>
    public const string PerformanceTiersInvalid = "performance_tiers_invalid";
}
