using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Reliability.Tests.Infrastructure;
using Affiliate.Reliability.Tests.Scenarios;

// Real processes killed and restarted: one scenario at a time, so that timings (restart, loss) are not skewed by the
// other scenarios' hosts on the same cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace Affiliate.Reliability.Tests;

/// <summary>The crash scenarios on a SQLite file (tests 1 to 3 of issue 11).</summary>
public sealed class SqliteCrashTests(ITestOutputHelper output)
{
    [Fact]
    public Task Kill_during_a_click_burst_loses_at_most_the_buffered_clicks_and_none_twice() =>
        RunAsync("sqlite clicks", ClickBurstScenario.RunAsync);

    [Fact]
    public Task Kill_during_webhook_deliveries_leaves_whole_conversions_and_redelivery_makes_the_ledger_exact() =>
        RunAsync("sqlite webhooks", WebhookCrashScenario.RunAsync);

    [Fact]
    public Task Kill_during_approval_and_payout_runs_pays_each_line_once() =>
        RunAsync("sqlite jobs", JobCrashScenario.RunAsync);

    private async Task RunAsync(string name, Func<ReliabilityDatabase, Scenario, Task> scenario)
    {
        await using var db = ReliabilityDatabase.Sqlite();
        var run = new Scenario(output, name);
        await run.RunAsync(() => scenario(db, run));
    }
}

/// <summary>The crash scenarios on PostgreSQL, and four hosts over one database (test 4).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresCrashTests(PostgresServer server, ITestOutputHelper output)
{
    [PostgresFact]
    public Task Kill_during_a_click_burst_loses_at_most_the_buffered_clicks_and_none_twice() =>
        RunAsync("postgresql clicks", ClickBurstScenario.RunAsync);

    [PostgresFact]
    public Task Kill_during_webhook_deliveries_leaves_whole_conversions_and_redelivery_makes_the_ledger_exact() =>
        RunAsync("postgresql webhooks", WebhookCrashScenario.RunAsync);

    [PostgresFact]
    public Task Kill_during_approval_and_payout_runs_pays_each_line_once() =>
        RunAsync("postgresql jobs", JobCrashScenario.RunAsync);

    [PostgresFact]
    public Task Four_hosts_receiving_each_event_ten_times_in_any_order_keep_the_ledger_exact() =>
        RunAsync("postgresql four hosts", ManyInstancesScenario.RunAsync);

    private async Task RunAsync(string name, Func<ReliabilityDatabase, Scenario, Task> scenario)
    {
        await using var db = await ReliabilityDatabase.PostgresAsync(server);
        var run = new Scenario(output, name);
        await run.RunAsync(() => scenario(db, run));
    }
}
