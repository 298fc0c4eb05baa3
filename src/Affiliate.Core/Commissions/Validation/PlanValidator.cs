using System.Globalization;

namespace Affiliate;

/// <summary>
/// Checks a plan and reports every problem at once (overlapping versions, negative rates, levels without rates,
/// totals over 100%...), each with a stable code, a path and a message that says what to change.
/// </summary>
/// <example><code>
/// var problems = PlanValidator.Validate(plan);
/// if (problems.Count > 0) throw new InvalidPlanException(plan, problems);
/// // or simply: PlanValidator.ThrowIfInvalid(plan);
/// </code></example>
public static class PlanValidator
{
    /// <summary>Lists every problem of a plan; empty when the plan is valid.</summary>
    public static IReadOnlyList<PlanProblem> Validate(CommissionPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var problems = new List<PlanProblem>();
        void Add(string code, string path, string message) => problems.Add(new PlanProblem(code, path, message));

        if (string.IsNullOrWhiteSpace(plan.Name))
        {
            Add(PlanProblemCodes.NameRequired, "name", "Give the plan a name; partners see it in every explanation.");
        }

        if (plan.Versions.Count == 0)
        {
            Add(PlanProblemCodes.NoVersions, "versions", "A plan needs at least one version to price anything.");
        }

        foreach (var group in plan.Versions.GroupBy(v => v.Number).Where(g => g.Count() > 1))
        {
            Add(
                PlanProblemCodes.DuplicateVersionNumber,
                "versions",
                $"Version number {group.Key} is used {group.Count()} times; number versions uniquely."
            );
        }

        for (var i = 0; i < plan.Versions.Count; i++)
        {
            var version = plan.Versions[i];
            var path = Invariant($"versions[{version.Number}]");
            if (version.EffectiveUntil is { } until && until <= version.EffectiveFrom)
            {
                Add(
                    PlanProblemCodes.EmptyVersionPeriod,
                    path,
                    $"Version {version.Number} ends ({until}) at or before it starts ({version.EffectiveFrom})."
                );
            }

            if (i + 1 < plan.Versions.Count)
            {
                var next = plan.Versions[i + 1];
                if (
                    next.EffectiveFrom == version.EffectiveFrom
                    || version.EffectiveUntil is { } end && end > next.EffectiveFrom
                )
                {
                    Add(
                        PlanProblemCodes.OverlappingVersions,
                        path,
                        $"Versions {version.Number} and {next.Number} are both in force at {next.EffectiveFrom}; end "
                            + $"version {version.Number} at or before the start of version {next.Number}."
                    );
                }

                if (next.Number <= version.Number && next.Number != version.Number)
                {
                    Add(
                        PlanProblemCodes.VersionNumbersOutOfOrder,
                        path,
                        $"Version {next.Number} starts after version {version.Number}; number versions in the order "
                            + "they start."
                    );
                }
            }

            ValidateVersion(plan.Currency, version, path, Add);
        }

        return problems;
    }

    /// <summary>Throws <see cref="InvalidPlanException"/> listing every problem when the plan is not valid.</summary>
    public static void ThrowIfInvalid(CommissionPlan plan)
    {
        var problems = Validate(plan);
        if (problems.Count > 0)
        {
            throw new InvalidPlanException(plan, problems);
        }
    }

