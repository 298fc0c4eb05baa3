using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore.Tests.Jobs;

/// <summary>
/// The jobs the Entity Framework Core store adds (click partitions, retention), once at the fake clock's now, on
/// each provider; and on PostgreSQL, instances that share the database skip a job another instance is running.
/// </summary>
public abstract class DatabaseJobTests
{
    protected abstract Task<Fleet> FleetAsync();

    protected static IAffiliateJob Job(Instance instance, string name) =>
        instance.Services.GetServices<IAffiliateJob>().Single(j => j.Name == name);

    [Fact]
    public async Task Retention_deletes_the_clicks_older_than_its_option_and_does_nothing_without_one()
    {
        await using var fleet = await FleetAsync();
        var instance = fleet.Instances[0];
        await instance.InScopeAsync(async services =>
        {
            var touches = services.GetRequiredService<ITouchStore>();
            foreach (var (id, daysAgo) in new[] { ("old", 40), ("edge", 30), ("new", 1) })
            {
                var click = SpecData.NewClick(id, at: Fleet.Start - Duration.FromDays(daysAgo));
                Assert.True((await touches.AddClickAsync(click, RollupChange.None, default)).Succeeded);
            }

            return 0;
        });
        var job = Job(instance, ClickRetentionJob.JobName);

        var kept = await job.RunOnceAsync(default);
        Assert.False(kept.Ran);
        Assert.Contains("KeepFor is not set", kept.Summary, StringComparison.Ordinal);

        instance.Services.GetRequiredService<IOptions<ClickRetentionOptions>>().Value.KeepFor = Duration.FromDays(30);
        var run = await job.RunOnceAsync(default);

        Assert.Equal((true, 1), (run.Ran, run.Items));
        await using var context = fleet.NewContext();
        Assert.Equal(["edge", "new"], await context.Set<ClickRow>().Select(c => c.Id).OrderBy(i => i).ToListAsync());
        Assert.Equal(0, (await job.RunOnceAsync(default)).Items);
    }

    [Fact]
    public async Task Click_partitions_are_made_for_the_clocks_month_and_the_months_ahead_once()
    {
        await using var fleet = await FleetAsync();
        var job = Job(fleet.Instances[0], ClickPartitionJob.JobName);

        var first = await job.RunOnceAsync(default);
        var second = await job.RunOnceAsync(default);

        Assert.True(first.Ran && second.Ran);
        Assert.Equal(ExpectedPartitions, first.Items);
        Assert.Equal(0, second.Items);
    }

    /// <summary>How many partitions the first run makes: March 2026 and the 3 months after it, or none.</summary>
    protected abstract int ExpectedPartitions { get; }
}

public sealed class SqliteDatabaseJobTests : DatabaseJobTests
{
    protected override Task<Fleet> FleetAsync() => Fleet.SqliteAsync(count: 2);

    protected override int ExpectedPartitions => 0;
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDatabaseJobTests(PostgresServer server) : DatabaseJobTests
{
    protected override Task<Fleet> FleetAsync() => Fleet.PostgresAsync(server, count: 2);

    protected override int ExpectedPartitions => 4;

    [PostgresTheory]
    [InlineData(ClickPartitionJob.JobName)]
    [InlineData(ClickRetentionJob.JobName)]
    [InlineData(ApprovalJob.JobName)]
    public async Task A_job_another_instance_is_running_is_skipped(string name)
    {
        await using var fleet = await FleetAsync();
        fleet.Instances[0].Services.GetRequiredService<IOptions<ClickRetentionOptions>>().Value.KeepFor =
            Duration.FromDays(400);
        await using var scope = fleet.Instances[1].Services.CreateAsyncScope();

        await using (
            var held = await scope
                .ServiceProvider.GetRequiredService<IJobLockStore>()
                .TryAcquireAsync("job:" + name, default)
        )
        {
            Assert.NotNull(held);
            var skipped = await Job(fleet.Instances[0], name).RunOnceAsync(default);
            Assert.False(skipped.Ran, skipped.Summary);
            Assert.Equal("another instance is running it", skipped.Summary);
        }

        Assert.True((await Job(fleet.Instances[0], name).RunOnceAsync(default)).Ran);
    }

    [PostgresFact]
    public async Task Two_instances_dispatching_at_once_deliver_each_event_once()
    {
        await using var fleet = await FleetAsync();
        await fleet.RegisterPartnersAsync("anna", "bert", "cleo");
        var written = (await fleet.EventsAsync()).Count;
        var delivered = new List<Guid>();
        OutboxRun? other = null;

        // Instance 1 dispatches; while its handler runs, instance 2 tries too (its own scope, store and lock).
        var handler = new Handler(async e =>
        {
            delivered.Add(e.EventId);
            other ??= await fleet
                .Instances[1]
                .InScopeAsync(sp =>
                    Dispatcher(
                            sp,
                            new Handler(e2 =>
                            {
                                delivered.Add(e2.EventId);
                                return Task.CompletedTask;
                            })
                        )
                        .DispatchAsync()
                        .AsTask()
                );
        });
        var run = await fleet.Instances[0].InScopeAsync(sp => Dispatcher(sp, handler).DispatchAsync().AsTask());

        Assert.Equal(new OutboxRun(Skipped: true, 0, 0, 0), other);
        Assert.Equal((false, written), (run.Skipped, run.Delivered));
        Assert.Equal(written, delivered.Distinct().Count());
        Assert.Equal(written, delivered.Count);
        var after = await fleet.Instances[1].InScopeAsync(sp => Dispatcher(sp, handler).DispatchAsync().AsTask());
        Assert.Equal(new OutboxRun(Skipped: false, 0, 0, 0), after);
    }

    private static OutboxDispatcher Dispatcher(IServiceProvider services, IAffiliateEventHandler handler) =>
        ActivatorUtilities.CreateInstance<OutboxDispatcher>(services, (IEnumerable<IAffiliateEventHandler>)[handler]);

    private sealed class Handler(Func<AffiliateEvent, Task> handle) : IAffiliateEventHandler
    {
        public async ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken) =>
            await handle(affiliateEvent);
    }
}
