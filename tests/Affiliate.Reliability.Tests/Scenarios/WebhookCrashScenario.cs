using System.Diagnostics;
using Affiliate.Reliability.Tests.Infrastructure;

namespace Affiliate.Reliability.Tests.Scenarios;

/// <summary>
/// Test 2: a host killed with SIGKILL while orders and refunds arrive concurrently as signed postbacks (in shuffled
/// order, so some refunds come before their order). Right after each restart every stored conversion must be whole;
/// then every event is delivered again, as vendors do after a failed delivery, the inbox job runs (as it would every
/// minute), and the ledger must equal what the test computes from its own orders and refunds.
/// </summary>
internal static class WebhookCrashScenario
{
    private const int Partners = 4;
    private const int Concurrency = 16;

    public static async Task RunAsync(ReliabilityDatabase db, Scenario scenario)
    {
        var kills = Scenario.Long ? 4 : 1;
        var book = OrderBook.Create(scenario.Random, Scenario.Long ? 800 : 100, Partners, "w");
        var events = book.AllEvents().ToArray();
        var host = await HostProcess.StartAsync(db, Partners);
        try
        {
            for (var kill = 1; kill <= kills; kill++)
            {
                var during = new Deliveries();
                using var stop = new CancellationTokenSource();
                var client = host.Client;
                var delivering = during.DeliverAsync(
                    scenario.Shuffle(events).Select(e => (e, client)).ToArray(),
                    Concurrency,
                    stop.Token
                );
                // Killed mid-way: once a random share (10% to 70%) of the deliveries was answered.
                var target = events.Length * scenario.Random.Next(10, 71) / 100;
                await Task.WhenAny(during.Answered.WhenReachedAsync(target), delivering)
                    .WaitAsync(TimeSpan.FromSeconds(120));

                host.Kill();
                await stop.CancelAsync();
                await delivering;
                await host.DisposeAsync();
                var conversions = await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_conversions");

                host = await HostProcess.StartAsync(db, Partners);
                var whole = await LedgerChecks.WholeAsync(db);
                scenario.Log(
                    $"kill {kill}: answered before the kill: {during.Describe()}; {conversions} conversions stored; "
                        + $"inbox {await LedgerChecks.InboxStatesAsync(db)}; "
                        + $"restart {host.StartupTime.TotalMilliseconds:0} ms"
                );
                Assert.True(whole.Count == 0, "after the kill: " + LedgerChecks.Report(whole));
            }

            // The vendors deliver every event again after the failed deliveries.
            var redelivery = new Deliveries();
            var again = host.Client;
            await redelivery.DeliverAsync(scenario.Shuffle(events).Select(e => (e, again)).ToArray(), Concurrency);
            var undone = await LedgerChecks.InboxUndoneAsync(db);
            scenario.Log(
                $"redelivery of {events.Length} events: {redelivery.Describe()}; inbox then "
                    + $"{await LedgerChecks.InboxStatesAsync(db)}"
            );
            Assert.Equal(events.Length, redelivery.Outcomes.Values.Sum());
            Assert.True(
                redelivery.Outcomes.Keys.All(o => o is "processed" or "duplicate" or "waiting" or "failed"),
                "some redeliveries were refused or not answered: " + redelivery.Describe()
            );

            // The inbox job finishes what the kill interrupted (stored, not processed: a redelivery is a duplicate).
            await DrainInboxAsync(host, db);
            Assert.Equal(0, await LedgerChecks.InboxUndoneAsync(db));
            var problems = await LedgerChecks.ConversionsAsync(db, book);
            problems.AddRange(await LedgerChecks.PayoutsAndBalancesAsync(db));
            Assert.True(problems.Count == 0, LedgerChecks.Report(problems));
            scenario.Log(
                $"{book.Orders.Count} orders and {book.Refunds.Count} refunds exact after the inbox job "
                    + $"({undone} inbox events were not done after the redelivery)"
            );
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    /// <summary>Runs the inbox job until no event is left undone (each run takes up to 100 per state).</summary>
    public static async Task DrainInboxAsync(HostProcess host, ReliabilityDatabase db)
    {
        var clock = Stopwatch.StartNew();
        while (await LedgerChecks.InboxUndoneAsync(db) > 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await host.RunJobAsync("webhook-inbox");
        }
    }
}
