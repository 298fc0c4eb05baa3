using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class PlanValidatorTests
{
    private static IReadOnlyList<string> Codes(CommissionPlan plan) =>
        PlanValidator.Validate(plan).Select(p => p.Code).ToArray();

    [Fact]
    public void A_sound_plan_has_no_problems()
    {
        var plan = Plan(
            Version(
                Percent(10),
                new CommissionRule
                {
                    Id = "books",
                    Rate = CommissionRate.Percent(5),
                    When = new() { Categories = ["books"] },
                }
            ) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                },
            }
        );

        Assert.Empty(PlanValidator.Validate(plan));
        PlanValidator.ThrowIfInvalid(plan);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var broken = Plan(
            Version(
                new CommissionRule { Id = "neg", Rate = CommissionRate.Percent(-5) },
                new CommissionRule { Id = "neg", Rate = CommissionRate.Flat(Money.Of(1, "USD")) },
                new CommissionRule { Id = "none" },
                new CommissionRule
                {
                    Id = "both",
                    Rate = CommissionRate.Percent(1),
                    Recurring = new() { Steps = [new(CommissionRate.Percent(1))] },
                },
                new CommissionRule
                {
                    Id = "tiers",
                    Tiers = new VolumeTiers
                    {
                        Window = VolumeWindow.Rolling(30),
                        AdjustAtPeriodClose = true,
                        Steps =
                        [
                            new(0, CommissionRate.Percent(10)),
                            new(10, CommissionRate.Percent(5)),
                            new(10, CommissionRate.Percent(20)),
                            new(12.5m, CommissionRate.Percent(20)),
                        ],
                    },
                },
                new CommissionRule
                {
                    Id = "steps",
                    Recurring = new()
                    {
                        Steps = [new(CommissionRate.Percent(1)), new(CommissionRate.Percent(1), For: 0)],
                    },
                },
                new CommissionRule
                {
                    Id = "nothing",
                    AppliesTo = [],
                    Rate = CommissionRate.Percent(1),
                }
            ) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels =
                    [
                        new(1, CommissionRate.Percent(1)),
                        new(3, CommissionRate.Percent(1)),
                        new(3, CommissionRate.Percent(1)),
                    ],
                    Cap = new MultiLevelCap(MaxPercentOfSale: 120m, MaxAmount: Money.Of(1, "USD")),
                },
            }
        );

        var codes = Codes(broken);

        Assert.Contains(PlanProblemCodes.NegativeRate, codes);
        Assert.Contains(PlanProblemCodes.DuplicateRuleId, codes);
        Assert.Contains(PlanProblemCodes.CurrencyMismatch, codes);
        Assert.Contains(PlanProblemCodes.RateMissing, codes);
        Assert.Contains(PlanProblemCodes.RateAmbiguous, codes);
        Assert.Contains(PlanProblemCodes.PeriodCloseNeedsCalendarWindow, codes);
        Assert.Contains(PlanProblemCodes.TierThresholdInvalid, codes);
        Assert.Contains(PlanProblemCodes.TierThresholdsNotIncreasing, codes);
        Assert.Contains(PlanProblemCodes.TierRateDecreases, codes);
        Assert.Contains(PlanProblemCodes.RecurringStepInvalid, codes);
        Assert.Contains(PlanProblemCodes.RecurringStepUnreachable, codes);
        Assert.Contains(PlanProblemCodes.AppliesToNothing, codes);
        Assert.Contains(PlanProblemCodes.LevelInvalid, codes);
        Assert.Contains(PlanProblemCodes.LevelWithoutRate, codes);
        Assert.Contains(PlanProblemCodes.CapInvalid, codes);

        var exception = Assert.Throws<InvalidPlanException>(() => PlanValidator.ThrowIfInvalid(broken));
        Assert.Equal(PlanValidator.Validate(broken).Count, exception.Problems.Count);
        Assert.Contains("versions[1].rules['tiers'].tiers[1]", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_versions_are_reported()
    {
        var first = Version(Percent(10)) with { EffectiveUntil = Instant.FromUtc(2021, 1, 1, 0, 0) };
        var second = Version(Percent(12)) with { Number = 2, EffectiveFrom = Instant.FromUtc(2020, 6, 1, 0, 0) };
        var sameStart = Version(Percent(12)) with { Number = 3, EffectiveFrom = Instant.FromUtc(2020, 6, 1, 0, 0) };

        var plan = Plan(first) with { Versions = [first, second, sameStart] };

        Assert.Equal(2, Codes(plan).Count(c => c == PlanProblemCodes.OverlappingVersions));
    }

    [Fact]
    public void A_version_that_ends_before_it_starts_and_duplicate_numbers_are_reported()
    {
        var first = Version(Percent(10)) with { EffectiveUntil = PlanStart };
        var again = Version(Percent(10)) with { EffectiveFrom = PlanStart + Duration.FromDays(10) };

        var codes = Codes(Plan(first) with { Versions = [first, again] });

        Assert.Contains(PlanProblemCodes.EmptyVersionPeriod, codes);
        Assert.Contains(PlanProblemCodes.DuplicateVersionNumber, codes);
    }

    [Fact]
    public void Totals_over_100_percent_are_refused_unless_allowed_or_capped()
    {
        var multiLevel = new MultiLevelPolicy
        {
            Levels = [new(2, CommissionRate.Percent(30)), new(3, CommissionRate.Percent(20))],
        };
        var over = Version(Percent(60)) with { MultiLevel = multiLevel };

        Assert.Contains(PlanProblemCodes.TotalOverHundredPercent, Codes(Plan(over)));
        Assert.Empty(Codes(Plan(over with { AllowTotalOverHundredPercent = true })));
        Assert.Empty(
            Codes(Plan(over with { MultiLevel = multiLevel with { Cap = new MultiLevelCap(MaxPercentOfSale: 100m) } }))
        );
        Assert.Empty(
            Codes(Plan(over with { MultiLevel = multiLevel with { Payment = UplinePayment.DeductedFromSeller } }))
        );
        Assert.Contains(
            PlanProblemCodes.TotalOverHundredPercent,
            Codes(
                Plan(
                    Version(Percent(80)) with
                    {
                        MultiLevel = multiLevel with { Basis = UplineBasis.SellerCommission },
                    }
                )
            )
        );
        Assert.Contains(PlanProblemCodes.RateOverHundredPercent, Codes(Plan(Percent(150))));
    }

    [Fact]
    public void Upline_shares_deducted_from_the_seller_cannot_exceed_the_sellers_commission()
    {
        var plan = Plan(
            Version(Percent(10)) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(60)), new(3, CommissionRate.Percent(50))],
                    Basis = UplineBasis.SellerCommission,
                    Payment = UplinePayment.DeductedFromSeller,
                },
            }
        );

        Assert.Contains(PlanProblemCodes.UplineOverSellerCommission, Codes(plan));
    }

    [Fact]
    public void An_empty_plan_says_what_to_add()
    {
        var problems = PlanValidator.Validate(Plan(Version()) with { Name = " " });

        Assert.Contains(problems, p => p.Code == PlanProblemCodes.NameRequired);
        Assert.Contains(problems, p =>
            p.Code == PlanProblemCodes.NoRules
            && p.Message.Contains("CommissionRate.Percent(10)", StringComparison.Ordinal)
        );
        Assert.Contains(PlanProblemCodes.NoVersions, Codes(Plan(Version()) with { Versions = [] }));
    }
}