    private static void ValidateVersion(
        Currency currency,
        PlanVersion version,
        string path,
        Action<string, string, string> add
    )
    {
        if (version.Rules.Count == 0 && version.Bonuses.Count == 0)
        {
            add(
                PlanProblemCodes.NoRules,
                path,
                $"Version {version.Number} has no rule and no bonus, so it pays nothing; add a rule such as new "
                    + "CommissionRule { Id = \"default\", Rate = CommissionRate.Percent(10) }."
            );
        }

        var ids = version
            .Rules.Select(r => r.Id)
            .Concat(version.Bonuses.Select(b => b.Id))
            .Where(id => !string.IsNullOrWhiteSpace(id));
        foreach (var group in ids.GroupBy(id => id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            add(
                PlanProblemCodes.DuplicateRuleId,
                path,
                $"Rule id '{group.Key}' is used {group.Count()} times in version {version.Number}; explanations need "
                    + "unique ids."
            );
        }

        var allowOver = version.AllowTotalOverHundredPercent;
        foreach (var rule in version.Rules)
        {
            ValidateRule(currency, rule, Invariant($"{path}.rules['{rule.Id}']"), allowOver, add);
        }

        foreach (var bonus in version.Bonuses)
        {
            var bonusPath = Invariant($"{path}.bonuses['{bonus.Id}']");
            if (string.IsNullOrWhiteSpace(bonus.Id))
            {
                add(PlanProblemCodes.RuleIdRequired, bonusPath, "Give the bonus an id.");
            }

            ValidateRate(currency, CommissionRate.Flat(bonus.Reward), bonusPath + ".reward", allowOver, add);
        }

        if (version.MultiLevel is { } multiLevel)
        {
            ValidateMultiLevel(currency, multiLevel, path + ".multiLevel", allowOver, add);
        }

        ValidateTotal(version, path, add);

        if (version.PerformanceTiers is { } performance)
        {
            if (performance.Levels.Count == 0)
            {
                add(
                    PlanProblemCodes.PerformanceTiersInvalid,
                    path + ".performanceTiers",
                    "Performance tiers need at least one tier."
                );
            }

            foreach (var group in performance.Levels.GroupBy(l => l.Tier).Where(g => g.Count() > 1))
            {
                add(
                    PlanProblemCodes.PerformanceTiersInvalid,
                    path + ".performanceTiers",
                    $"Tier '{group.Key}' is listed {group.Count()} times."
                );
            }
        }
    }

    private static void ValidateRule(
        Currency currency,
        CommissionRule rule,
        string path,
        bool allowOver,
        Action<string, string, string> add
    )
    {
        if (string.IsNullOrWhiteSpace(rule.Id))
        {
            add(PlanProblemCodes.RuleIdRequired, path, "Give the rule an id; explanations name it.");
        }

        if (rule.AppliesTo.Count == 0)
        {
            add(
                PlanProblemCodes.AppliesToNothing,
                path,
                "The rule applies to no conversion kind; list at least one in AppliesTo."
            );
        }

        var sources = (rule.Rate is null ? 0 : 1) + (rule.Tiers is null ? 0 : 1) + (rule.Recurring is null ? 0 : 1);
        if (sources == 0)
        {
            add(
                PlanProblemCodes.RateMissing,
                path,
                "The rule does not say what it pays; set Rate, Tiers or Recurring."
            );
        }
        else if (sources > 1)
        {
            add(
                PlanProblemCodes.RateAmbiguous,
                path,
                "The rule sets more than one of Rate, Tiers and Recurring; keep one, or split it into several rules."
            );
        }

        if (rule.Rate is { } rate)
        {
            ValidateRate(currency, rate, path + ".rate", allowOver, add);
        }

        if (rule.Tiers is { } tiers)
        {
            ValidateTiers(currency, tiers, path + ".tiers", allowOver, add);
        }

        if (rule.Recurring is { } recurring)
        {
            ValidateRecurring(currency, recurring, path + ".recurring", allowOver, add);
        }
    }

    private static void ValidateTiers(
        Currency currency,
        VolumeTiers tiers,
        string path,
        bool allowOver,
        Action<string, string, string> add
    )
    {
        if (tiers.Steps.Count == 0)
        {
            add(PlanProblemCodes.TiersEmpty, path, "The tier schedule has no steps.");
        }

        if (tiers.AdjustAtPeriodClose && tiers.Window.Kind != VolumeWindowKind.CalendarMonth)
        {
            add(
                PlanProblemCodes.PeriodCloseNeedsCalendarWindow,
                path,
                "A period-close adjustment needs a period that closes; use VolumeWindow.CalendarMonth."
            );
        }

        for (var i = 0; i < tiers.Steps.Count; i++)
        {
            var step = tiers.Steps[i];
            var stepPath = Invariant($"{path}[{i}]");
            ValidateRate(currency, step.Rate, stepPath, allowOver, add);
            if (
                step.From < 0
                || tiers.Measure == TierMeasure.Count && (step.From < 1 || step.From != decimal.Floor(step.From))
            )
            {
                add(
                    PlanProblemCodes.TierThresholdInvalid,
                    stepPath,
                    tiers.Measure == TierMeasure.Count
                        ? Invariant(
                            $"A count tier starts at a conversion number (1, 10, 21...); {step.From} is not one."
                        )
                        : Invariant($"A revenue tier starts at zero or more; {step.From} is negative.")
                );
            }

            if (i == 0)
            {
                continue;
            }

            var previous = tiers.Steps[i - 1];
            if (step.From <= previous.From)
            {
                add(
                    PlanProblemCodes.TierThresholdsNotIncreasing,
                    stepPath,
                    Invariant(
                        $"Tier {i + 1} starts at {step.From}, not above tier {i} ({previous.From}); list tiers from "
                    ) + "the lowest threshold up."
                );
            }

            if (PaysLess(step.Rate, previous.Rate))
            {
                add(
                    PlanProblemCodes.TierRateDecreases,
                    stepPath,
                    $"Tier {i + 1} pays {step.Rate.Describe()}, less than tier {i} ({previous.Rate.Describe()}); a "
                        + "higher tier should never pay less."
                );
            }
        }
    }

    private static bool PaysLess(CommissionRate higher, CommissionRate lower) =>
        (higher, lower) switch
        {
            (PercentRate h, PercentRate l) => h.Value < l.Value,
            (FlatRate h, FlatRate l) => h.Amount.Amount < l.Amount.Amount,
            (FlatPerItemRate h, FlatPerItemRate l) => h.Amount.Amount < l.Amount.Amount,
            _ => false,
        };

    private static void ValidateRecurring(
        Currency currency,
        RecurringSchedule schedule,
        string path,
        bool allowOver,
        Action<string, string, string> add
    )
    {
        if (schedule.Steps.Count == 0)
        {
            add(PlanProblemCodes.RecurringStepInvalid, path, "The recurring schedule has no steps.");
        }

        for (var i = 0; i < schedule.Steps.Count; i++)
        {
            var step = schedule.Steps[i];
            var stepPath = Invariant($"{path}[{i}]");
            ValidateRate(currency, step.Rate, stepPath, allowOver, add);
            if (step.For is < 1)
            {
                add(
                    PlanProblemCodes.RecurringStepInvalid,
                    stepPath,
                    "A recurring step lasts at least one "
                        + Invariant($"{schedule.Unit.ToString().ToLowerInvariant().TrimEnd('s')}; this one lasts ")
                        + Invariant($"{step.For}.")
                );
            }

            if (step.For is null && i < schedule.Steps.Count - 1)
            {
                add(
                    PlanProblemCodes.RecurringStepUnreachable,
                    stepPath,
                    "This step lasts for ever, so the steps after it never apply; give it a length (For) or remove "
                        + "the later steps."
                );
            }
        }
    }

    private static void ValidateMultiLevel(
        Currency currency,
        MultiLevelPolicy policy,
        string path,
        bool allowOver,
        Action<string, string, string> add
    )
    {
        if (policy.Levels.Count == 0)
        {
            add(
                PlanProblemCodes.LevelWithoutRate,
                path,
                "The multi-level policy has no levels; add UplineLevel(2, rate) or remove MultiLevel."
            );
        }

        foreach (var level in policy.Levels)
        {
            var levelPath = Invariant($"{path}.levels[{level.Level}]");
            if (level.Level < 2)
            {
                add(
                    PlanProblemCodes.LevelInvalid,
                    levelPath,
                    "Upline levels start at 2 (the seller's sponsor); the seller, level 1, is paid by the "
                        + Invariant($"plan's rules. Level {level.Level} is not an upline level.")
                );
            }

            if (level.Rate is null)
            {
                add(PlanProblemCodes.LevelWithoutRate, levelPath, Invariant($"Level {level.Level} has no rate."));
            }
            else
            {
                ValidateRate(currency, level.Rate, levelPath, allowOver, add);
            }
        }

        foreach (var group in policy.Levels.GroupBy(l => l.Level).Where(g => g.Count() > 1))
        {
            add(
                PlanProblemCodes.LevelInvalid,
                Invariant($"{path}.levels[{group.Key}]"),
                Invariant($"Level {group.Key} is listed {group.Count()} times.")
            );
        }

        for (var level = 2; level < policy.Depth; level++)
        {
            if (policy.Levels.All(l => l.Level != level))
            {
                add(
                    PlanProblemCodes.LevelWithoutRate,
                    Invariant($"{path}.levels[{level}]"),
                    Invariant(
                        $"Level {level} has no rate although level {policy.Depth} has one; give every level up to "
                    ) + Invariant($"{policy.Depth} a rate (0% if it pays nothing).")
                );
            }
        }

        if (policy.Cap is { } cap)
        {
            if (cap.MaxPercentOfSale is { } percent && (percent <= 0 || percent > 100))
            {
                add(
                    PlanProblemCodes.CapInvalid,
                    path + ".cap",
                    Invariant($"A cap of {percent}% of the sale is not between 0 (exclusive) and 100.")
                );
            }

            if (cap.MaxAmount is { } amount)
            {
                if (amount.Currency != currency)
                {
                    add(
                        PlanProblemCodes.CurrencyMismatch,
                        path + ".cap",
                        $"The cap is in {amount.Currency} but the plan is in {currency}."
                    );
                }
                else if (!amount.IsPositive)
                {
                    add(
                        PlanProblemCodes.CapInvalid,
                        path + ".cap",
                        $"A cap of {amount} pays nothing; give a positive amount."
                    );
                }
            }
        }
    }

    private static void ValidateRate(
        Currency currency,
        CommissionRate rate,
        string path,
        bool allowOver,
        Action<string, string, string> add
    )
    {
        switch (rate)
        {
            case PercentRate percent when percent.Value < 0:
                add(
                    PlanProblemCodes.NegativeRate,
                    path,
                    $"The rate {percent.Describe()} is negative; commissions are never negative (refunds reverse them)."
                );
                break;
            case PercentRate percent when percent.Value > 100 && !allowOver:
                add(
                    PlanProblemCodes.RateOverHundredPercent,
                    path,
                    $"The rate {percent.Describe()} pays more than the sale; lower it or set "
                        + "AllowTotalOverHundredPercent on the version."
                );
                break;
            case FlatRate { Amount: var amount }:
                ValidateAmount(currency, amount, path, add);
                break;
            case FlatPerItemRate { Amount: var amount }:
                ValidateAmount(currency, amount, path, add);
                break;
        }
    }

    private static void ValidateAmount(Currency currency, Money amount, string path, Action<string, string, string> add)
    {
        if (amount.Currency != currency)
        {
            add(
                PlanProblemCodes.CurrencyMismatch,
                path,
                $"The amount {amount} is not in the plan's currency {currency}."
            );
        }
        else if (amount.IsNegative)
        {
            add(
                PlanProblemCodes.NegativeRate,
                path,
                $"The amount {amount} is negative; commissions are never negative (refunds reverse them)."
            );
        }
    }

    /// <summary>
    /// The most a sale can pay as a percentage: the seller's highest percentage plus what the upline adds on top,
    /// unless a cap of 100% or less bounds it.
    /// </summary>
    private static void ValidateTotal(PlanVersion version, string path, Action<string, string, string> add)
    {
        var sellerMax = version.Rules.SelectMany(PercentagesOf).DefaultIfEmpty(0m).Max();
        var upline = version.MultiLevel;
        var uplineSum = upline?.Levels.Where(l => l.Rate is PercentRate).Sum(l => ((PercentRate)l.Rate).Value) ?? 0m;

        if (
            upline is { Payment: UplinePayment.DeductedFromSeller, Basis: UplineBasis.SellerCommission }
            && uplineSum > 100
        )
        {
            add(
                PlanProblemCodes.UplineOverSellerCommission,
                path + ".multiLevel",
                Invariant($"The upline levels take {uplineSum}% of the seller's commission, more than all of it.")
            );
        }

        if (version.AllowTotalOverHundredPercent || upline?.Cap?.MaxPercentOfSale is <= 100)
        {
            return;
        }

        var total = upline switch
        {
            null or { Payment: UplinePayment.DeductedFromSeller } => sellerMax,
            { Basis: UplineBasis.Sale } => sellerMax + uplineSum,
            _ => sellerMax * (1 + uplineSum / 100m),
        };

        if (total > 100)
        {
            add(
                PlanProblemCodes.TotalOverHundredPercent,
                path,
                Invariant($"Together the rates can pay {total}% of a sale; lower them, add a multi-level cap, or set ")
                    + "AllowTotalOverHundredPercent."
            );
        }
    }

    private static IEnumerable<decimal> PercentagesOf(CommissionRule rule)
    {
        var rates = new List<CommissionRate>();
        if (rule.Rate is not null)
        {
            rates.Add(rule.Rate);
        }

        rates.AddRange(rule.Tiers?.Steps.Select(s => s.Rate) ?? []);
        rates.AddRange(rule.Recurring?.Steps.Select(s => s.Rate) ?? []);
        return rates.OfType<PercentRate>().Select(r => r.Value);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
