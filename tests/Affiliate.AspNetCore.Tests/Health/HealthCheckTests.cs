using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Affiliate.AspNetCore.Tests.Health;

/// <summary>The adapter's health checks: database, click buffer, failed outbox events.</summary>
public sealed class HealthCheckTests
{
    [Fact]
    public async Task A_fresh_host_is_healthy_on_every_affiliate_check()
    {
        await using var host = await StartAsync();

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, report.Status);
        Assert.Equal(
            [AffiliateHealthChecks.ClickBuffer, AffiliateHealthChecks.Database, AffiliateHealthChecks.Outbox],
            report.Entries.Keys.Order(StringComparer.Ordinal)
        );
        Assert.All(report.Entries.Values, e => Assert.Contains(AffiliateHealthChecks.Tag, e.Tags));
        var response = await host.Client.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_outbox_event_that_failed_for_good_makes_the_outbox_check_degraded()
    {
        await using var host = await StartAsync(failingHandler: true);
        await host.AddPartnerAsync("anna", "ANNA");
        await host.InScopeAsync(async s => await s.GetRequiredService<OutboxDispatcher>().DispatchAsync());

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Degraded, report.Entries[AffiliateHealthChecks.Outbox].Status);
        Assert.Contains(
            "failed for good",
            report.Entries[AffiliateHealthChecks.Outbox].Description,
            StringComparison.Ordinal
        );
        Assert.Equal(HealthStatus.Healthy, report.Entries[AffiliateHealthChecks.Database].Status);
    }

    [Fact]
    public async Task An_outbox_that_lags_behind_is_degraded_until_its_events_are_delivered()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                BulkClicks = false,
                Services = s => s.Configure<AffiliateJobsOptions>(o => o.Job(OutboxJob.JobName).Enabled = false),
            }
        );
        await host.AddPartnerAsync("anna", "ANNA");

        var fresh = await CheckAsync(host);
        host.Advance(Duration.FromMinutes(6));
        var lagging = await CheckAsync(host);
        await host.InScopeAsync(async s => await s.GetRequiredService<OutboxDispatcher>().DispatchAsync());
        var delivered = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, fresh.Entries[AffiliateHealthChecks.Outbox].Status);
        var entry = lagging.Entries[AffiliateHealthChecks.Outbox];
        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Contains("360 s old", entry.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, delivered.Entries[AffiliateHealthChecks.Outbox].Status);
    }

    [Fact]
    public async Task A_database_that_does_not_answer_makes_the_database_check_unhealthy()
    {
        await using var host = await StartAsync();
        await host.InScopeAsync(async s =>
        {
            var db = s.GetRequiredService<TestShopContext>().Database;
            await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(
                db,
                "DROP TABLE affiliate_partners"
            );
            return 0;
        });

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Unhealthy, report.Entries[AffiliateHealthChecks.Database].Status);
    }

    [Fact]
    public async Task Clicks_waiting_in_the_bulk_writer_beyond_the_bound_make_the_click_buffer_check_degraded()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup { Web = web => web.Api.HealthClickBufferDegradedDepth = 1 }
        );
        await host.AddPartnerAsync("anna", "ANNA");
        await host.InScopeAsync(async s =>
        {
            var clicks = s.GetRequiredService<ClickTracker>();
            for (var i = 0; i < 3; i++)
            {
                (
                    await clicks.RecordAsync(new ClickRequest { ReferralCode = "ANNA", VisitorId = $"v{i}" })
                ).GetValueOrThrow();
            }

            return 0;
        });

        var entry = (await CheckAsync(host)).Entries[AffiliateHealthChecks.ClickBuffer];

        Assert.Equal(HealthStatus.Degraded, entry.Status);
        Assert.Equal(3L, entry.Data["depth"]);
    }

    private static Task<TestHost> StartAsync(bool failingHandler = false) =>
        TestHost.StartAsync(
            new TestHostSetup
            {
                BulkClicks = false,
                Affiliates = o => o.Outbox.MaxAttempts = 1,
                Builder = b =>
                {
                    if (failingHandler)
                    {
                        b.AddEventHandler<FailingHandler>();
                    }
                },
                Pipeline = app => app.MapHealthChecks("/health"),
            }
        );

    private static Task<HealthReport> CheckAsync(TestHost host) =>
        host
            .Services.GetRequiredService<HealthCheckService>()
            .CheckHealthAsync(r => r.Tags.Contains(AffiliateHealthChecks.Tag));

    private sealed class FailingHandler : IAffiliateEventHandler
    {
        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The handler is broken.");
    }
}
