using static Affiliate.Tests.Reports.ReportHost;

namespace Affiliate.Tests.Reports;

/// <summary>Daily, weekly and monthly performance reports end to end, in the program's time zone.</summary>
public sealed class PerformanceReportTests
{
    private static readonly LocalDate Mar2 = new(2026, 3, 2);

    /// <summary>
    /// Anna (EST, UTC-5): on Monday March 2 two clicks by v1 (the second at 23:30, already March 3 in UTC), a bot
    /// click by v2 and a 100.00 sale by v1 at 23:45; nothing on March 3; on March 4 a sale 1 minute after its click
    /// (held: the minimum is 5 minutes) and a sale from a bot user agent (rejected). Bob refers himself on March 4.
    /// </summary>
    private static async Task<ReportHost> NewYorkWeekAsync()
    {
        var host = new ReportHost("America/New_York", o =>
            o.Fraud.ClickToConversion.MinimumDelay = Duration.FromMinutes(5)
        );
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bob", email: "bob@example.com");

        host.At(2026, 3, 2, 10, 0);
        await host.ClickAsync("ANNA10", "v1", ["newsletter"]);
        host.At(2026, 3, 2, 11, 0);
        Assert.False((await host.ClickAsync("ANNA10", "v2", userAgent: "curl/8.5.0")).Attributable);
        host.At(2026, 3, 2, 23, 30);
        await host.ClickAsync("ANNA10", "v1", ["newsletter"]);
        host.At(2026, 3, 2, 23, 45);
        Assert.Equal(ConversionStatus.Attributed, (await host.SaleAsync("order-1", 100m, "v1")).Conversion.Status);

        host.At(2026, 3, 4, 9, 0);
        await host.ClickAsync("ANNA10", "v3");
        host.At(2026, 3, 4, 9, 1);
        Assert.Equal(ConversionStatus.Held, (await host.SaleAsync("order-2", 50m, "v3")).Conversion.Status);

        host.At(2026, 3, 4, 10, 0);
        await host.ClickAsync("BOB10", "v4");
        host.At(2026, 3, 4, 10, 30);
        var self = await host.SaleAsync("order-3", 80m, "v4", email: "Bob+shop@Example.com");
        Assert.Equal(
            (ConversionStatus.Rejected, AttributionReason.SelfReferral),
            (self.Conversion.Status, self.Conversion.AttributionReason)
        );

        host.At(2026, 3, 4, 12, 0);
        await host.ClickAsync("ANNA10", "v5");
        host.At(2026, 3, 4, 12, 30);
        var bot = await host.SaleAsync("order-4", 70m, "v5", userAgent: "python-requests/2.31");
        Assert.Equal(ConversionStatus.Rejected, bot.Conversion.Status);
        Assert.Equal(new PartnerId("anna"), bot.Conversion.PrimaryPartnerId);

        host.At(2026, 3, 6, 9, 0);
        return host;
    }

