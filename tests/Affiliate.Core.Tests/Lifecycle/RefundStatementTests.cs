using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class RefundStatementTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 10, 0);

    private static readonly PartnerId Anna = new("anna");

    private static AffiliateHost Host(bool clawback = true) => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.HoldPeriod = Duration.FromDays(30);
            o.Payouts = new PayoutPolicy { AllowClawback = clawback };
            o.Fraud.ClickToConversion.Enabled = false;
        });

    private static async Task SaleAsync(AffiliateHost host, string order, decimal amount)
    {
        await host.ClickAsync("ANNA10", $"v-{order}");
        (await host.SaleAsync(order, amount, $"v-{order}")).GetValueOrThrow();
    }

    private static async Task RefundAsync(AffiliateHost host, string order, string refund, decimal? amount)
    {
        host.Clock.Advance(Duration.FromHours(1));
        (
            await host.Conversions.RefundAsync(
                new RefundRequest
                {
                    ConversionId = new ConversionId(order),
                    RefundId = refund,
                    Amount = amount is { } value ? Money.Of(value, "EUR") : null,
                }
            )
        ).GetValueOrThrow();
    }

    private static Task<PartnerStatement> StatementAsync(AffiliateHost host) =>
        host.Ledger.StatementAsync(Anna, Start, host.Clock.Now + Duration.FromDays(1)).AsTask();

    /// <summary>The entries add up, per currency, to what the lines that count add up to.</summary>
    private static void AssertTotalsMatch(IReadOnlyList<StatementEntry> entries, IReadOnlyList<CommissionLine> lines)
    {
        var fromEntries = entries
            .GroupBy(e => e.Amount.Currency)
            .Select(g => Money.Sum(g.Select(e => e.Amount), g.Key));
        var fromLines = lines
            .GroupBy(l => l.Amount.Currency)
            .Select(g => Money.Sum(g.Where(l => l.IsLive).Select(l => l.Amount), g.Key));
        Assert.Equal(fromLines, fromEntries);
    }

    [Fact]
    public async Task Two_partial_refunds_are_two_entries_with_their_amounts_and_sentences()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SaleAsync(host, "order-1001", 200m);
        await RefundAsync(host, "order-1001", "r1", 50m);
        await RefundAsync(host, "order-1001", "r2", 30m);

        var statement = await StatementAsync(host);

        Assert.Equal(
            [
                (StatementEntryKind.Line, 20.00m, null),
                (StatementEntryKind.Refund, -5.00m, "r1"),
                (StatementEntryKind.Refund, -3.00m, "r2"),
            ],
            statement.Entries.Select(e => (e.Kind, e.Amount.Amount, e.RefundId))
        );
        Assert.Equal(
            "-5.00 EUR: refund r1 of 50.00 EUR on order-1001 takes back 25% of the commission of 20.00 EUR.",
            statement.Entries[1].Sentence
        );
        Assert.Equal(
            "-3.00 EUR: refund r2 of 30.00 EUR on order-1001 takes back 15% of the commission of 20.00 EUR.",
            statement.Entries[2].Sentence
        );
        Assert.Equal([Money.Of(12m, "EUR")], statement.Totals);
        AssertTotalsMatch(statement.Entries, statement.Lines);
    }

    [Fact]
    public async Task A_refund_of_the_rest_is_its_own_entry_though_it_reverses_the_line_itself()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SaleAsync(host, "order-1001", 200m);
        await RefundAsync(host, "order-1001", "r1", 50m);
        await RefundAsync(host, "order-1001", "r2", null);

        var statement = await StatementAsync(host);
        var history = (await host.Ledger.HistoryAsync(null, new ConversionId("order-1001"))).GetValueOrThrow();

        // Underneath, the commission and the first reversal are both reversed: no line counts any more.
        Assert.All(statement.Lines, l => Assert.Equal(CommissionState.Reversed, l.State));
        Assert.Equal(
            [(20.00m, null), (-5.00m, "r1"), (-15.00m, "r2")],
            statement.Entries.Select(e => (e.Amount.Amount, e.RefundId))
        );
        Assert.Equal(
            "-15.00 EUR: refund r2 of 150.00 EUR on order-1001 takes back 75% of the commission of 20.00 EUR.",
            statement.Entries[2].Sentence
        );
        Assert.Equal([Money.Of(0m, "EUR")], statement.Totals);
        AssertTotalsMatch(statement.Entries, statement.Lines);
        Assert.Equal(statement.Entries.Select(e => e.Sentence), history.Entries.Select(e => e.Sentence));
        Assert.Equal(ConversionStatus.Reversed, history.Conversion.Status);
    }

    [Fact]
    public async Task A_refund_after_payout_is_a_clawback_entry_on_the_statement_and_in_the_next_payout()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SaleAsync(host, "order-1001", 200m);
        host.Clock.Advance(Duration.FromDays(31));
        await host.Ledger.ApproveDueAsync();
        var first = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        (await host.Payouts.MarkPaidAsync(first.Id, "tx-1")).GetValueOrThrow();

        await RefundAsync(host, "order-1001", "r1", 50m);
        await RefundAsync(host, "order-1001", "r2", 150m);
        await SaleAsync(host, "order-1002", 400m);
        host.Clock.Advance(Duration.FromDays(31));
        await host.Ledger.ApproveDueAsync();
        var next = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        var payout = (await host.Payouts.StatementAsync(next.Id)).GetValueOrThrow();
        var statement = await StatementAsync(host);

        Assert.Equal(40.00m - 20.00m, next.Amount.Amount);
        Assert.Equal(
            [
                (StatementEntryKind.Refund, -5.00m),
                (StatementEntryKind.Refund, -15.00m),
                (StatementEntryKind.Line, 40.00m),
            ],
            payout.Entries.Select(e => (e.Kind, e.Amount.Amount))
        );
        Assert.Equal(
            "-15.00 EUR: refund r2 of 150.00 EUR on order-1001 claws back 75% of the paid commission of 20.00 EUR; "
                + "deducted from the next payout.",
            payout.Entries[1].Sentence
        );
        Assert.Equal(next.Amount, Money.Sum(payout.Entries.Select(e => e.Amount), next.Amount.Currency));
        Assert.Equal([20.00m, -5.00m, -15.00m, 40.00m], statement.Entries.Select(e => e.Amount.Amount));
        AssertTotalsMatch(statement.Entries, statement.Lines);
    }

    [Fact]
    public async Task A_clawback_the_program_does_not_recover_is_an_entry_of_nothing_that_says_so()
    {
        using var host = Host(clawback: false);
        await host.PartnerAsync("anna");
        await SaleAsync(host, "order-1001", 200m);
        host.Clock.Advance(Duration.FromDays(31));
        await host.Ledger.ApproveDueAsync();
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        (await host.Payouts.MarkPaidAsync(payout.Id, "tx-1")).GetValueOrThrow();
        await RefundAsync(host, "order-1001", "r1", 50m);

        var statement = await StatementAsync(host);

        Assert.Equal([20.00m, 0.00m], statement.Entries.Select(e => e.Amount.Amount));
        Assert.Equal(
            "0.00 EUR: refund r1 of 50.00 EUR on order-1001 would claw back 5.00 EUR of the paid commission of "
                + "20.00 EUR; the program does not recover it.",
            statement.Entries[1].Sentence
        );
        AssertTotalsMatch(statement.Entries, statement.Lines);
    }

    [Fact]
    public async Task A_rejected_line_is_an_entry_of_nothing_owed_with_the_reviewers_reason()
    {
        using var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        host.Clock.Advance(Duration.FromSeconds(2));
        (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();
        var decision = new ReviewDecision(false, "stolen card", "ops");
        (await host.Ledger.ReviewAsync(null, new ConversionId("order-1"), decision)).GetValueOrThrow();

        var statement = await StatementAsync(host);

        var entry = Assert.Single(statement.Entries);
        Assert.Equal(0m, entry.Amount.Amount);
        Assert.EndsWith("Not owed: rejected on review by ops: stolen card.", entry.Sentence, StringComparison.Ordinal);
        AssertTotalsMatch(statement.Entries, statement.Lines);
    }
}
