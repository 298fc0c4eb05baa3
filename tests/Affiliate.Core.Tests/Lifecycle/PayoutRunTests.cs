using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

/// <summary>A payout run says what it did: the payouts, or why there were none, with the balances that wait
/// counted.</summary>
public sealed class PayoutRunTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 10, 12, 0);

    private static AffiliateHost Host() => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.HoldPeriod = Duration.Zero;
            o.Payouts = new PayoutPolicy
            {
                Schedule = PayoutSchedule.MonthlyOnDay(15),
                Thresholds = [Money.Of(50m, "EUR")],
            };
            o.Fraud.ClickToConversion.Enabled = false;
        });

    private static async Task EarnAsync(AffiliateHost host, string partner, string order, decimal amount)
    {
        await host.ClickAsync(partner.ToUpperInvariant() + "10", "v-" + order);
        (await host.SaleAsync(order, amount, "v-" + order)).GetValueOrThrow();
    }

    [Fact]
    public async Task An_unknown_program_is_a_result_code_for_both_runs_not_an_exception()
    {
        using var host = Host();

        var created = await host.Payouts.CreatePayoutsAsync(new ProgramId("nope"));
        var due = await host.Payouts.RunIfDueAsync(new ProgramId("nope"));

        Assert.Equal(AffiliateErrorCodes.UnknownProgram, created.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownProgram, due.Error?.Code);
    }

    [Fact]
    public async Task Not_a_payout_day_says_so_with_the_next_payout_date_in_the_program_time_zone()
    {
        using var host = Host();

        var run = (await host.Payouts.RunIfDueAsync()).GetValueOrThrow();

        Assert.Equal(PayoutRunStatus.NotPayoutDay, run.Status);
        Assert.Equal((new LocalDate(2026, 3, 10), new LocalDate(2026, 3, 15)), (run.RunDate, run.NextPayoutDate));
        Assert.Empty(run.Payouts);
        var later = (await host.Payouts.RunIfDueAsync(asOf: Instant.FromUtc(2026, 3, 16, 0, 0))).GetValueOrThrow();
        Assert.Equal(new LocalDate(2026, 4, 15), later.NextPayoutDate);
    }

    [Fact]
    public async Task A_run_counts_the_balances_below_their_threshold_and_of_partners_who_cannot_be_paid()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bert");
        await host.PartnerAsync("cleo");
        await EarnAsync(host, "anna", "o-1", 600m); // 60.00: paid
        await EarnAsync(host, "bert", "o-2", 100m); // 10.00: below 50.00
        await EarnAsync(host, "cleo", "o-3", 900m); // 90.00, but cleo is suspended
        await host.Ledger.ApproveDueAsync();
        var partners = (Stores.IPartnerStore)host.Store;
        var cleo = (await partners.FindAsync(new PartnerId("cleo"), default))!;
        var suspended = cleo with { Status = Affiliate.PartnerStatus.Suspended };
        await partners.UpdateAsync(new Stores.Versioned<Affiliate.Partner>(suspended, cleo.Version), [], default);

        var run = (await host.Payouts.RunIfDueAsync(asOf: Instant.FromUtc(2026, 3, 15, 8, 0))).GetValueOrThrow();

        Assert.Equal(PayoutRunStatus.Created, run.Status);
        Assert.Equal(new PartnerId("anna"), Assert.Single(run.Payouts).PartnerId);
        Assert.Equal((1, 0, 1), (run.BelowThreshold, run.NotPositive, run.PartnersNotEarning));
        Assert.Equal(
            "1 payout(s) created for program 'default' on 2026-03-15 (1 below the threshold, 0 not positive, "
                + "1 of partners who cannot be paid now)",
            run.Summary
        );

        var again = (await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow();
        Assert.Equal(
            (PayoutRunStatus.NothingPayable, 1, 1),
            (again.Status, again.BelowThreshold, again.PartnersNotEarning)
        );
    }

    [Fact]
    public async Task A_run_while_another_instance_holds_the_programs_lock_says_so()
    {
        using var host = Host();
        await using var held = await host.Store.TryAcquireAsync("payouts:default", default);

        var run = (await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow();

        Assert.Equal(PayoutRunStatus.RunningElsewhere, run.Status);
        Assert.Contains("another instance", run.Summary, StringComparison.Ordinal);
    }
}
