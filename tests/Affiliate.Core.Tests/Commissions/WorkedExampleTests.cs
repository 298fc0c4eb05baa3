using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

/// <summary>Further worked examples of the kinds other platforms document, beyond SCENARIOS.md.</summary>
public sealed class WorkedExampleTests
{
    private static readonly Partner Seller = Partner("seller");

    [Theory]
    [InlineData(1_005, 10, 101)] // 100.5 yen rounds half away from zero
    [InlineData(1_004, 10, 100)]
    [InlineData(999, 33.3, 333)] // 332.667
    public void Yen_commissions_round_to_whole_yen(int sale, double percent, int expected)
    {
        var plan = Plan(Version(Percent((decimal)percent)), currency: "JPY");

        var line = Price(plan, Sale(sale, currency: "JPY"), Seller).Lines.Single();

        Assert.Equal(Money.Of(expected, "JPY"), line.Amount);
        Assert.StartsWith($"{expected} JPY for sale", line.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Three_decimal_currencies_keep_their_fils()
    {
        var plan = Plan(
            Version(Percent(7.5m)) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(12.5m))],
                    Basis = UplineBasis.SellerCommission,
                },
            },
            currency: "BHD"
        );

        var result = Price(plan, Sale(10.007m, currency: "BHD"), Seller, uplines: [Partner("sponsor")]);

        // 7.5% of 10.007 = 0.750525 -> 0.751; 12.5% of 0.751 = 0.093875 -> 0.094.
        Assert.Equal([0.751m, 0.094m], result.Lines.Select(l => l.Amount.Amount));
    }

    [Fact]
    public void Monthly_count_tiers_with_many_steps_pick_the_step_that_holds_the_ordinal()
    {
        var steps = new (int From, decimal Percent)[]
        {
            (1, 5m),
            (6, 6m),
            (11, 7m),
            (26, 8m),
            (51, 9m),
            (101, 10m),
            (251, 12m),
            (501, 15m),
        };
        var plan = Plan(
            new CommissionRule
            {
                Id = "ladder",
                Tiers = new VolumeTiers
                {
                    Window = VolumeWindow.CalendarMonth,
                    Steps = steps.Select(s => new VolumeTier(s.From, CommissionRate.Percent(s.Percent))).ToArray(),
                },
            }
        );
        var at = Instant.FromUtc(2026, 5, 31, 23, 0);

        foreach (
            var (ordinal, expected) in new[]
            {
                (1, 5m),
                (5, 5m),
                (6, 6m),
                (25, 7m),
                (26, 8m),
                (100, 9m),
                (101, 10m),
                (250, 10m),
                (251, 12m),
                (500, 12m),
                (501, 15m),
                (2_000, 15m),
            }
        )
        {
            var result = Price(plan, Sale(100m, at), Seller, History(ordinal - 1, 100m, at));
            Assert.Equal(expected, result.TotalFor(Seller.Id, Currency.EUR).Amount);
        }

        // The same partner's first sale of June starts the ladder again.
        var june = Price(plan, Sale(100m, Instant.FromUtc(2026, 6, 1, 0, 0)), Seller, History(600, 100m, at));
        Assert.Equal(5m, june.TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void Rolling_window_tiers_count_only_the_last_n_days()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "rolling",
                Tiers = new VolumeTiers
                {
                    Window = VolumeWindow.Rolling(30),
                    Steps = [new(1, CommissionRate.Percent(5)), new(3, CommissionRate.Percent(10))],
                },
            }
        );
        var at = Instant.FromUtc(2026, 6, 30, 12, 0);
        var history = new PartnerHistory([
            (at - Duration.FromDays(31), 100m),
            (at - Duration.FromDays(29), 100m),
            (at - Duration.FromDays(1), 100m),
        ]);

        Assert.Equal(10m, Price(plan, Sale(100m, at), Seller, history).TotalFor(Seller.Id, Currency.EUR).Amount);
        var oneInWindow = new PartnerHistory([
            (at - Duration.FromDays(31), 100m),
            (at - Duration.FromDays(30) - Duration.Epsilon, 100m),
            (at - Duration.FromDays(1), 100m),
        ]);
        Assert.Equal(5m, Price(plan, Sale(100m, at), Seller, oneInWindow).TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void Conditional_rates_with_highest_wins_pay_the_best_matching_rate()
    {
        var influencer = Seller with { Segment = PartnerSegment.Influencer };
        var plan = Plan(
            Version(
                Percent(8, "standard"),
                new CommissionRule
                {
                    Id = "us",
                    Rate = CommissionRate.Percent(12),
                    When = new() { Countries = ["US"] },
                },
                new CommissionRule
                {
                    Id = "influencers",
                    Rate = CommissionRate.Percent(10),
                    When = new() { Segments = [PartnerSegment.Influencer] },
                },
                new CommissionRule
                {
                    Id = "us-influencers-new",
                    Rate = CommissionRate.Percent(9),
                    When = new()
                    {
                        Countries = ["US"],
                        Segments = [PartnerSegment.Influencer],
                        SaleType = SaleType.New,
                    },
                }
            ) with
            {
                Precedence = RulePrecedence.Highest,
            }
        );

        Assert.Equal(
            12m,
            Price(plan, Sale(100m) with { Country = "US" }, influencer).TotalFor(influencer.Id, Currency.EUR).Amount
        );
        Assert.Equal(
            10m,
            Price(plan, Sale(100m) with { Country = "CA" }, influencer).TotalFor(influencer.Id, Currency.EUR).Amount
        );
        Assert.Equal(
            8m,
            Price(plan, Sale(100m) with { Country = "CA" }, Seller).TotalFor(Seller.Id, Currency.EUR).Amount
        );

        // Under the default precedence the three-condition rule wins although it pays less.
        var specific = plan with { Versions = [plan.Versions[0] with { Precedence = RulePrecedence.MostSpecific }] };
        Assert.Equal(
            9m,
            Price(specific, Sale(100m) with { Country = "US" }, influencer).TotalFor(influencer.Id, Currency.EUR).Amount
        );
    }

    [Fact]
    public void Prefetched_volume_answers_exactly_the_windows_the_engine_names()
    {
        var plan = Plan(
            Version(
                new CommissionRule
                {
                    Id = "monthly",
                    Tiers = new VolumeTiers
                    {
                        Window = VolumeWindow.CalendarMonth,
                        Steps = [new(1, CommissionRate.Percent(5)), new(3, CommissionRate.Percent(10))],
                    },
                }
            ) with
            {
                Bonuses =
                [
                    new BonusRule
                    {
                        Id = "hundredth",
                        Milestone = Milestone.NthConversion(100),
                        Reward = Eur(10m),
                    },
                ],
            }
        );
        var at = Instant.FromUtc(2026, 6, 30, 12, 0);

        var windows = PricingEngine.VolumeWindowsFor(plan, at, DateTimeZone.Utc);

        Assert.Equal(2, windows.Count);
        Assert.Contains(new VolumeQuery(Instant.FromUtc(2026, 6, 1, 0, 0), at + Duration.Epsilon), windows);
        Assert.Contains(new VolumeQuery(null, at + Duration.Epsilon), windows);

        var volume = new PrefetchedVolume()
            .Add(windows.Single(w => w.From is not null), new VolumeTotals(2, 200m))
            .Add(windows.Single(w => w.From is null), new VolumeTotals(99, 9_900m));
        Assert.Equal(20m, Price(plan, Sale(100m, at), Seller, volume).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Throws<InvalidOperationException>(() => new PrefetchedVolume().Between(null, at));
    }
}