    [Fact]
    public async Task Daily_rows_follow_the_programs_time_zone_and_count_every_figure_exactly()
    {
        using var host = await NewYorkWeekAsync();

        var report = (
            await host.Reports.PartnerAsync(new PartnerId("anna"), new ReportPeriod(Mar2, new LocalDate(2026, 3, 5)))
        ).GetValueOrThrow();

        Assert.Equal(
            (new PartnerId("anna"), Currency.USD, host.Zone),
            (report.PartnerId!.Value, report.Currency, report.TimeZone)
        );
        Assert.Equal([Mar2, new(2026, 3, 3), new(2026, 3, 4)], report.Rows.Select(r => r.Start));
        Assert.Equal([new(2026, 3, 3), new(2026, 3, 4), new(2026, 3, 5)], report.Rows.Select(r => r.Until));

        // The 23:30 click is March 3 in UTC but March 2 in New York, like the 23:45 sale.
        Assert.Equal(new LocalDate(2026, 3, 3), host.Local(2026, 3, 2, 23, 30).InUtc().Date);
        var monday = report.Rows[0];
        Assert.Equal((3, 2, 2), (monday.Clicks, monday.UniqueVisitors, monday.AttributableClicks));
        Assert.Equal((1, 0, 0), (monday.Conversions, monday.HeldConversions, monday.RejectedConversions));
        Assert.Equal(1m / 3m, monday.ConversionRate);
        Assert.Equal(Usd(100m), monday.Revenue);
        Assert.Equal(Usd(0m), monday.RefundedRevenue);
        Assert.Equal(new CommissionTotals(Usd(10m), Usd(0m), Usd(0m), Usd(0m), Usd(0m), Usd(0m)), monday.Commissions);
        Assert.Equal(Usd(3.33m), monday.EarningsPerClick);

        var tuesday = report.Rows[1];
        Assert.Equal(
            (0, 0, 0, 0, 0, 0),
            (
                tuesday.Clicks,
                tuesday.UniqueVisitors,
                tuesday.AttributableClicks,
                tuesday.Conversions,
                tuesday.HeldConversions,
                tuesday.RejectedConversions
            )
        );
        Assert.Equal((0m, Usd(0m), Usd(0m)), (tuesday.ConversionRate, tuesday.Revenue, tuesday.EarningsPerClick));
        Assert.Equal(CommissionTotals.Zero(Currency.USD), tuesday.Commissions);

        var wednesday = report.Rows[2];
        Assert.Equal((2, 2, 2), (wednesday.Clicks, wednesday.UniqueVisitors, wednesday.AttributableClicks));
        Assert.Equal((1, 1, 1), (wednesday.Conversions, wednesday.HeldConversions, wednesday.RejectedConversions));
        Assert.Equal(0.5m, wednesday.ConversionRate);
        Assert.Equal(Usd(50m), wednesday.Revenue);
        Assert.Equal(new CommissionTotals(Usd(0m), Usd(5m), Usd(0m), Usd(0m), Usd(0m), Usd(0m)), wednesday.Commissions);
        Assert.Equal(Usd(5m), wednesday.Commissions.Live);
        Assert.Equal(Usd(2.50m), wednesday.EarningsPerClick);

        var total = report.Total;
        Assert.Equal((Mar2, new LocalDate(2026, 3, 5)), (total.Start, total.Until));
        Assert.Equal((5, 4, 4), (total.Clicks, total.UniqueVisitors, total.AttributableClicks));
        Assert.Equal((2, 1, 1), (total.Conversions, total.HeldConversions, total.RejectedConversions));
        Assert.Equal(0.4m, total.ConversionRate);
        Assert.Equal(Usd(150m), total.Revenue);
        Assert.Equal(new CommissionTotals(Usd(10m), Usd(5m), Usd(0m), Usd(0m), Usd(0m), Usd(0m)), total.Commissions);
        Assert.Equal(Usd(3.00m), total.EarningsPerClick);
    }

    [Fact]
    public async Task The_program_report_adds_every_partner_and_counts_the_self_referral_as_rejected()
    {
        using var host = await NewYorkWeekAsync();

        var report = (
            await host.Reports.ProgramAsync(new ReportPeriod(Mar2, new LocalDate(2026, 3, 5)))
        ).GetValueOrThrow();

        Assert.Null(report.PartnerId);
        Assert.Equal(new ProgramId("default"), report.ProgramId);
        Assert.Equal([3, 0, 3], report.Rows.Select(r => r.Clicks));
        Assert.Equal([2, 0, 3], report.Rows.Select(r => r.UniqueVisitors));
        Assert.Equal([0, 0, 2], report.Rows.Select(r => r.RejectedConversions));
        Assert.Equal([1, 0, 1], report.Rows.Select(r => r.Conversions));
        Assert.Equal((6, 5, 5), (report.Total.Clicks, report.Total.UniqueVisitors, report.Total.AttributableClicks));
        Assert.Equal(
            (2, 1, 2),
            (report.Total.Conversions, report.Total.HeldConversions, report.Total.RejectedConversions)
        );
        Assert.Equal(2m / 6m, report.Total.ConversionRate);
        Assert.Equal(Usd(150m), report.Total.Revenue);
        Assert.Equal(Usd(2.50m), report.Total.EarningsPerClick);
    }

    [Fact]
    public async Task A_held_conversion_approved_on_review_is_no_longer_held()
    {
        using var host = await NewYorkWeekAsync();
        (
            await host.Host.Ledger.ReviewAsync(
                null,
                new ConversionId("order-2"),
                new ReviewDecision(true, "customer called", "ops")
            )
        ).GetValueOrThrow();

        var wednesday = (
            await host.Reports.PartnerAsync(
                new PartnerId("anna"),
                new ReportPeriod(new LocalDate(2026, 3, 4), new LocalDate(2026, 3, 5))
            )
        )
            .GetValueOrThrow()
            .Rows.Single();

        Assert.Equal((1, 0, 1), (wednesday.Conversions, wednesday.HeldConversions, wednesday.RejectedConversions));
        Assert.Equal(new CommissionTotals(Usd(5m), Usd(0m), Usd(0m), Usd(0m), Usd(0m), Usd(0m)), wednesday.Commissions);
    }

