using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>A host that opts in with <c>.UseBulkClickWriter&lt;TContext&gt;()</c>, on a SQLite file.</summary>
public sealed class BulkClickHostingTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new(pooling: true);
    private readonly FakeTime _time = new();

    public async Task InitializeAsync()
    {
        await using var context = new AffiliateDbContext(
            new DbContextOptionsBuilder<AffiliateDbContext>().UseSqlite(_file.ConnectionString).Options
        );
        await AffiliateSchema.EnsureCreatedAsync(context);
    }

    public Task DisposeAsync() => _file.DisposeAsync().AsTask();

    private IHost Host(Action<BulkClickOptions>? configure = null, bool twice = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(
            new HostApplicationBuilderSettings()
        );
        builder.Services.AddSingleton<TimeProvider>(_time);
        builder.Services.AddDbContext<AffiliateDbContext>(o => o.UseSqlite(_file.ConnectionString));
        var affiliates = builder
            .Services.AddAffiliates(o =>
            {
                o.IpHashKey = "test-ip-hash-key-0123456789abcdef";
                o.Plan = new CommissionPlan
                {
                    Id = new PlanId("plan"),
                    Name = "Standard",
                    Currency = Currency.FromCode("EUR"),
                    Versions =
                    [
                        new PlanVersion
                        {
                            Number = 1,
                            EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                            Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(10m) }],
                        },
                    ],
                };
            })
            .UseEntityFrameworkCore<AffiliateDbContext>()
            .UseBulkClickWriter<AffiliateDbContext>(configure);
        if (twice)
        {
            affiliates.UseBulkClickWriter<AffiliateDbContext>(configure);
        }

        return builder.Build();
    }

    private static async Task<T> InScopeAsync<T>(IHost host, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    private static ClickRequest Request(string clickId) =>
        new()
        {
            ClickId = new ClickId(clickId),
            ReferralCode = "ANNA10",
            VisitorId = "visitor-1",
            IpAddress = "198.51.100.7",
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            LandingUrl = "https://shop.example/",
        };

    [Fact]
    public async Task Tracked_clicks_are_buffered_written_on_shutdown_and_recognised_when_redelivered()
    {
        var host = Host(o => o.BatchSize = 100);
        await host.StartAsync();
        await InScopeAsync(host, async services => (
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
            ).GetValueOrThrow());

        var recorded = await InScopeAsync(host, async services =>
        {
            Assert.IsType<BufferedTouchStore>(services.GetRequiredService<ITouchStore>());
            var result = await services.GetRequiredService<ClickTracker>().RecordAsync(Request("clk-host-1"));
            Assert.True(result.Succeeded);
            Assert.False(result.AlreadyRecorded);

            // Buffered, not yet in the database: the interval has not passed.
            Assert.Null(
                await services
                    .GetRequiredService<ITouchStore>()
                    .FindClickAsync(result.Value!.ProgramId, result.Value.Id, default)
            );
            return result.Value;
        });
        Assert.Equal(1, host.Services.GetRequiredService<BulkClickWriter>().Pending);

        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();

        // A restarted host finds the click and answers a redelivery as a replay; nothing is written twice.
        var restarted = Host();
        await restarted.StartAsync();
        await InScopeAsync(restarted, async services =>
        {
            SpecAssert.Equivalent(
                recorded,
                await services
                    .GetRequiredService<ITouchStore>()
                    .FindClickAsync(recorded.ProgramId, recorded.Id, default)
            );
            var again = await services.GetRequiredService<ClickTracker>().RecordAsync(Request("clk-host-1"));
            Assert.True(again.Succeeded);
            Assert.True(again.AlreadyRecorded);
            return 0;
        });
        Assert.Equal(0, restarted.Services.GetRequiredService<BulkClickWriter>().Pending);
        await restarted.StopAsync();
        await ((IAsyncDisposable)restarted).DisposeAsync();
    }

    [Fact]
    public async Task A_host_disposed_without_StopAsync_loses_only_the_clicks_not_yet_written()
    {
        var host = Host(o => o.FlushInterval = Duration.FromSeconds(5));
        await host.StartAsync();
        var writer = host.Services.GetRequiredService<BulkClickWriter>();
        await InScopeAsync(host, async services =>
        {
            var store = services.GetRequiredService<ITouchStore>();
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.AddClickAsync(ClickKit.Click(1), ClickKit.Rollups(ClickKit.Click(1)), default)).Status
            );
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.AddClickAsync(ClickKit.Click(2), ClickKit.Rollups(ClickKit.Click(2)), default)).Status
            );
            return 0;
        });

        _time.Advance(TimeSpan.FromSeconds(5));
        await ClickKit.WaitUntilAsync(writer, () => writer.Written == 2);
        await InScopeAsync(host, async services =>
        {
            var store = services.GetRequiredService<ITouchStore>();
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.AddClickAsync(ClickKit.Click(3), ClickKit.Rollups(ClickKit.Click(3)), default)).Status
            );
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.AddClickAsync(ClickKit.Click(4), ClickKit.Rollups(ClickKit.Click(4)), default)).Status
            );
            return 0;
        });
        Assert.Equal(2, writer.Pending);

        // The crash: no StopAsync; the container goes away with the buffer.
        await ((IAsyncDisposable)host).DisposeAsync();

        var restarted = Host();
        var ids = await InScopeAsync(restarted, async services =>
            await services
                .GetRequiredService<AffiliateDbContext>()
                .Set<ClickRow>()
                .Select(c => c.Id)
                .OrderBy(id => id)
                .ToListAsync()
        );
        Assert.Equal([ClickKit.Id(1), ClickKit.Id(2)], ids);
        await ((IAsyncDisposable)restarted).DisposeAsync();
    }

    [Fact]
    public async Task A_click_the_full_buffer_drops_is_answered_click_dropped_not_success()
    {
        // Not started: nothing drains the buffer, so its one place stays taken.
        var host = Host(o =>
        {
            o.Capacity = 1;
            o.FullMode = BulkClickFullMode.DropNewest;
        });
        var writer = host.Services.GetRequiredService<BulkClickWriter>();
        await InScopeAsync(host, async services => (
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
            ).GetValueOrThrow());

        var first = await InScopeAsync(host, services =>
            services.GetRequiredService<ClickTracker>().RecordAsync(Request("click-1")).AsTask()
        );
        var second = await InScopeAsync(host, services =>
            services.GetRequiredService<ClickTracker>().RecordAsync(Request("click-2")).AsTask()
        );

        Assert.True(first.Succeeded, first.ToString());
        Assert.False(second.Succeeded);
        Assert.Equal(AffiliateErrorCodes.ClickDropped, second.Error.Code);
        Assert.Equal(AffiliateErrorCategory.Unavailable, second.Error.Category);
        Assert.Equal(1, writer.Dropped);
        Assert.Equal(1, writer.Pending);
        await ((IAsyncDisposable)host).DisposeAsync();
    }

    [Fact]
    public async Task Registering_twice_is_harmless_and_options_are_validated()
    {
        var host = Host(o => o.Capacity = 1234, twice: true);
        var hosted = host.Services.GetServices<IHostedService>().OfType<BulkClickWriter>().ToList();
        Assert.Single(hosted);
        Assert.Same(hosted[0], host.Services.GetRequiredService<BulkClickWriter>());
        Assert.Equal(1234, hosted[0].Options.Capacity);
        await ((IAsyncDisposable)host).DisposeAsync();

        var invalid = Host(o => o.BatchSize = 0);
        var error = Assert.Throws<OptionsValidationException>(() =>
            invalid.Services.GetRequiredService<BulkClickWriter>()
        );
        Assert.Contains(error.Failures, f => f.Contains("BatchSize is 0", StringComparison.Ordinal));
        await ((IAsyncDisposable)invalid).DisposeAsync();
    }
}
