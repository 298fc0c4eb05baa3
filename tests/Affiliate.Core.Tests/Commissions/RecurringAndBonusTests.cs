using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class RecurringAndBonusTests
{
    private static readonly Partner Seller = Partner("seller");
    private static readonly Instant Started = Instant.FromUtc(2026, 1, 15, 10, 0);

    private static ConversionFacts Payment(int number, Instant at, decimal amount = 100m) =>
        new()
        {
            Id = new ConversionId($"invoice-{number}"),
            Kind = number == 1 ? ConversionKind.Sale : ConversionKind.Renewal,
            OccurredAt = at,
            Amount = Eur(amount),
            Subscription = new SubscriptionFacts("sub-1", number, Started),
        };

    private static decimal Earned(CommissionPlan plan, ConversionFacts conversion, DateTimeZone? zone = null) =>
        Price(plan, conversion, Seller, zone: zone).TotalFor(Seller.Id, Currency.EUR).Amount;

    [Fact]
    public void Forty_percent_for_the_first_three_months_then_twenty()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "saas",
                Recurring = new RecurringSchedule
                {
                    Unit = RecurringUnit.Months,
                    Steps = [new(CommissionRate.Percent(40), For: 3), new(CommissionRate.Percent(20))],
                },
            }
        );

        Assert.Equal(40m, Earned(plan, Payment(1, Started)));
        Assert.Equal(40m, Earned(plan, Payment(2, Instant.FromUtc(2026, 2, 15, 10, 0))));
        Assert.Equal(40m, Earned(plan, Payment(3, Instant.FromUtc(2026, 3, 15, 10, 0))));
        Assert.Equal(20m, Earned(plan, Payment(4, Instant.FromUtc(2026, 4, 15, 10, 0))));
        Assert.Equal(20m, Earned(plan, Payment(24, Instant.FromUtc(2027, 12, 15, 10, 0))));
    }

    [Fact]
    public void A_flat_amount_for_the_first_twelve_renewals_then_another_then_nothing()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "renewals",
                Recurring = new RecurringSchedule
                {
                    Unit = RecurringUnit.Renewals,
                    Steps = [new(CommissionRate.Flat(Eur(5m)), For: 12), new(CommissionRate.Flat(Eur(2m)), For: 12)],
                },
            }
        );

        Assert.Equal(0m, Earned(plan, Payment(1, Started)));
        Assert.Equal(5m, Earned(plan, Payment(2, Started + Duration.FromDays(30))));
        Assert.Equal(5m, Earned(plan, Payment(13, Started + Duration.FromDays(360))));
        Assert.Equal(2m, Earned(plan, Payment(14, Started + Duration.FromDays(390))));
        Assert.Equal(2m, Earned(plan, Payment(25, Started + Duration.FromDays(720))));
        var ended = Price(plan, Payment(26, Started + Duration.FromDays(750)), Seller);
        Assert.True(ended.Succeeded);
        Assert.False(ended.Commissionable);
    }

    [Fact]
    public void Payment_steps_count_the_first_payment_as_number_one()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "payments",
                Recurring = new RecurringSchedule
                {
                    Steps = [new(CommissionRate.Percent(50), For: 1), new(CommissionRate.Percent(10), For: 2)],
                },
            }
        );

        Assert.Equal(50m, Earned(plan, Payment(1, Started)));
        Assert.Equal(10m, Earned(plan, Payment(2, Started + Duration.FromDays(30))));
        Assert.Equal(10m, Earned(plan, Payment(3, Started + Duration.FromDays(60))));
        Assert.Equal(0m, Earned(plan, Payment(4, Started + Duration.FromDays(90))));
    }

    [Fact]
    public void Subscription_months_are_counted_in_the_program_time_zone()
    {
        var tokyo = DateTimeZoneProviders.Tzdb["Asia/Tokyo"];
        var plan = Plan(
            new CommissionRule
            {
                Id = "saas",
                Recurring = new RecurringSchedule
                {
                    Unit = RecurringUnit.Months,
                    Steps = [new(CommissionRate.Percent(40), For: 1), new(CommissionRate.Percent(20))],
                },
            }
        );

        // Started 2026-01-15 19:00 Tokyo; 2026-02-15 18:00 Tokyo is still within the first month there.
        var payment = Payment(2, Instant.FromUtc(2026, 2, 15, 9, 0));
        Assert.Equal(40m, Earned(plan, payment, tokyo));
        Assert.Equal(20m, Earned(plan, payment with { OccurredAt = Instant.FromUtc(2026, 2, 15, 10, 0) }, tokyo));
    }

    [Fact]
    public void A_milestone_bonus_is_paid_once_on_the_conversion_that_reaches_it()
    {
        var plan = Plan(
            Version(Percent(10)) with
            {
                Bonuses =
                [
                    new BonusRule
                    {
                        Id = "first-sale",
                        Milestone = Milestone.FirstConversion,
                        Reward = Eur(20m),
                    },
                    new BonusRule
                    {
                        Id = "tenth-this-month",
                        Milestone = Milestone.NthConversion(10),
                        Window = VolumeWindow.CalendarMonth,
                        Reward = Eur(50m),
                    },
                    new BonusRule
                    {
                        Id = "revenue-1000",
                        Milestone = Milestone.RevenueReached(1000m),
                        Reward = Eur(100m),
                    },
                ],
            }
        );
        var sale = Sale(100m);

        var first = Price(plan, sale, Seller);
        Assert.Equal([CommissionLineKind.Commission, CommissionLineKind.Bonus], first.Lines.Select(l => l.Kind));
        Assert.Equal(30m, first.TotalFor(Seller.Id, Currency.EUR).Amount);

        Assert.Equal(
            10m,
            Price(plan, sale, Seller, History(1, 100m, sale.OccurredAt)).TotalFor(Seller.Id, Currency.EUR).Amount
        );
        Assert.Equal(
            160m,
            Price(plan, sale, Seller, History(9, 100m, sale.OccurredAt)).TotalFor(Seller.Id, Currency.EUR).Amount
        );
        Assert.Equal(
            10m,
            Price(plan, sale, Seller, History(10, 100m, sale.OccurredAt)).TotalFor(Seller.Id, Currency.EUR).Amount
        );
        var bonus = Price(plan, sale, Seller, History(9, 100m, sale.OccurredAt)).Lines.Last();
        Assert.Contains(
            "revenue of 1000 reached in all time",
            bonus.Explanation.ToSentence(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void Revenue_tiers_can_count_the_conversion_itself_or_only_what_came_before()
    {
        VolumeTiers Tiers(RevenueTierCounting counting) =>
            new()
            {
                Measure = TierMeasure.Revenue,
                Window = VolumeWindow.CalendarMonth,
                RevenueCounting = counting,
                Steps = [new(0m, CommissionRate.Percent(10)), new(1000m, CommissionRate.Percent(15))],
            };
        var sale = Sale(200m);
        var nineHundred = History(9, 100m, sale.OccurredAt);

        var including = Plan(
            new CommissionRule { Id = "rev", Tiers = Tiers(RevenueTierCounting.IncludingThisConversion) }
        );
        var before = Plan(new CommissionRule { Id = "rev", Tiers = Tiers(RevenueTierCounting.BeforeThisConversion) });

        Assert.Equal(30m, Price(including, sale, Seller, nineHundred).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Equal(20m, Price(before, sale, Seller, nineHundred).TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void Period_close_re_rates_the_whole_month_at_the_tier_reached()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "volume",
                Tiers = new VolumeTiers
                {
                    Measure = TierMeasure.Count,
                    Window = VolumeWindow.CalendarMonth,
                    AdjustAtPeriodClose = true,
                    Steps = [new(1, CommissionRate.Percent(10)), new(21, CommissionRate.Percent(15))],
                },
            }
        );
        var march = Enumerable
            .Range(1, 25)
            .Select(i => new PeriodConversion(
                new ConversionId($"o-{i}"),
                Instant.FromUtc(2026, 3, i, 12, 0),
                Eur(100m),
                1,
                Eur(i <= 20 ? 10m : 15m)
            ))
            .ToArray();

        var line = PeriodCloseAdjustment.Calculate(
            new PeriodCloseRequest
            {
                Plan = plan,
                RuleId = "volume",
                PartnerId = Seller.Id,
                Conversions = march,
            }
        );

        // Due: 25 x 15.00 = 375.00; earned 20 x 10.00 + 5 x 15.00 = 275.00.
        Assert.NotNull(line);
        Assert.Equal(100m, line.Amount.Amount);
        Assert.Equal(CommissionLineKind.PeriodAdjustment, line.Kind);
        Assert.Null(
            PeriodCloseAdjustment.Calculate(
                new PeriodCloseRequest
                {
                    Plan = plan,
                    RuleId = "volume",
                    PartnerId = Seller.Id,
                    Conversions = march[..20],
                }
            )
        );
        Assert.Throws<ArgumentException>(() =>
            PeriodCloseAdjustment.Calculate(
                new PeriodCloseRequest
                {
                    Plan = plan,
                    RuleId = "volume",
                    PartnerId = Seller.Id,
                    Conversions = [.. march, march[0] with { OccurredAt = Instant.FromUtc(2026, 4, 1, 12, 0) }],
                }
            )
        );
    }
}
