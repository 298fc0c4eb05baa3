using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Jobs;

/// <summary>Each of the core's jobs run once at the fake clock's now: due or not, and skipped while another holds its
/// lock.</summary>
public sealed class JobTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 10, 12, 0);

    private static AffiliateHost Host(Action<AffiliateBuilder>? build = null) =>
        new(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.HoldPeriod = Duration.FromDays(30);
                o.Payouts = new PayoutPolicy
                {
                    Schedule = PayoutSchedule.MonthlyOnDay(15),
                    Thresholds = [Money.Of(50m, "EUR")],
                };
                o.Fraud.ClickToConversion.Enabled = false;
            },
            build
        );

    private static IAffiliateJob Job(AffiliateHost host, string name) =>
        host.Services.GetServices<IAffiliateJob>().Single(j => j.Name == name);

    private static async Task SaleAsync(AffiliateHost host, string order, decimal amount)
    {
        await host.ClickAsync("ANNA10", "v-" + order);
        (await host.SaleAsync(order, amount, "v-" + order)).GetValueOrThrow();
    }

    [Fact]
    public async Task Approvals_approve_what_the_hold_period_released_at_the_clocks_now()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SaleAsync(host, "o-1", 100m);
        var job = Job(host, ApprovalJob.JobName);

        Assert.Equal(JobRun.Done("approvals", 0, "no commission was due"), await job.RunOnceAsync(default));

        host.Clock.Advance(Duration.FromDays(30));
        var run = await job.RunOnceAsync(default);

        Assert.Equal((true, 1, "1 line(s) approved"), (run.Ran, run.Items, run.Summary));
        Assert.Equal(0, (await job.RunOnceAsync(default)).Items);
    }

    [Fact]
    public async Task Payouts_pay_on_a_payout_date_and_say_when_the_next_is_on_other_days()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bert");
        await SaleAsync(host, "o-1", 600m);
        await host.ClickAsync("BERT10", "v-b");
        (await host.SaleAsync("o-2", 100m, "v-b")).GetValueOrThrow();
        host.Clock.Advance(Duration.FromDays(30)); // 9 April: lines approvable
        await host.Ledger.ApproveDueAsync();
        var job = Job(host, PayoutJob.JobName);

        var early = await job.RunOnceAsync(default);
        Assert.Equal((true, 0), (early.Ran, early.Items));
        Assert.Contains(
            "2026-04-09 is not a payout date of program 'default'; the next is 2026-04-15",
            early.Summary,
            StringComparison.Ordinal
        );

        host.Clock.Advance(Duration.FromDays(6)); // 15 April
        var due = await job.RunOnceAsync(default);
        Assert.Equal((true, 1), (due.Ran, due.Items));
        Assert.Contains("1 payout(s) created", due.Summary, StringComparison.Ordinal);
        Assert.Contains("1 below the threshold", due.Summary, StringComparison.Ordinal); // bert's 10.00 < 50.00
    }

    [Fact]
    public async Task Outbox_delivers_the_events_in_batches_until_none_is_due()
    {
        Recorder.Seen.Clear();
        using var host = Host(b => b.AddEventHandler<Recorder>().AddJobs(o => o.Job("outbox").BatchSize = 2));
        await host.PartnerAsync("anna");
        await SaleAsync(host, "o-1", 100m);
        var written = (await host.Store.PendingAsync(100, default)).Count;

        var run = await Job(host, OutboxJob.JobName).RunOnceAsync(default);

        Assert.True(written > 2, "Setting up: more events than one batch.");
        Assert.Equal((true, written), (run.Ran, run.Items));
        Assert.Equal(written, Recorder.Seen.Count);
        Assert.Empty(await host.Store.PendingAsync(100, default));
    }

    [Theory]
    [InlineData("approvals", "job:approvals")]
    [InlineData("payouts", "payouts:default")]
    [InlineData("outbox", OutboxDispatcher.LockName)]
    public async Task A_job_whose_lock_another_instance_holds_skips_its_run(string name, string lockName)
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await SaleAsync(host, "o-1", 100m);
        host.Clock.Advance(Duration.FromDays(36)); // approvable, and 15 April: a payout date

        await using (var held = await host.Store.TryAcquireAsync(lockName, default))
        {
            Assert.NotNull(held);
            var run = await Job(host, name).RunOnceAsync(default);
            Assert.False(run.Ran, run.Summary);
            Assert.Equal(0, run.Items);
        }

        Assert.True((await Job(host, name).RunOnceAsync(default)).Ran);
    }

    public sealed class Recorder : IAffiliateEventHandler
    {
        public static System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            Seen.Enqueue(affiliateEvent.Type);
            return ValueTask.CompletedTask;
        }
    }
}
