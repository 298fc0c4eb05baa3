namespace Affiliate.Samples.WebShop.Demo;

/// <summary>
/// The demo's affiliate program: a plan with volume tiers and three levels (the seller and two sponsors above), in
/// EUR and Berlin time, with a 30-day attribution window and hold, paid monthly on the 1st from 50 EUR.
/// </summary>
public static class DemoProgram
{
    /// <summary>The program's currency.</summary>
    public const string CurrencyCode = "EUR";

    /// <summary>The program's time zone.</summary>
    public const string TimeZone = "Europe/Berlin";

    /// <summary>The discount a partner's coupon code gives at the shop's checkout.</summary>
    public const decimal CouponDiscountPercent = 10m;

    /// <summary>
    /// The plan: 8% of the subtotal, 10% from the partner's 11th sale in a calendar month and 12% from the 26th; books
    /// 5%; the seller's sponsor earns 3% and the sponsor's sponsor 1%.
    /// </summary>
    public static CommissionPlan Plan { get; } =
        new()
        {
            Id = new PlanId("kettle-and-bean"),
            Name = "Kettle & Bean partner program",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2024, 1, 1, 0, 0),
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "volume",
                            Tiers = new VolumeTiers
                            {
                                Measure = TierMeasure.Count,
                                Window = VolumeWindow.CalendarMonth,
                                Steps =
                                [
                                    new(1, CommissionRate.Percent(8), "Starter"),
                                    new(11, CommissionRate.Percent(10), "Pro"),
                                    new(26, CommissionRate.Percent(12), "Elite"),
                                ],
                            },
                        },
                        new CommissionRule
                        {
                            Id = "books",
                            Rate = CommissionRate.Percent(5),
                            When = new() { Categories = ["books"] },
                        },
                    ],
                    MultiLevel = new MultiLevelPolicy
                    {
                        Levels = [new(2, CommissionRate.Percent(3)), new(3, CommissionRate.Percent(1))],
                    },
                },
            ],
        };

    /// <summary>
    /// The plan's version 2, which the seed schedules from the 1st of next month: higher volume tiers (10%, 12% from
    /// the 11th sale, 15% from the 26th), books and the upline unchanged.
    /// </summary>
    public static PlanVersion NextVersion(Instant effectiveFrom) =>
        Plan.Versions[0] with
        {
            Number = 2,
            EffectiveFrom = effectiveFrom,
            Rules =
            [
                Plan.Versions[0].Rules[0] with
                {
                    Tiers = Plan.Versions[0].Rules[0].Tiers! with
                    {
                        Steps =
                        [
                            new(1, CommissionRate.Percent(10), "Starter"),
                            new(11, CommissionRate.Percent(12), "Pro"),
                            new(26, CommissionRate.Percent(15), "Elite"),
                        ],
                    },
                },
                Plan.Versions[0].Rules[1],
            ],
        };

    /// <summary>The options of <c>AddAffiliates</c> for this program; the IP hash key is configuration's.</summary>
    public static void Configure(AffiliateOptions options, string? ipHashKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProgramName = "Kettle & Bean partners";
        options.TimeZone = TimeZone;
        options.AttributionWindow = Duration.FromDays(30);
        options.HoldPeriod = Duration.FromDays(30);
        options.Plan = Plan;
        options.IpHashKey = ipHashKey;
        options.Payouts = Payouts;
    }

    /// <summary>Payouts: monthly on the 1st, from 50 EUR approved.</summary>
    public static PayoutPolicy Payouts { get; } =
        new() { Thresholds = [Money.Of(50m, CurrencyCode)], Schedule = PayoutSchedule.MonthlyOnDay(1) };

    /// <summary>The program's time zone.</summary>
    public static DateTimeZone Zone => DateTimeZoneProviders.Tzdb[TimeZone];
}
