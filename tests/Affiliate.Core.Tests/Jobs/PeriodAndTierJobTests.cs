using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Jobs;

/// <summary>The period-close and performance-tier jobs beyond the specification: refunds, locks, periods.</summary>
public sealed class PeriodAndTierJobTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);
    private static readonly Instant AfterMarch = Instant.FromUtc(2026, 4, 1, 3, 0);

    [Fact]
    public async Task A_partly_refunded_sale_is_re_rated_on_what_was_kept()
    {
        using var host = TieredHost();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        var sales = new List<ConversionOutcome>();
        foreach (var amount in new[] { 100m, 200m, 300m })
        {
            host.Clock.Advance(Duration.FromDays(1));
            sales.Add((await host.SaleAsync($"order-{amount}", amount, "v1")).GetValueOrThrow());
        }

        await RefundAsync(host, "order-100", 50m);

        host.Clock.Now = AfterMarch;
        var run = await RunAsync(host, PeriodCloseJob.JobName);

        // Kept 50, 200, 300 at 20% = 110; earned 10 - 5 + 20 + 60 = 85; owed 25.
        Assert.Equal(1, run.Items);
        var statement = await host.Ledger.StatementAsync(
            new PartnerId("anna"),
            Start,
            AfterMarch + Duration.FromDays(1)
        );
        var line = Assert.Single(statement.Lines, l => l.Kind == LedgerEntryKind.PeriodAdjustment);
        Assert.Equal(Money.Of(25m, "EUR"), line.Amount);
        var expected = PeriodCloseAdjustment.Calculate(
            new PeriodCloseRequest
            {
                Plan = JobSpecification.TieredPlan(),
                RuleId = "volume",
                PartnerId = new PartnerId("anna"),
                Conversions = [Kept(sales[0], 50m, 5m), Kept(sales[1], 200m, 20m), Kept(sales[2], 300m, 60m)],
                TimeZone = DateTimeZoneProviders.Tzdb[JobSpecification.Zone],
            }
        )!;
        Assert.Equal(expected.Amount, line.Amount);
    }

    [Fact]
    public async Task A_held_sale_does_not_count_toward_the_re_rated_tier()
    {
        using var host = TieredHost(build: b => b.AddConversionFraudRule<HoldBigOrders>());
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        foreach (var amount in new[] { 100m, 200m, 300m })
        {
            host.Clock.Advance(Duration.FromDays(1));
            await host.SaleAsync($"order-{amount}", amount, "v1");
        }

        host.Clock.Now = AfterMarch;
        var run = await RunAsync(host, PeriodCloseJob.JobName);

        // Only two credited sales outside review: the month stays in the 10% tier.
        Assert.Equal(0, run.Items);
    }

    [Fact]
    public async Task A_program_without_period_close_rules_or_tiers_is_left_alone()
    {
        using var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("order-1", 100m, "v1");
        host.Clock.Now = AfterMarch;

        var close = await RunAsync(host, PeriodCloseJob.JobName);
        var tiers = await RunAsync(host, PerformanceTierJob.JobName);

        Assert.Equal(
            (true, 0, "No program re-rates its volume tiers at period close."),
            (close.Ran, close.Items, close.Summary)
        );
        Assert.Equal((true, 0, "No program has performance tiers."), (tiers.Ran, tiers.Items, tiers.Summary));
    }

    [Theory]
    [InlineData(PeriodCloseJob.JobName)]
    [InlineData(PerformanceTierJob.JobName)]
    public async Task A_run_while_another_instance_holds_the_job_lock_is_skipped(string job)
    {
        using var host = TieredHost();
        await using var held = await host.Store.TryAcquireAsync(job, default);
        Assert.NotNull(held);

        var run = await RunAsync(host, job);

        Assert.False(run.Ran);
        Assert.Contains("Another instance", run.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void The_last_period_is_the_previous_month_a_whole_block_of_days_or_everything_before_this_month()
    {
        var zone = DateTimeZoneProviders.Tzdb[JobSpecification.Zone];
        var now = Instant.FromUtc(2026, 3, 31, 22, 30); // 1 April 00:30 in Berlin

        Assert.Equal(
            (new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1)),
            PerformanceTierJob.LastPeriod(VolumeWindow.CalendarMonth, now, zone)
        );
        Assert.Equal(
            (new LocalDate(1970, 1, 1), new LocalDate(2026, 4, 1)),
            PerformanceTierJob.LastPeriod(VolumeWindow.Lifetime, now, zone)
        );

        // 2026-04-01 is day 20544 since 1970-01-01: the last whole block of 7 days ended at day 20538 (2026-03-26).
        Assert.Equal(
            (new LocalDate(2026, 3, 19), new LocalDate(2026, 3, 26)),
            PerformanceTierJob.LastPeriod(VolumeWindow.Rolling(7), now, zone)
        );
    }

    [Fact]
    public async Task Refunds_count_toward_the_refund_rate_by_their_share_of_revenue()
    {
        var plan = JobSpecification.TieredPlan();
        var version = plan.Versions[0] with
        {
            PerformanceTiers = new PerformanceTierPolicy
            {
                Levels =
                [
                    new PerformanceTierLevel
                    {
                        Tier = new("Trusted"),
                        PromoteWhen = new() { MinConversions = 1, MaxRefundRatePercent = 20m },
                    },
                ],
            },
        };
        using var host = TieredHost(o => o.Plan = plan with { Versions = [version] });
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bob");
        await host.ClickAsync("ANNA10", "v1");
        await host.ClickAsync("BOB10", "v2");
        await host.SaleAsync("anna-1", 100m, "v1");
        await host.SaleAsync("anna-2", 100m, "v1");
        await host.SaleAsync("bob-1", 100m, "v2");
        await host.SaleAsync("bob-2", 100m, "v2");

        // Anna refunds 30 of 200 (15%: 0.3 of her 2 conversions), Bob 50 (25%).
        await RefundAsync(host, "anna-1", 30m);
        await RefundAsync(host, "bob-1", 50m);
        host.Clock.Now = AfterMarch;

        var run = await RunAsync(host, PerformanceTierJob.JobName);

        var policy = version.PerformanceTiers!;
        var anna = PerformanceTierEvaluator.Evaluate(policy, null, new PartnerPerformance(1, 2, 170m, 0.3m));
        var bob = PerformanceTierEvaluator.Evaluate(policy, null, new PartnerPerformance(1, 2, 150m, 0.5m));
        Assert.Equal((new PartnerTier("Trusted"), (PartnerTier?)null), (anna.To, bob.To));
        Assert.Equal(1, run.Items);
        Assert.Equal(anna.To, (await host.Partners.FindAsync(new PartnerId("anna")))!.Tier);
        Assert.Equal(bob.To, (await host.Partners.FindAsync(new PartnerId("bob")))!.Tier);
    }

    private static AffiliateHost TieredHost(
        Action<Affiliate.AffiliateOptions>? configure = null,
        Action<Affiliate.AffiliateBuilder>? build = null
    ) =>
        new(
            Start,
            o =>
            {
                JobSpecification.Configure(o);
                configure?.Invoke(o);
            },
            build
        );

    private sealed class HoldBigOrders : Affiliate.IConversionFraudRule
    {
        public ValueTask<Affiliate.FraudVerdict> EvaluateAsync(
            Affiliate.ConversionFraudContext context,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult(
                context.Conversion.Amount?.Amount >= 250m
                    ? Affiliate.FraudVerdict.Hold("big_order", "orders from 250 are reviewed")
                    : Affiliate.FraudVerdict.Allow
            );
    }

    private static PeriodConversion Kept(ConversionOutcome sale, decimal basis, decimal earned) =>
        new(sale.Conversion.Id, sale.Conversion.OccurredAt, Money.Of(basis, "EUR"), 1, Money.Of(earned, "EUR"));

    private static async Task RefundAsync(AffiliateHost host, string orderId, decimal amount)
    {
        var refund = await host.Conversions.RefundAsync(
            new RefundRequest
            {
                ConversionId = new ConversionId(orderId),
                RefundId = "refund-" + orderId,
                Amount = Money.Of(amount, "EUR"),
            }
        );
        Assert.True(refund.Succeeded, refund.Error?.ToString());
    }

    private static Task<JobRun> RunAsync(AffiliateHost host, string job) =>
        host.Services.GetServices<IAffiliateJob>().Single(j => j.Name == job).RunOnceAsync(default).AsTask();
}
