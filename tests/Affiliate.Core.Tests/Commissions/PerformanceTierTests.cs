namespace Affiliate.Tests.Commissions;

public sealed class PerformanceTierTests
{
    private static readonly PartnerTier Bronze = new("bronze");
    private static readonly PartnerTier Silver = new("silver");
    private static readonly PartnerTier Gold = new("gold");

    private static readonly PerformanceTierPolicy Policy = new()
    {
        Levels =
        [
            new PerformanceTierLevel { Tier = Bronze },
            new PerformanceTierLevel
            {
                Tier = Silver,
                PromoteWhen = new PerformanceCriteria { MinRevenue = 5_000m, MaxRefundRatePercent = 10m },
                KeepWhen = new PerformanceCriteria { MinRevenue = 3_000m },
            },
            new PerformanceTierLevel
            {
                Tier = Gold,
                PromoteWhen = new PerformanceCriteria
                {
                    MinRevenue = 20_000m,
                    MinConversionRatePercent = 2m,
                    MinAverageOrderValue = 80m,
                },
            },
        ],
    };

    [Fact]
    public void Results_that_meet_a_tiers_requirements_promote_to_it()
    {
        var decision = PerformanceTierEvaluator.Evaluate(
            Policy,
            Bronze,
            new PartnerPerformance(Clicks: 1000, Conversions: 60, Revenue: 6_000m, RefundedConversions: 3)
        );

        Assert.Equal((Silver, TierChange.Promoted), (decision.To, decision.Change));
    }

    [Fact]
    public void Promotion_skips_tiers_when_the_results_earn_a_higher_one()
    {
        var decision = PerformanceTierEvaluator.Evaluate(Policy, Bronze, new PartnerPerformance(1000, 200, 21_000m, 5));

        Assert.Equal((Gold, TierChange.Promoted), (decision.To, decision.Change));
    }

    [Fact]
    public void Keep_criteria_hold_a_partner_in_place_below_the_promotion_bar()
    {
        var decision = PerformanceTierEvaluator.Evaluate(Policy, Silver, new PartnerPerformance(1000, 40, 3_500m, 10));

        Assert.Equal((Silver, TierChange.Unchanged), (decision.To, decision.Change));
    }

    [Fact]
    public void Missing_the_keep_criteria_demotes_and_says_why()
    {
        var decision = PerformanceTierEvaluator.Evaluate(Policy, Gold, new PartnerPerformance(1000, 40, 3_500m, 1));

        Assert.Equal((Silver, TierChange.Demoted), (decision.To, decision.Change));
        Assert.Contains(decision.Reasons, r =>
            r.StartsWith("revenue 3500.00, below 20000.00", StringComparison.Ordinal)
        );

        var refunds = PerformanceTierEvaluator.Evaluate(Policy, Silver, new PartnerPerformance(100, 10, 2_000m, 5));
        Assert.Equal((Bronze, TierChange.Demoted), (refunds.To, refunds.Change));
    }

    [Fact]
    public void Derived_rates_handle_empty_periods()
    {
        var none = new PartnerPerformance(0, 0, 0m, 0);

        Assert.Equal((0m, 0m, 0m), (none.ConversionRatePercent, none.AverageOrderValue, none.RefundRatePercent));
        Assert.Equal(Bronze, PerformanceTierEvaluator.Evaluate(Policy, null, none).To);
    }
}