    [Fact]
    public async Task The_same_clicks_fall_on_the_UTC_day_in_a_UTC_program()
    {
        using var host = new ReportHost("UTC");
        await host.PartnerAsync("anna");
        host.Host.Clock.Now = Instant.FromUtc(2026, 3, 3, 4, 30); // 23:30 on March 2 in New York
        await host.ClickAsync("ANNA10", "v1");

        var report = (
            await host.Reports.PartnerAsync(new PartnerId("anna"), new ReportPeriod(Mar2, new LocalDate(2026, 3, 4)))
        ).GetValueOrThrow();

        Assert.Equal([0, 1], report.Rows.Select(r => r.Clicks));
    }

    [Fact]
    public async Task A_self_referral_counts_as_rejected_in_the_partners_own_report()
    {
        using var host = await NewYorkWeekAsync();

        var bob = (
            await host.Reports.PartnerAsync(new PartnerId("bob"), new ReportPeriod(Mar2, new LocalDate(2026, 3, 5)))
        ).GetValueOrThrow();

        Assert.Equal(1, bob.Total.Clicks);
        Assert.Equal(1, bob.Total.RejectedConversions);
    }

    [Fact]
    public async Task Weekly_rows_start_on_Monday_and_count_only_the_days_of_the_period()
    {
        using var host = new ReportHost("America/New_York");
        await host.PartnerAsync("anna");
        var visitor = 0;
        async Task ClickAt(int day, int hour, int minute)
        {
            host.At(2026, 3, day, hour, minute);
            await host.ClickAsync("ANNA10", $"v{++visitor}");
        }

        await ClickAt(3, 12, 0); // Tuesday, before the period
        await ClickAt(4, 0, 0); // Wednesday 00:00, the period's first instant
        await ClickAt(8, 23, 0); // Sunday night, after the switch to daylight saving time: still week 1
        await ClickAt(9, 0, 30); // Monday: week 2
        await ClickAt(10, 12, 0);
        host.At(2026, 3, 10, 12, 5);
        await host.SaleAsync("order-1", 20m, $"v{visitor}");
        await ClickAt(18, 23, 59); // Wednesday: week 3
        await ClickAt(19, 0, 0); // Thursday 00:00: the period's end, excluded

        // Wednesday March 4 (inclusive) to Thursday March 19 (exclusive), by week.
        var report = (
            await host.Reports.PartnerAsync(
                new PartnerId("anna"),
                new ReportPeriod(new LocalDate(2026, 3, 4), new LocalDate(2026, 3, 19), ReportGranularity.Week)
            )
        ).GetValueOrThrow();

        Assert.Equal([new(2026, 3, 2), new(2026, 3, 9), new(2026, 3, 16)], report.Rows.Select(r => r.Start));
        Assert.All(report.Rows, r => Assert.Equal(IsoDayOfWeek.Monday, r.Start.DayOfWeek));
        Assert.Equal([new(2026, 3, 9), new(2026, 3, 16), new(2026, 3, 23)], report.Rows.Select(r => r.Until));
        Assert.Equal([2, 2, 1], report.Rows.Select(r => r.Clicks));
        Assert.Equal([0, 1, 0], report.Rows.Select(r => r.Conversions));
        Assert.Equal([0m, 0.5m, 0m], report.Rows.Select(r => r.ConversionRate));
        Assert.Equal(
            (5, 1, Usd(20m), Usd(0.40m)),
            (report.Total.Clicks, report.Total.Conversions, report.Total.Revenue, report.Total.EarningsPerClick)
        );
    }

