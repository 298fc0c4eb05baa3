using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Scenarios;

/// <summary>S3 and S4 of SCENARIOS.md.</summary>
public sealed class TierScenarios
{
    private static readonly Partner Seller = Partner("seller");

    private static CommissionPlan CountTiers(VolumeWindow window, params (int From, decimal Percent)[] steps) =>
        Plan(
            new CommissionRule
            {
                Id = "volume",
                Tiers = new VolumeTiers
                {
                    Measure = TierMeasure.Count,
                    Window = window,
                    Steps = steps.Select(s => new VolumeTier(s.From, CommissionRate.Percent(s.Percent))).ToArray(),
                },
            }
        );

    [Theory]
    [InlineData(1, 0.00)]
    [InlineData(9, 0.00)]
    [InlineData(10, 10.00)]
    [InlineData(20, 10.00)]
    [InlineData(21, 15.00)]
    [InlineData(30, 15.00)]
    [InlineData(31, 17.00)]
    [InlineData(200, 17.00)]
    public void S3_the_conversions_own_ordinal_decides_its_tier(int ordinal, decimal expected)
    {
        var plan = CountTiers(VolumeWindow.Lifetime, (1, 0m), (10, 10m), (21, 15m), (31, 17m));
        var sale = Sale(100m);

        var result = Price(plan, sale, Seller, History(ordinal - 1, 100m, sale.OccurredAt));

        Assert.True(result.Succeeded);
        Assert.True(result.Commissionable);
        Assert.Equal(expected, result.TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    private static readonly DateTimeZone NewYork = DateTimeZoneProviders.Tzdb["America/New_York"];

    private static CommissionPlan MonthlyPlan() =>
        CountTiers(VolumeWindow.CalendarMonth, (1, 20m), (101, 25m), (201, 30m), (501, 35m));

    private static Instant NewYorkTime(int month, int day, int hour, int minute) =>
        new LocalDateTime(2026, month, day, hour, minute).InZoneStrictly(NewYork).ToInstant();

    [Fact]
    public void S4_the_101st_sale_in_March_pays_25_percent()
    {
        var at = NewYorkTime(3, 31, 20, 0);
        var hundredInMarch = History(100, 100m, at);

        var result = Price(MonthlyPlan(), Sale(100m, at), Seller, hundredInMarch, zone: NewYork);

        Assert.Equal(25.00m, result.TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void S4_the_first_sale_at_half_past_midnight_on_April_1_local_time_pays_20_percent_again()
    {
        // 00:30 in New York on April 1 is still March 31 in UTC: the month must be the program's, not UTC's.
        var at = NewYorkTime(4, 1, 0, 30);
        var marchSales = new PartnerHistory(
            Enumerable.Range(1, 300).Select(i => (NewYorkTime(3, 31, 23, 0) - Duration.FromSeconds(i), 100m))
        );

        var result = Price(MonthlyPlan(), Sale(100m, at), Seller, marchSales, zone: NewYork);

        Assert.Equal(20.00m, result.TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Contains(
            "conversion number 1 in this calendar month",
            result.Lines[0].Explanation.ToSentence(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void S4_a_late_evening_sale_on_March_31_in_New_York_is_still_in_March_though_UTC_has_moved_on()
    {
        // 21:00 in New York on March 31 is 01:00 on April 1 in UTC.
        var at = NewYorkTime(3, 31, 21, 0);
        var marchSales = new PartnerHistory(
            Enumerable.Range(1, 300).Select(i => (NewYorkTime(3, 20, 12, 0) + Duration.FromSeconds(i), 100m))
        );

        Assert.Equal(
            30.00m,
            Price(MonthlyPlan(), Sale(100m, at), Seller, marchSales, zone: NewYork)
                .TotalFor(Seller.Id, Currency.EUR)
                .Amount
        );
        Assert.Equal(
            20.00m,
            Price(MonthlyPlan(), Sale(100m, at), Seller, marchSales, zone: DateTimeZone.Utc)
                .TotalFor(Seller.Id, Currency.EUR)
                .Amount
        );
    }
}
