using Affiliate.Tests.Support;

namespace Affiliate.Tests.Scenarios;

/// <summary>S7 and S10 of SCENARIOS.md, end to end.</summary>
public sealed class LedgerScenarios
{
    [Fact]
    public async Task S7_hold_approve_pay_then_a_refund_after_payout_is_deducted_from_the_next_payout()
    {
        var day0 = Instant.FromUtc(2026, 1, 1, 9, 0);
        Instant Day(int n) => day0 + Duration.FromDays(n);
        using var host = new AffiliateHost(day0, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(30m);
            o.HoldPeriod = Duration.FromDays(30);
            o.Payouts = new PayoutPolicy { Schedule = PayoutSchedule.MonthlyOnDay(15) };
            o.Fraud.ClickToConversion.Enabled = false;
        });
        var partner = await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        // Day 0: a 49.00 sale earns 14.70, pending for 30 days.
        var sale = (await host.SaleAsync("order-1", 49m, "v1")).GetValueOrThrow();
        var line = Assert.Single(sale.Lines);
        Assert.Equal((14.70m, CommissionState.Pending), (line.Amount.Amount, line.State));

        host.Clock.Now = Day(29);
        Assert.Equal(0, await host.Ledger.ApproveDueAsync());
        host.Clock.Now = Day(30);
        Assert.Equal(1, await host.Ledger.ApproveDueAsync());

        // Day 45 is February 15, a payout date.
        host.Clock.Now = Day(45);
        var first = Assert.Single((await host.Payouts.RunIfDueAsync()).GetValueOrThrow().Payouts);
        Assert.Equal(14.70m, first.Amount.Amount);
        (await host.Payouts.MarkPaidAsync(first.Id, "bank-transfer-1")).GetValueOrThrow();

        // Another sale on day 40 will be approved on day 70 and paid on March 15.
        host.Clock.Now = Day(40);
        await host.ClickAsync("ANNA10", "v2");
        Assert.Single((await host.SaleAsync("order-2", 100m, "v2")).GetValueOrThrow().Lines);

        // Day 60: the first order is refunded after its commission was paid.
        host.Clock.Now = Day(60);
        var refund = (
            await host.Conversions.RefundAsync(
                new RefundRequest { ConversionId = new ConversionId("order-1"), RefundId = "refund-1" }
            )
        ).GetValueOrThrow();
        var clawback = Assert.Single(refund.NewLines);
        Assert.Equal(
            (LedgerEntryKind.Clawback, -14.70m, CommissionState.Approved),
            (clawback.Kind, clawback.Amount.Amount, clawback.State)
        );

        host.Clock.Now = Day(70);
        await host.Ledger.ApproveDueAsync();
        host.Clock.Now = Instant.FromUtc(2026, 3, 15, 9, 0);
        var next = Assert.Single((await host.Payouts.RunIfDueAsync()).GetValueOrThrow().Payouts);

        Assert.Equal(30.00m - 14.70m, next.Amount.Amount);
        var statement = (await host.Payouts.StatementAsync(next.Id)).GetValueOrThrow();
        Assert.Equal(next.Amount, Money.Sum(statement.Lines.Select(l => l.Amount), Currency.EUR));
        Assert.Contains(statement.Lines, l => l.Kind == LedgerEntryKind.Clawback);
        Assert.Equal(partner.Id, next.PartnerId);
    }

    [Fact]
    public async Task S10_thirty_percent_of_a_sale_charged_on_August_19_is_approvable_from_September_18()
    {
        var charged = Instant.FromUtc(2020, 8, 19, 14, 30);
        using var host = new AffiliateHost(charged, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(30m);
            o.HoldPeriod = Duration.FromDays(30);
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var line = Assert.Single((await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow().Lines);

        Assert.Equal(30.00m, line.Amount.Amount);
        Assert.Equal(new LocalDate(2020, 9, 18), line.ApprovableAt!.Value.InUtc().Date);
        Assert.Equal(0, await host.Ledger.ApproveDueAsync(asOf: Instant.FromUtc(2020, 9, 17, 23, 59)));
        Assert.Equal(1, await host.Ledger.ApproveDueAsync(asOf: Instant.FromUtc(2020, 9, 18, 14, 30)));
    }
}
