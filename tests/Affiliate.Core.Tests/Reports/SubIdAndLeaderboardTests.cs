using Affiliate.Tests.Support;
using static Affiliate.Tests.Reports.ReportHost;

namespace Affiliate.Tests.Reports;

/// <summary>A partner's sub-id breakdown, the leaderboard and the program summary, end to end.</summary>
public sealed class SubIdAndLeaderboardTests
{
    private static readonly LocalDate Mar1 = new(2026, 3, 1);
    private static readonly LocalDate Mar2 = new(2026, 3, 2);
    private static readonly LocalDate Mar3 = new(2026, 3, 3);
    private static readonly LocalDate Apr1 = new(2026, 4, 1);

    /// <summary>
    /// Anna's March 2: three clicks from her newsletter, two from a banner (sub2 "top"), one without sub-ids; a
    /// 100.00 sale from the newsletter, 60.00 from the banner and 40.00 with her coupon (no click). Bob's newsletter
    /// click and sale are his own.
    /// </summary>
    private static async Task<ReportHost> SubIdDayAsync()
    {
        var host = new ReportHost("America/New_York");
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bob");
        async Task ClickAt(int hour, int minute, string code, string visitor, params string[] subIds)
        {
            host.At(2026, 3, 2, hour, minute);
            await host.ClickAsync(code, visitor, subIds);
        }

        await ClickAt(9, 0, "ANNA10", "n1", "newsletter");
        await ClickAt(9, 5, "ANNA10", "n2", "newsletter");
        await ClickAt(9, 10, "ANNA10", "n3", "newsletter");
        await ClickAt(9, 20, "ANNA10", "b1", "banner", "top");
        await ClickAt(9, 25, "ANNA10", "b2", "banner", "top");
        await ClickAt(9, 30, "ANNA10", "p1");
        await ClickAt(9, 40, "BOB10", "x1", "newsletter");

        host.At(2026, 3, 2, 10, 0);
        Assert.Equal(["newsletter"], (await host.SaleAsync("s1", 100m, "n1")).Conversion.SubIds);
        host.At(2026, 3, 2, 10, 5);
        Assert.Equal(["banner", "top"], (await host.SaleAsync("s2", 60m, "b2")).Conversion.SubIds);
        host.At(2026, 3, 2, 10, 10);
        Assert.Equal(
            new PartnerId("anna"),
            (await host.SaleAsync("s3", 40m, null, coupon: "ANNA10")).Conversion.PrimaryPartnerId
        );
        host.At(2026, 3, 2, 10, 15);
        Assert.Equal(new PartnerId("bob"), (await host.SaleAsync("s4", 30m, "x1")).Conversion.PrimaryPartnerId);
        return host;
    }

    [Fact]
    public async Task Sub1_groups_clicks_and_the_conversions_of_their_clicks_with_coupon_sales_under_the_empty_sub_id()
    {
        using var host = await SubIdDayAsync();

        var rows = (await host.Reports.SubIdsAsync(new PartnerId("anna"), Mar2, Mar3)).GetValueOrThrow();

        Assert.Equal(["newsletter", "banner", ""], rows.Select(r => r.SubId));
        var newsletter = rows[0];
        Assert.Equal(
            (3, 1, Usd(100m), Usd(10m)),
            (newsletter.Clicks, newsletter.Conversions, newsletter.Revenue, newsletter.Commissions.Live)
        );
        Assert.Equal((1m / 3m, Usd(3.33m)), (newsletter.ConversionRate, newsletter.EarningsPerClick));
        var banner = rows[1];
        Assert.Equal(
            (2, 1, Usd(60m), Usd(6m)),
            (banner.Clicks, banner.Conversions, banner.Revenue, banner.Commissions.Pending)
        );
        Assert.Equal((0.5m, Usd(3m)), (banner.ConversionRate, banner.EarningsPerClick));
        var none = rows[2];
        Assert.Equal((1, 1, Usd(40m), Usd(4m)), (none.Clicks, none.Conversions, none.Revenue, none.Commissions.Live));
        Assert.Equal((1m, Usd(4m)), (none.ConversionRate, none.EarningsPerClick));
    }

    [Fact]
    public async Task Another_sub_id_index_regroups_the_same_traffic()
    {
        using var host = await SubIdDayAsync();

        var rows = (await host.Reports.SubIdsAsync(new PartnerId("anna"), Mar2, Mar3, subIdIndex: 1)).GetValueOrThrow();

        Assert.Equal(["", "top"], rows.Select(r => r.SubId));
        Assert.Equal(
            (4, 2, Usd(140m), Usd(14m)),
            (rows[0].Clicks, rows[0].Conversions, rows[0].Revenue, rows[0].Commissions.Live)
        );
        Assert.Equal((0.5m, Usd(3.50m)), (rows[0].ConversionRate, rows[0].EarningsPerClick));
        Assert.Equal((2, 1, Usd(60m)), (rows[1].Clicks, rows[1].Conversions, rows[1].Revenue));
    }

