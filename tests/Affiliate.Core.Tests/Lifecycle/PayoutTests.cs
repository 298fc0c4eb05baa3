using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class PayoutTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static AffiliateHost Host(PayoutPolicy policy) => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.HoldPeriod = Duration.Zero;
            o.Payouts = policy;
            o.Fraud.ClickToConversion.Enabled = false;
        });

    private static async Task Earn(AffiliateHost host, string order, decimal amount)
    {
        (await host.SaleAsync(order, amount, "v1")).GetValueOrThrow();
        await host.Ledger.ApproveDueAsync();
    }

    [Fact]
    public async Task A_balance_below_the_threshold_waits_for_the_next_run()
    {
        using var host = Host(new PayoutPolicy { Thresholds = [Money.Of(50m, "EUR")] });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        await Earn(host, "o-1", 300m);
        Assert.Empty((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        await Earn(host, "o-2", 200m);
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        Assert.Equal((50.00m, 2), (payout.Amount.Amount, payout.LineCount));
        Assert.Empty((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
    }

    [Fact]
    public async Task A_partners_own_threshold_wins()
    {
        using var host = Host(new PayoutPolicy { Thresholds = [Money.Of(50m, "EUR")] });
        var anna = await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        var store = (Stores.IPartnerStore)host.Store;
        await store.UpdateAsync(
            new Stores.Versioned<Affiliate.Partner>(anna with { PayoutThreshold = Money.Of(10m, "EUR") }, anna.Version),
            [],
            default
        );

        await Earn(host, "o-1", 100m);

        Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
    }

    [Fact]
    public async Task Payouts_run_only_on_the_schedules_dates_in_the_program_time_zone()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.HoldPeriod = Duration.Zero;
            o.TimeZone = "Pacific/Auckland";
            o.Payouts = new PayoutPolicy { Schedule = PayoutSchedule.MonthlyOnDay(2) };
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await Earn(host, "o-1", 100m);

        // 2026-03-01 12:00 UTC is already March 2 in Auckland.
        var payout = Assert.Single((await host.Payouts.RunIfDueAsync()).GetValueOrThrow().Payouts);
        Assert.Equal(new LocalDate(2026, 3, 2), payout.PayoutDate);
        var nextDay = await host.Payouts.RunIfDueAsync(asOf: Instant.FromUtc(2026, 3, 2, 12, 0));
        Assert.Empty(nextDay.GetValueOrThrow().Payouts);
    }

    [Fact]
    public async Task A_failed_payout_releases_its_lines_to_the_next_one()
    {
        using var host = Host(new PayoutPolicy());
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await Earn(host, "o-1", 100m);
        var first = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        var failed = (await host.Payouts.MarkFailedAsync(first.Id, "IBAN rejected")).GetValueOrThrow();
        var second = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        Assert.Equal(PayoutStatus.Failed, failed.Status);
        Assert.Equal((first.Amount, first.LineCount), (second.Amount, second.LineCount));
        var firstLines = (await host.Payouts.StatementAsync(second.Id)).GetValueOrThrow().Lines;
        Assert.All(firstLines, l => Assert.Equal(second.Id, l.PayoutId));
        Assert.Equal(
            AffiliateErrorCodes.InvalidStateTransition,
            (await host.Payouts.MarkPaidAsync(first.Id, "tx")).Error!.Code
        );
    }

    [Fact]
    public async Task Marking_paid_is_idempotent_on_the_reference()
    {
        using var host = Host(new PayoutPolicy());
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await Earn(host, "o-1", 100m);
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);

        var paid = (await host.Payouts.MarkPaidAsync(payout.Id, "tx-1")).GetValueOrThrow();
        var again = await host.Payouts.MarkPaidAsync(payout.Id, "tx-1");
        var other = await host.Payouts.MarkPaidAsync(payout.Id, "tx-2");

        Assert.Equal(PayoutStatus.Paid, paid.Status);
        Assert.True(again.AlreadyRecorded);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, other.Error!.Code);
        Assert.Equal(
            AffiliateErrorCodes.UnknownPayout,
            (await host.Payouts.MarkPaidAsync(PayoutId.New(), "tx")).Error!.Code
        );
        var statement = (await host.Payouts.StatementAsync(payout.Id)).GetValueOrThrow();
        Assert.All(statement.Lines, l => Assert.Equal(CommissionState.Paid, l.State));
    }

    [Fact]
    public async Task Manual_adjustments_need_a_reason_and_are_paid_with_the_next_payout()
    {
        using var host = Host(new PayoutPolicy());
        var anna = await host.PartnerAsync("anna");

        AdjustmentRequest Adjust(string id, decimal amount, string reason, string currency = "EUR") =>
            new()
            {
                AdjustmentId = id,
                PartnerId = anna.Id,
                Kind = AdjustmentKind.Correction,
                Amount = Money.Of(amount, currency),
                Reason = reason,
            };
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Adjust("a1", 5m, " "))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.AdjustAsync(null, Adjust("a1", 0.001m, "x"))).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.CurrencyMismatch,
            (await host.Ledger.AdjustAsync(null, Adjust("a1", 5m, "x", "USD"))).Error!.Code
        );
        var bonus = (await host.Ledger.AdjustAsync(null, Adjust("a1", 25m, "launch campaign bonus"))).GetValueOrThrow();
        (await host.Ledger.AdjustAsync(null, Adjust("a2", -5m, "duplicate bonus last month"))).GetValueOrThrow();

        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        Assert.Equal(20.00m, payout.Amount.Amount);
        Assert.Contains("launch campaign bonus", bonus.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_payout_runs_pay_each_line_once()
    {
        using var host = Host(new PayoutPolicy());
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        for (var i = 0; i < 20; i++)
        {
            await Earn(host, $"o-{i}", 10m);
        }

        var runs = await Task.WhenAll(
            Enumerable
                .Range(0, 8)
                .Select(_ => Task.Run(async () => (await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts))
        );

        var payouts = runs.SelectMany(r => r).ToArray();
        Assert.Equal(20, payouts.Sum(p => p.LineCount));
        var claimed = new List<CommissionLineId>();
        foreach (var payout in payouts)
        {
            claimed.AddRange((await host.Payouts.StatementAsync(payout.Id)).GetValueOrThrow().Lines.Select(l => l.Id));
        }

        Assert.Equal(20, claimed.Distinct().Count());
        Assert.Equal(20.00m, payouts.Sum(p => p.Amount.Amount));
    }
}

public sealed class JobLockTests
{
    [Fact]
    public async Task While_one_run_holds_the_job_lock_another_skips_and_the_next_run_does_the_work()
    {
        using var host = new AffiliateHost(Instant.FromUtc(2026, 3, 1, 12, 0), o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.HoldPeriod = Duration.Zero;
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        (await host.SaleAsync("o-1", 100m, "v1")).GetValueOrThrow();
        var locks = (Stores.IJobLockStore)host.Store;

        await using (var held = await locks.TryAcquireAsync("approve:*", default))
        {
            Assert.NotNull(held);
            Assert.Null(await locks.TryAcquireAsync("approve:*", default));
            Assert.Equal(0, await host.Ledger.ApproveDueAsync());
        }

        Assert.Equal(1, await host.Ledger.ApproveDueAsync());

        await using (await locks.TryAcquireAsync("payouts:default", default))
        {
            Assert.Empty((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        }

        Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
    }
}
