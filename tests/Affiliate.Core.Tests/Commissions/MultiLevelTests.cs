using Affiliate.Tests.Support;
using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class MultiLevelTests
{
    private static readonly Partner Top = Partner("top");
    private static readonly Partner Middle = Partner("middle", Top.Id);
    private static readonly Partner Sponsor = Partner("sponsor", Middle.Id);
    private static readonly Partner Seller = Partner("seller", Sponsor.Id);

    private static CommissionPlan Plan(MultiLevelPolicy policy, decimal sellerPercent = 10m) =>
        TestPlans.Plan(Version(Percent(sellerPercent)) with { MultiLevel = policy });

    private static MultiLevelPolicy ThreeLevels =>
        new()
        {
            Levels =
            [
                new(2, CommissionRate.Percent(3)),
                new(3, CommissionRate.Percent(2)),
                new(4, CommissionRate.Percent(1)),
            ],
        };

    [Fact]
    public void Compression_skips_an_inactive_upline_and_moves_the_next_one_down()
    {
        var suspended = Sponsor with { Status = PartnerStatus.Suspended };

        var result = Price(Plan(ThreeLevels), Sale(100m), Seller, uplines: [suspended, Middle, Top]);

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["seller"] = 10m,
                ["middle"] = 3m,
                ["top"] = 2m,
            },
            Earnings(result)
        );
        Assert.Empty(result.Forfeited);
    }

    [Fact]
    public void Forfeit_leaves_the_inactive_level_unpaid_and_keeps_the_others_in_place()
    {
        var suspended = Sponsor with { Status = PartnerStatus.Suspended };

        var result = Price(
            Plan(ThreeLevels with { InactiveUplines = InactiveUplines.Forfeit }),
            Sale(100m),
            Seller,
            uplines: [suspended, Middle, Top]
        );

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["seller"] = 10m,
                ["middle"] = 2m,
                ["top"] = 1m,
            },
            Earnings(result)
        );
        var forfeited = Assert.Single(result.Forfeited);
        Assert.Equal((2, suspended.Id, 3m), (forfeited.Level, forfeited.PartnerId, forfeited.Amount.Amount));
    }

    [Fact]
    public void Deducted_upline_shares_come_out_of_the_sellers_commission()
    {
        var policy = ThreeLevels with { Payment = UplinePayment.DeductedFromSeller };

        var result = Price(Plan(policy), Sale(100m), Seller, uplines: [Sponsor, Middle, Top]);

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["seller"] = 4m,
                ["sponsor"] = 3m,
                ["middle"] = 2m,
                ["top"] = 1m,
            },
            Earnings(result)
        );
        Assert.Contains(
            "Less 3.00 EUR: paid to level 2 upline sponsor",
            result.Lines[0].Explanation.ToSentence(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Deducted_shares_never_take_the_seller_below_zero()
    {
        var policy = ThreeLevels with { Payment = UplinePayment.DeductedFromSeller };

        var result = Price(Plan(policy, sellerPercent: 4m), Sale(100m), Seller, uplines: [Sponsor, Middle, Top]);

        // The seller's 4.00 covers level 2 (3.00) and 1.00 of level 3; level 4 gets nothing.
        Assert.Equal(new Dictionary<string, decimal> { ["sponsor"] = 3m, ["middle"] = 1m }, Earnings(result));
    }

    [Fact]
    public void A_cap_takes_from_the_highest_level_first()
    {
        var policy = ThreeLevels with { Cap = new MultiLevelCap(MaxPercentOfSale: 14m) };

        var result = Price(Plan(policy), Sale(100m), Seller, uplines: [Sponsor, Middle, Top]);

        Assert.Equal(
            new Dictionary<string, decimal>
            {
                ["seller"] = 10m,
                ["sponsor"] = 3m,
                ["middle"] = 1m,
            },
            Earnings(result)
        );
        Assert.Contains(
            "the cap of 14.00 EUR per conversion",
            result.Lines[2].Explanation.ToSentence(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void The_lower_of_an_amount_cap_and_a_percentage_cap_applies_and_can_reach_the_seller()
    {
        var policy = ThreeLevels with { Cap = new MultiLevelCap(MaxPercentOfSale: 50m, MaxAmount: Eur(8m)) };

        var result = Price(Plan(policy), Sale(100m), Seller, uplines: [Sponsor, Middle, Top]);

        Assert.Equal(new Dictionary<string, decimal> { ["seller"] = 8m }, Earnings(result));
    }

    [Fact]
    public void Uplines_beyond_the_last_level_and_without_sponsors_earn_nothing()
    {
        var twoLevels = new MultiLevelPolicy { Levels = [new(2, CommissionRate.Percent(5))] };

        Assert.Equal(
            new Dictionary<string, decimal> { ["seller"] = 10m, ["sponsor"] = 5m },
            Earnings(Price(Plan(twoLevels), Sale(100m), Seller, uplines: [Sponsor, Middle, Top]))
        );
        Assert.Equal(
            new Dictionary<string, decimal> { ["top"] = 10m },
            Earnings(Price(Plan(twoLevels), Sale(100m), Top))
        );
    }

    [Fact]
    public void A_sponsor_chain_that_loops_is_refused()
    {
        var result = Price(Plan(ThreeLevels), Sale(100m), Seller, uplines: [Sponsor, Seller]);

        Assert.False(result.Succeeded);
        Assert.Equal(PricingErrorCodes.SponsorCycle, result.Error!.Code);
    }

    [Fact]
    public void Upline_explanations_name_the_level_the_seller_and_the_basis()
    {
        var onCommission = ThreeLevels with
        {
            Basis = UplineBasis.SellerCommission,
            Levels = [new(2, CommissionRate.Percent(20))],
        };

        var line = Price(Plan(onCommission), Sale(100m, id: "order-7"), Seller, uplines: [Sponsor]).Lines[1];

        Assert.Equal(
            "2.00 EUR as level 2 upline of partner seller for sale order-7 under plan 'Test plan' version 1: 20% of "
                + "10.00 EUR (the seller's commission) = 2.00 EUR, rule 'level 2'.",
            line.Explanation.ToSentence()
        );
    }
}