    [Fact]
    public async Task Sub_ids_of_another_day_or_partner_are_not_counted()
    {
        using var host = await SubIdDayAsync();

        Assert.Empty(
            (await host.Reports.SubIdsAsync(new PartnerId("anna"), Mar3, new LocalDate(2026, 3, 4))).GetValueOrThrow()
        );
        var bob = Assert.Single((await host.Reports.SubIdsAsync(new PartnerId("bob"), Mar2, Mar3)).GetValueOrThrow());
        Assert.Equal(("newsletter", 1, 1, Usd(30m)), (bob.SubId, bob.Clicks, bob.Conversions, bob.Revenue));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public async Task A_sub_id_index_outside_sub1_to_sub5_is_an_invalid_request(int index)
    {
        using var host = await SubIdDayAsync();

        var result = await host.Reports.SubIdsAsync(new PartnerId("anna"), Mar2, Mar3, subIdIndex: index);

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, result.Error!.Code);
    }

    /// <summary>
    /// March: anna 300 + 200, bob 300, carol 100, dave 100, erin 50, frank 50 (7 sales, 1,100.00); gina's 1,000.00 sale
    /// is rejected (bot user agent), hank only has a click, and frank's 1,000.00 sale at 00:00 on April 1 is April's.
    /// </summary>
    private static async Task<ReportHost> MarchAsync()
    {
        var host = new ReportHost("America/New_York");
        var day = 1;
        async Task<ConversionOutcome> Sale(string partner, decimal amount, string? userAgent = null)
        {
            host.At(2026, 3, ++day, 12, 0);
            await host.ClickAsync(partner.ToUpperInvariant() + "10", $"{partner}-{day}");
            host.At(2026, 3, day, 12, 1);
            return await host.SaleAsync($"{partner}-order-{day}", amount, $"{partner}-{day}", userAgent: userAgent);
        }

        foreach (var partner in new[] { "frank", "erin", "dave", "carol", "bob", "anna", "gina", "hank" })
        {
            await host.PartnerAsync(partner);
        }

        await Sale("anna", 300m);
        await Sale("frank", 50m);
        await Sale("bob", 300m);
        await Sale("dave", 100m);
        await Sale("carol", 100m);
        await Sale("erin", 50m);
        await Sale("anna", 200m);
        Assert.Equal(ConversionStatus.Rejected, (await Sale("gina", 1000m, "HeadlessChrome")).Conversion.Status);
        host.At(2026, 3, 20, 12, 0);
        await host.ClickAsync("HANK10", "hank-1");

        host.At(2026, 3, 31, 23, 59);
        await host.ClickAsync("FRANK10", "frank-late");
        host.Host.Clock.Now = host.Local(2026, 4, 1, 0, 0);
        await host.SaleAsync("frank-april", 1000m, "frank-late");
        return host;
    }

    [Fact]
    public async Task The_leaderboard_ranks_partners_by_revenue_then_id_with_their_conversions_and_commissions()
    {
        using var host = await MarchAsync();

        var all = (await host.Reports.LeaderboardAsync(Mar1, Apr1)).GetValueOrThrow();

        Assert.Equal(["anna", "bob", "carol", "dave", "erin", "frank"], all.Select(r => r.PartnerId.Value));
        Assert.Equal([1, 2, 3, 4, 5, 6], all.Select(r => r.Rank));
        Assert.Equal([Usd(500m), Usd(300m), Usd(100m), Usd(100m), Usd(50m), Usd(50m)], all.Select(r => r.Revenue));
        Assert.Equal([2, 1, 1, 1, 1, 1], all.Select(r => r.Conversions));
        Assert.Equal(
            [Usd(50m), Usd(30m), Usd(10m), Usd(10m), Usd(5m), Usd(5m)],
            all.Select(r => r.Commissions.Pending)
        );
        Assert.Equal(500m / 1100m, all[0].RevenueShare);

        var top3 = (await host.Reports.LeaderboardAsync(Mar1, Apr1, top: 3)).GetValueOrThrow();
        Assert.Equal(["anna", "bob", "carol"], top3.Select(r => r.PartnerId.Value));
    }

