using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Scenarios;

/// <summary>S1 and S2 of SCENARIOS.md.</summary>
public sealed class MultiLevelScenarios
{
    private static readonly Partner A = Partner("A");
    private static readonly Partner B = Partner("B", A.Id);
    private static readonly Partner C = Partner("C", B.Id);
    private static readonly Partner D = Partner("D", C.Id);

    private static CommissionPlan TapfiliatePlan() =>
        Plan(
            Version(Percent(10)) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                    Basis = UplineBasis.Sale,
                },
            }
        );

    [Fact]
    public void S1_a_sale_by_C_pays_C_B_and_A_on_the_sale()
    {
        var earned = Earnings(Price(TapfiliatePlan(), Sale(100m), C, uplines: [B, A]));

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["C"] = 10.00m,
                ["B"] = 2.00m,
                ["A"] = 1.00m,
            },
            earned
        );
    }

    [Fact]
    public void S1_a_sale_by_D_pays_three_levels_and_nothing_to_A_at_level_four()
    {
        var result = Price(TapfiliatePlan(), Sale(100m), D, uplines: [C, B, A]);

        var earned = Earnings(result);
        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["D"] = 10.00m,
                ["C"] = 2.00m,
                ["B"] = 1.00m,
            },
            earned
        );
        Assert.DoesNotContain(result.Lines, l => l.PartnerId == A.Id);
        Assert.Equal([1, 2, 3], result.Lines.Select(l => l.Level));
    }

    private static CommissionPlan CommissionOnCommissionPlan() =>
        Plan(
            Version(
                new CommissionRule
                {
                    Id = "seller",
                    Tiers = new VolumeTiers
                    {
                        Measure = TierMeasure.Count,
                        Window = VolumeWindow.Lifetime,
                        Steps = [new(1, CommissionRate.Percent(10)), new(21, CommissionRate.Percent(15))],
                    },
                }
            ) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(20)), new(3, CommissionRate.Percent(15))],
                    Basis = UplineBasis.SellerCommission,
                },
            }
        );

    [Fact]
    public void S2_upline_rates_on_the_sellers_commission()
    {
        var earned = Earnings(Price(CommissionOnCommissionPlan(), Sale(100m), C, uplines: [B, A]));

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["C"] = 10.00m,
                ["B"] = 2.00m,
                ["A"] = 1.50m,
            },
            earned
        );
    }

    [Fact]
    public void S2_the_sellers_21st_conversion_raises_the_seller_and_the_upline()
    {
        var sale = Sale(100m);
        var twentyBefore = History(20, 100m, sale.OccurredAt);

        var earned = Earnings(Price(CommissionOnCommissionPlan(), sale, C, twentyBefore, uplines: [B, A]));

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["C"] = 15.00m,
                ["B"] = 3.00m,
                ["A"] = 2.25m,
            },
            earned
        );
    }

    [Fact]
    public void S2_the_20th_conversion_still_earns_the_first_rate()
    {
        var sale = Sale(100m);

        var earned = Earnings(
            Price(CommissionOnCommissionPlan(), sale, C, History(19, 100m, sale.OccurredAt), uplines: [B, A])
        );

        Assert.Equal(10.00m, earned["C"]);
        Assert.Equal(2.00m, earned["B"]);
    }
}
