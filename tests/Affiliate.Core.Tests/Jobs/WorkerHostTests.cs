using System.Threading.Channels;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Affiliate.Tests.Jobs;

/// <summary>
/// A worker service (the generic host, no ASP.NET Core) runs the jobs: commissions are approved at start and the
/// outbox hands the approval's event to the host's handler on its next run, as the fake time advances.
/// </summary>
public sealed class WorkerHostTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_worker_service_host_runs_the_jobs_on_their_intervals()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var events = Channel.CreateUnbounded<string>();
        var log = new LogCapture();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.AddProvider(log);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(events);
        builder
            .Services.AddAffiliates(o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.HoldPeriod = Duration.Zero;
                o.Fraud.ClickToConversion.Enabled = false;
            })
            .UseInMemoryStores()
            .AddEventHandler<ChannelHandler>()
            .AddJobs(jobs =>
            {
                jobs.Job("outbox").Interval = TimeSpan.FromSeconds(10);
                jobs.Job("payouts").Enabled = false;
            });
        using var host = builder.Build();

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var services = scope.ServiceProvider;
            (
                await services
                    .GetRequiredService<PartnerDirectory>()
                    .RegisterAsync(
                        new PartnerApplication
                        {
                            Id = new PartnerId("anna"),
                            Name = "Anna",
                            ReferralCodes = ["ANNA10"],
                            AutoApprove = true,
                        }
                    )
            ).GetValueOrThrow();
            (
                await services
                    .GetRequiredService<ClickTracker>()
                    .RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = "ANNA10",
                            VisitorId = "v1",
                            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                        }
                    )
            ).GetValueOrThrow();
            var recorder = services.GetRequiredService<Affiliate.ConversionRecorder>();
            (
                await recorder.RecordAsync(
                    new Affiliate.ConversionRequest
                    {
                        Facts = new Affiliate.ConversionFacts
                        {
                            Id = new ConversionId("o-1"),
                            OccurredAt = Instant.FromDateTimeOffset(time.GetUtcNow()),
                            Amount = Money.Of(100m, "EUR"),
                        },
                        VisitorId = "v1",
                    }
                )
            ).GetValueOrThrow();
        }

        await host.StartAsync();

        // The approval job ran at start; the outbox's next run (10 s on) hands out the events it wrote.
        while (
            await log.Entries.Reader.ReadAsync().AsTask().WaitAsync(Guard) is not { EventId: 1803 } entry
            || (string?)entry["Job"] != ApprovalJob.JobName
        ) { }

        time.Advance(TimeSpan.FromSeconds(10));
        while (await events.Reader.ReadAsync().AsTask().WaitAsync(Guard) != "commission.approved") { }

        await host.StopAsync();
        await using var check = host.Services.CreateAsyncScope();
        var balance = Assert.Single(
            await check.ServiceProvider.GetRequiredService<CommissionLedger>().BalancesAsync(new PartnerId("anna"))
        );
        Assert.Equal((10.00m, 0m), (balance.Approved.Amount, balance.Pending.Amount));
    }

    private sealed class ChannelHandler(Channel<string> events) : IAffiliateEventHandler
    {
        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            events.Writer.TryWrite(affiliateEvent.Type);
            return ValueTask.CompletedTask;
        }
    }
}