    [Fact]
    public async Task The_summary_gives_the_revenue_share_of_the_top_fifth_of_partners_rounded_up()
    {
        using var host = await MarchAsync();

        var march = (await host.Reports.SummaryAsync(Mar1, Apr1)).GetValueOrThrow();

        Assert.Equal((Mar1, Apr1), (march.From, march.Until));

        // Eight sale clicks (gina's included), hank's click and frank's at 23:59 on March 31.
        Assert.Equal(
            (10, 7, Usd(1100m), Usd(110m)),
            (march.Clicks, march.Conversions, march.Revenue, march.Commissions.Live)
        );
        Assert.Equal((6, 2), (march.Partners, march.TopPartners)); // 20% of 6 is 1.2: two partners
        Assert.Equal(Usd(800m), march.TopPartnersRevenue);
        Assert.Equal(800m / 1100m, march.TopPartnersRevenueShare);

        var april = (await host.Reports.SummaryAsync(Apr1, new LocalDate(2026, 4, 2))).GetValueOrThrow();
        Assert.Equal(
            (1, 1, Usd(1000m), 1m),
            (april.Partners, april.TopPartners, april.TopPartnersRevenue, april.TopPartnersRevenueShare)
        );

        var empty = (
            await host.Reports.SummaryAsync(new LocalDate(2026, 5, 1), new LocalDate(2026, 6, 1))
        ).GetValueOrThrow();
        Assert.Equal(
            (0, 0, Usd(0m), 0m),
            (empty.Partners, empty.TopPartners, empty.TopPartnersRevenue, empty.TopPartnersRevenueShare)
        );
    }

    [Fact]
    public async Task The_leaderboard_needs_a_positive_top_and_a_period()
    {
        using var host = await MarchAsync();

        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Reports.LeaderboardAsync(Mar1, Apr1, top: 0)).Error!.Code
        );
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await host.Reports.LeaderboardAsync(Apr1, Mar1)).Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await host.Reports.SummaryAsync(Apr1, Apr1)).Error!.Code);
        Assert.Empty(
            (
                await host.Reports.LeaderboardAsync(new LocalDate(2026, 5, 1), new LocalDate(2026, 6, 1))
            ).GetValueOrThrow()
        );
    }

    [Fact]
    public async Task An_upline_earns_in_the_month_of_the_downline_sale_without_clicks_conversions_sub_ids_or_a_rank()
    {
        using var host = new ReportHost("America/New_York", o =>
            o.Plan = TestPlans.Plan(
                TestPlans.Version(TestPlans.Percent(10)) with
                {
                    MultiLevel = new MultiLevelPolicy { Levels = [new(2, CommissionRate.Percent(2))] },
                },
                "USD"
            )
        );
        await host.PartnerAsync("anna");
        await host.PartnerAsync("carl", sponsorCode: "ANNA10");
        host.At(2026, 3, 2, 23, 0);
        await host.ClickAsync("CARL10", "v1", ["video"]);
        host.At(2026, 3, 2, 23, 50); // March 3 in UTC
        Assert.Equal(2, (await host.SaleAsync("order-1", 100m, "v1")).Lines.Count);

        var anna = (
            await host.Reports.PartnerAsync(new PartnerId("anna"), new ReportPeriod(Mar1, Apr1))
        ).GetValueOrThrow();
        Assert.Equal(Usd(2m), anna.Rows.Single(r => r.Start == Mar2).Commissions.Pending);
        Assert.Equal(
            (0, 0, Usd(0m), Usd(2m), Usd(0m)),
            (
                anna.Total.Clicks,
                anna.Total.Conversions,
                anna.Total.Revenue,
                anna.Total.Commissions.Live,
                anna.Total.EarningsPerClick
            )
        );
        Assert.Empty((await host.Reports.SubIdsAsync(new PartnerId("anna"), Mar1, Apr1)).GetValueOrThrow());

        var carl = Assert.Single((await host.Reports.SubIdsAsync(new PartnerId("carl"), Mar1, Apr1)).GetValueOrThrow());
        Assert.Equal(("video", 1, Usd(10m)), (carl.SubId, carl.Conversions, carl.Commissions.Live));
        var board = Assert.Single((await host.Reports.LeaderboardAsync(Mar1, Apr1)).GetValueOrThrow());
        Assert.Equal(
            ("carl", Usd(100m), Usd(10m), 1m),
            (board.PartnerId.Value, board.Revenue, board.Commissions.Live, board.RevenueShare)
        );
        Assert.Equal(
            Usd(12m),
            (await host.Reports.ProgramAsync(new ReportPeriod(Mar1, Apr1))).GetValueOrThrow().Total.Commissions.Live
        );
    }
}