    [Fact]
    public async Task Monthly_rows_put_commissions_in_the_month_of_their_sale_by_their_current_state()
    {
        using var host = new ReportHost("America/New_York", o =>
        {
            o.HoldPeriod = Duration.FromDays(30);
            o.Payouts = new PayoutPolicy { Schedule = PayoutSchedule.MonthlyOnDay(15) };
        });
        await host.PartnerAsync("anna");
        async Task SaleAt(int month, int day, string order, decimal amount)
        {
            host.At(2026, month, day, 12, 0);
            await host.ClickAsync("ANNA10", order + "-visitor");
            host.At(2026, month, day, 12, 1);
            Assert.Equal(
                ConversionStatus.Attributed,
                (await host.SaleAsync(order, amount, order + "-visitor")).Conversion.Status
            );
        }

        await SaleAt(1, 10, "o1", 200m); // 20.00, approvable February 9
        await SaleAt(1, 20, "o2", 100m); // 10.00, approvable February 19
        host.At(2026, 1, 31, 23, 30); // February 1 in UTC
        await host.ClickAsync("ANNA10", "window-shopper");
        await SaleAt(2, 5, "o3", 80m); // 8.00
        host.At(2026, 2, 10, 12, 0);
        Assert.Equal(1, await host.Host.Ledger.ApproveDueAsync());
        await SaleAt(2, 12, "o4", 50m); // 5.00

        host.At(2026, 2, 15, 12, 0);
        var payout = Assert.Single((await host.Host.Payouts.RunIfDueAsync()).GetValueOrThrow().Payouts);
        Assert.Equal(Usd(20m), payout.Amount);
        (await host.Host.Payouts.MarkPaidAsync(payout.Id, "wire-1")).GetValueOrThrow();

        host.At(2026, 2, 20, 12, 0);
        (
            await host.Host.Conversions.RefundAsync(
                new RefundRequest { ConversionId = new ConversionId("o4"), RefundId = "r4" }
            )
        ).GetValueOrThrow();
        Assert.Equal(1, await host.Host.Ledger.ApproveDueAsync());
        host.At(2026, 2, 25, 12, 0);
        (
            await host.Host.Conversions.RefundAsync(
                new RefundRequest
                {
                    ConversionId = new ConversionId("o3"),
                    RefundId = "r3",
                    Amount = Usd(40m),
                }
            )
        ).GetValueOrThrow();
        host.At(2026, 3, 1, 12, 0);
        var clawback = Assert.Single(
            (
                await host.Host.Conversions.RefundAsync(
                    new RefundRequest { ConversionId = new ConversionId("o1"), RefundId = "r1" }
                )
            )
                .GetValueOrThrow()
                .NewLines
        );
        Assert.Equal((LedgerEntryKind.Clawback, Usd(-20m)), (clawback.Kind, clawback.Amount));
        host.At(2026, 3, 2, 9, 0);

        var report = (
            await host.Reports.PartnerAsync(
                new PartnerId("anna"),
                new ReportPeriod(new LocalDate(2026, 1, 1), new LocalDate(2026, 4, 1), ReportGranularity.Month)
            )
        ).GetValueOrThrow();

        Assert.Equal([new(2026, 1, 1), new(2026, 2, 1), new(2026, 3, 1)], report.Rows.Select(r => r.Start));
        Assert.Equal([new(2026, 2, 1), new(2026, 3, 1), new(2026, 4, 1)], report.Rows.Select(r => r.Until));

        // January: o1 paid then refunded (its clawback, written in March, belongs to o1's month), o2 approved.
        var january = report.Rows[0];
        Assert.Equal((3, 3, 2), (january.Clicks, january.UniqueVisitors, january.Conversions));
        Assert.Equal((Usd(300m), Usd(200m)), (january.Revenue, january.RefundedRevenue));
        Assert.Equal(
            new CommissionTotals(Usd(0m), Usd(0m), Usd(10m - 20m), Usd(20m), Usd(0m), Usd(0m)),
            january.Commissions
        );
        Assert.Equal(Usd(10m), january.Commissions.Live);
        Assert.Equal(2m / 3m, january.ConversionRate);
        Assert.Equal(Usd(3.33m), january.EarningsPerClick);

        // February: o3 half refunded (a -4.00 pending reversal), o4 fully refunded before approval (reversed).
        var february = report.Rows[1];
        Assert.Equal((2, 2), (february.Clicks, february.Conversions));
        Assert.Equal((Usd(130m), Usd(90m)), (february.Revenue, february.RefundedRevenue));
        Assert.Equal(
            new CommissionTotals(Usd(8m - 4m), Usd(0m), Usd(0m), Usd(0m), Usd(5m), Usd(0m)),
            february.Commissions
        );
        Assert.Equal((1m, Usd(2m)), (february.ConversionRate, february.EarningsPerClick));

        var march = report.Rows[2];
        Assert.Equal((0, 0, Usd(0m)), (march.Clicks, march.Conversions, march.Revenue));
        Assert.Equal(CommissionTotals.Zero(Currency.USD), march.Commissions);

        Assert.Equal(
            (5, 4, Usd(430m), Usd(290m)),
            (report.Total.Clicks, report.Total.Conversions, report.Total.Revenue, report.Total.RefundedRevenue)
        );
        Assert.Equal(
            new CommissionTotals(Usd(4m), Usd(0m), Usd(-10m), Usd(20m), Usd(5m), Usd(0m)),
            report.Total.Commissions
        );
        Assert.Equal((Usd(14m), Usd(2.80m)), (report.Total.Commissions.Live, report.Total.EarningsPerClick));
    }

