using Affiliate.Stores;
using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class IdempotencyTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static AffiliateHost Host() => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
        });

    private static async Task<int> OutboxCount(AffiliateHost host) =>
        (await ((IOutboxStore)host.Store).PendingAsync(int.MaxValue, default)).Count;

    [Fact]
    public async Task The_same_order_twice_changes_nothing_the_second_time()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        var first = await host.SaleAsync("order-1", 100m, "v1");
        var events = await OutboxCount(host);

        var second = await host.SaleAsync("order-1", 100.00m, "v1");

        Assert.False(first.AlreadyRecorded);
        Assert.True(second.AlreadyRecorded);
        Assert.Equal(first.Value!.Lines.Select(l => l.Id), second.Value!.Lines.Select(l => l.Id));
        Assert.Single(await ((ILedgerStore)host.Store).QueryLinesAsync(new LineQuery(), default));
        Assert.Equal(events, await OutboxCount(host));
    }

    [Fact]
    public async Task The_same_order_id_with_other_content_is_refused_with_a_stable_code()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("order-1", 100m, "v1");

        var conflicting = await host.SaleAsync("order-1", 120m, "v1");

        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, conflicting.Error!.Code);
        Assert.Single(await ((ILedgerStore)host.Store).QueryLinesAsync(new LineQuery(), default));
    }

    [Fact]
    public async Task The_same_click_id_twice_is_one_click_and_other_content_is_a_conflict()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        var request = new ClickRequest
        {
            ClickId = new ClickId("clk-1"),
            ReferralCode = "ANNA10",
            VisitorId = "v1",
            UserAgent = "Mozilla/5.0 Firefox/140.0",
        };

        var first = await host.Clicks.RecordAsync(request);
        var again = await host.Clicks.RecordAsync(request);
        var other = await host.Clicks.RecordAsync(request with { VisitorId = "v2" });

        Assert.True(first.Succeeded && !first.AlreadyRecorded);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, other.Error!.Code);
        Assert.Equal(
            1,
            (
                await ((ITouchStore)host.Store).CountClicksAsync(
                    new ClickQuery
                    {
                        ProgramId = new ProgramId("default"),
                        From = Start - Duration.FromDays(1),
                        Until = Start + Duration.FromDays(1),
                    },
                    default
                )
            ).Clicks
        );
    }

    [Fact]
    public async Task A_retried_click_request_stamped_later_is_still_the_same_click()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        var request = new ClickRequest
        {
            ClickId = new ClickId("clk-1"),
            ReferralCode = "ANNA10",
            VisitorId = "v1",
            UserAgent = "Mozilla/5.0 Firefox/140.0",
        };

        var first = (await host.Clicks.RecordAsync(request)).GetValueOrThrow();
        host.Clock.Advance(Duration.FromSeconds(2));
        var retried = await host.Clicks.RecordAsync(request);
        var otherTime = await host.Clicks.RecordAsync(
            request with
            {
                OccurredAt = first.OccurredAt + Duration.FromMinutes(5),
            }
        );

        Assert.True(retried.AlreadyRecorded);
        Assert.Equal(first.OccurredAt, retried.Value!.OccurredAt);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, otherTime.Error!.Code);
    }

    [Fact]
    public async Task The_same_refund_twice_reverses_once()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("order-1", 100m, "v1");
        var refund = new RefundRequest
        {
            ConversionId = new ConversionId("order-1"),
            RefundId = "re-1",
            Amount = Money.Of(30m, "EUR"),
        };

        var first = (await host.Conversions.RefundAsync(refund)).GetValueOrThrow();
        var again = await host.Conversions.RefundAsync(refund);
        var other = await host.Conversions.RefundAsync(refund with { Amount = Money.Of(40m, "EUR") });

        Assert.Equal(-3.00m, Assert.Single(first.NewLines).Amount.Amount);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, other.Error!.Code);
        Assert.Equal(2, (await ((ILedgerStore)host.Store).QueryLinesAsync(new LineQuery(), default)).Count);
    }

    [Fact]
    public async Task Ten_concurrent_deliveries_of_one_order_write_one_set_of_lines()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var results = await Task.WhenAll(
            Enumerable.Range(0, 10).Select(_ => Task.Run(() => host.SaleAsync("order-1", 100m, "v1")))
        );

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Equal(1, results.Count(r => !r.AlreadyRecorded));
        Assert.Single(await ((ILedgerStore)host.Store).QueryLinesAsync(new LineQuery(), default));
    }
}
