using Affiliate.Stores;
using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class RefundTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static async Task<AffiliateHost> HostWithSale(bool allowClawback = true, decimal amount = 100m)
    {
        var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
            o.Payouts = new PayoutPolicy { AllowClawback = allowClawback };
        });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        (await host.SaleAsync("order-1", amount, "v1")).GetValueOrThrow();
        return host;
    }

    private static Task<AffiliateResult<RefundOutcome>> Refund(
        AffiliateHost host,
        string id,
        decimal? amount,
        RefundKind kind = RefundKind.Refund
    ) =>
        host
            .Conversions.RefundAsync(
                new RefundRequest
                {
                    ConversionId = new ConversionId("order-1"),
                    RefundId = id,
                    Amount = amount is { } a ? Money.Of(a, "EUR") : null,
                    Kind = kind,
                }
            )
            .AsTask();

    private static async Task<IReadOnlyList<CommissionLine>> Lines(AffiliateHost host) =>
        await ((ILedgerStore)host.Store).QueryLinesAsync(new LineQuery(), default);

    [Fact]
    public async Task Partial_refunds_reverse_proportionally_and_the_last_one_reverses_everything_left()
    {
        using var host = await HostWithSale(amount: 33.33m);

        var first = (await Refund(host, "re-1", 10m)).GetValueOrThrow();
        var second = (await Refund(host, "re-2", 10m)).GetValueOrThrow();
        var rest = (await Refund(host, "re-3", null)).GetValueOrThrow();

        // 3.33 earned; 10/33.33 of it is 0.9990 -> 1.00; 20/33.33 -> 2.00 in total, so 1.00 more; then the rest.
        Assert.Equal(-1.00m, Assert.Single(first.NewLines).Amount.Amount);
        Assert.Equal(-1.00m, Assert.Single(second.NewLines).Amount.Amount);
        Assert.Empty(rest.NewLines);
        Assert.Equal(3, rest.ReversedLines.Count);
        Assert.All(await Lines(host), l => Assert.Equal(CommissionState.Reversed, l.State));
        Assert.Equal(ConversionStatus.Reversed, rest.Conversion.Status);
        Assert.Equal(33.33m, rest.Conversion.Refunded.Amount);
    }

    [Fact]
    public async Task A_partial_refund_of_a_pending_line_follows_its_state_through_approval()
    {
        using var host = await HostWithSale();
        var reversal = Assert.Single((await Refund(host, "re-1", 25m)).GetValueOrThrow().NewLines);
        Assert.Equal(
            (LedgerEntryKind.Reversal, -2.50m, CommissionState.Pending),
            (reversal.Kind, reversal.Amount.Amount, reversal.State)
        );

        host.Clock.Advance(Duration.FromDays(30));
        Assert.Equal(2, await host.Ledger.ApproveDueAsync());
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        Assert.Equal(7.50m, payout.Amount.Amount);
    }

    [Fact]
    public async Task A_refund_above_what_is_left_is_refused_and_changes_nothing()
    {
        using var host = await HostWithSale();
        await Refund(host, "re-1", 60m);

        var tooMuch = await Refund(host, "re-2", 40.01m);

        Assert.Equal(AffiliateErrorCodes.RefundExceedsSale, tooMuch.Error!.Code);
        Assert.Equal(2, (await Lines(host)).Count);
    }

    [Fact]
    public async Task Bad_refunds_are_refused_with_stable_codes()
    {
        using var host = await HostWithSale();

        Assert.Equal(
            AffiliateErrorCodes.UnknownConversion,
            (
                await host.Conversions.RefundAsync(
                    new RefundRequest { ConversionId = new ConversionId("nope"), RefundId = "re-1" }
                )
            )
                .Error!
                .Code
        );
        Assert.Equal(AffiliateErrorCodes.CurrencyMismatch, (
                await host.Conversions.RefundAsync(
                    new RefundRequest
                    {
                        ConversionId = new ConversionId("order-1"),
                        RefundId = "re-1",
                        Amount = Money.Of(1m, "USD"),
                    }
                )
            ).Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await Refund(host, "re-1", 0.001m)).Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await Refund(host, " ", 1m)).Error!.Code);
    }

    [Theory]
    [InlineData(RefundKind.Chargeback, "chargeback")]
    [InlineData(RefundKind.Cancellation, "order cancelled")]
    public async Task Chargebacks_and_cancellations_reverse_in_full_and_say_why(RefundKind kind, string reason)
    {
        using var host = await HostWithSale();

        var outcome = (await Refund(host, "dispute-1", null, kind)).GetValueOrThrow();

        var line = Assert.Single(outcome.ReversedLines);
        Assert.Equal((CommissionState.Reversed, reason), (line.State, line.Reason));
    }

    [Fact]
    public async Task Without_clawback_a_refund_after_payout_is_recorded_but_not_deducted()
    {
        using var host = await HostWithSale(allowClawback: false);
        host.Clock.Advance(Duration.FromDays(30));
        await host.Ledger.ApproveDueAsync();
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        await host.Payouts.MarkPaidAsync(payout.Id, "tx-1");

        var clawback = Assert.Single((await Refund(host, "re-1", null)).GetValueOrThrow().NewLines);

        Assert.Equal(
            (LedgerEntryKind.Clawback, CommissionState.Reversed, -10.00m),
            (clawback.Kind, clawback.State, clawback.Amount.Amount)
        );
        Assert.Empty((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        var balance = Assert.Single(await host.Ledger.BalancesAsync(new PartnerId("anna")));
        Assert.Equal((10.00m, 0m), (balance.Paid.Amount, balance.Approved.Amount));
    }

    [Fact]
    public async Task A_refund_of_a_line_in_an_unpaid_payout_is_clawed_back_from_the_next_one()
    {
        using var host = await HostWithSale();
        host.Clock.Advance(Duration.FromDays(30));
        await host.Ledger.ApproveDueAsync();
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        var clawback = Assert.Single((await Refund(host, "re-1", 50m)).GetValueOrThrow().NewLines);
        await host.Payouts.MarkPaidAsync(payout.Id, "tx-1");

        Assert.Equal(
            (LedgerEntryKind.Clawback, -5.00m, CommissionState.Approved),
            (clawback.Kind, clawback.Amount.Amount, clawback.State)
        );
        var balance = Assert.Single(await host.Ledger.BalancesAsync(new PartnerId("anna")));
        Assert.Equal((10.00m, -5.00m), (balance.Paid.Amount, balance.Approved.Amount));
    }
}