    [Fact]
    public async Task Adjustments_without_a_conversion_fall_in_the_bucket_of_their_creation()
    {
        using var host = new ReportHost("America/New_York");
        await host.PartnerAsync("anna");
        host.At(2026, 3, 3, 23, 30); // March 4 in UTC
        var bonus = new AdjustmentRequest
        {
            AdjustmentId = "launch-anna",
            PartnerId = new PartnerId("anna"),
            Kind = AdjustmentKind.Bonus,
            Amount = Usd(12.50m),
            Reason = "launch bonus",
        };
        (await host.Host.Ledger.AdjustAsync(null, bonus)).GetValueOrThrow();

        var report = (
            await host.Reports.PartnerAsync(new PartnerId("anna"), new ReportPeriod(Mar2, new LocalDate(2026, 3, 5)))
        ).GetValueOrThrow();

        Assert.Equal([Usd(0m), Usd(12.50m), Usd(0m)], report.Rows.Select(r => r.Commissions.Approved));
        Assert.Equal(Usd(0m), report.Total.EarningsPerClick); // no clicks
    }

    [Fact]
    public async Task A_conversion_shared_by_two_partners_counts_once_for_each_and_splits_its_revenue_to_the_cent()
    {
        using var host = new ReportHost("America/New_York", o => o.AttributionModel = AttributionModel.Linear);
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bob");
        host.At(2026, 3, 2, 9, 0);
        await host.ClickAsync("ANNA10", "v1");
        host.At(2026, 3, 2, 9, 30);
        await host.ClickAsync("BOB10", "v1");
        host.At(2026, 3, 2, 10, 0);
        Assert.Equal(2, (await host.SaleAsync("order-1", 100.01m, "v1")).Conversion.Shares.Count);

        var period = new ReportPeriod(Mar2, new LocalDate(2026, 3, 3));
        var anna = (await host.Reports.PartnerAsync(new PartnerId("anna"), period)).GetValueOrThrow().Total;
        var bob = (await host.Reports.PartnerAsync(new PartnerId("bob"), period)).GetValueOrThrow().Total;
        var program = (await host.Reports.ProgramAsync(period)).GetValueOrThrow().Total;

        Assert.Equal((1, 1, 1), (anna.Conversions, bob.Conversions, program.Conversions));
        Assert.Equal([Usd(50m), Usd(50.01m)], new[] { anna.Revenue, bob.Revenue }.Order());
        Assert.Equal(Usd(100.01m), program.Revenue);
        Assert.Equal(program.Commissions.Live, anna.Commissions.Live + bob.Commissions.Live);
        Assert.Equal(Usd(10m), program.Commissions.Live);
    }

    [Fact]
    public async Task A_period_without_activity_has_every_row_with_zeros()
    {
        using var host = new ReportHost("Europe/Berlin");
        await host.PartnerAsync("anna");

        var report = (
            await host.Reports.PartnerAsync(
                new PartnerId("anna"),
                new ReportPeriod(new LocalDate(2026, 3, 23), new LocalDate(2026, 4, 2))
            )
        ).GetValueOrThrow();

        Assert.Equal(10, report.Rows.Count);
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => new LocalDate(2026, 3, 23).PlusDays(i)),
            report.Rows.Select(r => r.Start)
        );
        Assert.All(report.Rows.Append(report.Total), r =>
        {
            Assert.Equal(
                (0, 0, 0, 0, 0, 0),
                (
                    r.Clicks,
                    r.UniqueVisitors,
                    r.AttributableClicks,
                    r.Conversions,
                    r.HeldConversions,
                    r.RejectedConversions
                )
            );
            Assert.Equal(
                (0m, Usd(0m), Usd(0m), Usd(0m)),
                (r.ConversionRate, r.Revenue, r.RefundedRevenue, r.EarningsPerClick)
            );
            Assert.Equal(CommissionTotals.Zero(Currency.USD), r.Commissions);
        });
    }
}
