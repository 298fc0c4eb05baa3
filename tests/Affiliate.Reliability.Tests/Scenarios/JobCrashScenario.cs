using System.Diagnostics;
using System.Text.Json;
using Affiliate.Reliability.Tests.Infrastructure;

namespace Affiliate.Reliability.Tests.Scenarios;

/// <summary>
/// Test 3: a host killed with SIGKILL during an approval run and during a payout run, at seeded random delays after
/// the run started, round after round (each round brings new orders, so every run has work). After each kill and at
/// the end: no line in two payouts, every payout equals the sum of its lines, every balance equals its lines. At the
/// end everything approved is in a payout, and marking every payout paid pays each line once.
/// </summary>
internal static class JobCrashScenario
{
    private const int Partners = 8;

    public static async Task RunAsync(ReliabilityDatabase db, Scenario scenario)
    {
        var rounds = Scenario.Long ? 6 : 1;
        var ordersPerRound = Scenario.Long ? 400 : 120;
        var book = new OrderBook();
        var approvalHits = 0;
        var payoutHits = 0;
        var restarts = new List<TimeSpan>();
        var approvalMs = 100; // until a like approval run was timed
        var host = await HostProcess.StartAsync(db, Partners);
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                // Run again after the restart (also warms the fresh process, so the killed runs below start at once).
                await host.RunJobAsync("approvals");
                await PayoutRunAsync(host);
                await AssertLedgerAsync(db, $"after running again in round {round}");

                await DeliverOrdersAsync(host, book, scenario.Random, ordersPerRound, $"j{round}a");

                // An approval run, killed after a random delay.
                var pending = await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_commission_lines WHERE state = 0");
                var delay = scenario.Random.Next(0, Math.Max(20, approvalMs * 3 / 2));
                host = await KillDuringAsync(host, db, delay, h => h.RunJobAsync("approvals"));
                restarts.Add(host.StartupTime);
                var approvedNow =
                    pending - await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_commission_lines WHERE state = 0");
                approvalHits += approvedNow > 0 ? 1 : 0;
                scenario.Log(
                    $"round {round}: approval run killed after {delay} ms: {approvedNow} of {pending} due lines "
                        + $"approved; restart {host.StartupTime.TotalMilliseconds:0} ms"
                );
                await AssertLedgerAsync(db, $"after the approval kill of round {round}");

                // A payout run on a warm process (the first run pays what the killed approval run approved; new orders
                // give the killed run its work), killed after a random delay.
                var warmRun = Stopwatch.StartNew();
                await PayoutRunAsync(host);
                var runMs = (int)warmRun.ElapsedMilliseconds; // a like run's length: the kill lands within it
                await DeliverOrdersAsync(host, book, scenario.Random, ordersPerRound, $"j{round}b");
                var approvalRun = Stopwatch.StartNew();
                await host.RunJobAsync("approvals");
                approvalMs = (int)approvalRun.ElapsedMilliseconds; // the next round's kill lands within a like run
                var payable = await db.ScalarAsync(
                    "SELECT COUNT(*) FROM affiliate_commission_lines WHERE state = 2 AND payout_id IS NULL"
                );
                var payoutsBefore = await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_payouts");
                delay = scenario.Random.Next(0, Math.Max(20, runMs * 3 / 2));
                host = await KillDuringAsync(host, db, delay, PayoutRunAsync);
                restarts.Add(host.StartupTime);
                var claimed =
                    payable
                    - await db.ScalarAsync(
                        "SELECT COUNT(*) FROM affiliate_commission_lines WHERE state = 2 AND payout_id IS NULL"
                    );
                var payouts = await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_payouts") - payoutsBefore;
                payoutHits += claimed > 0 && claimed < payable ? 1 : 0;
                scenario.Log(
                    $"round {round}: payout run (a like run took {runMs} ms) killed after {delay} ms: "
                        + $"{payouts} payouts holding {claimed} of "
                        + $"{payable} payable lines; restart {host.StartupTime.TotalMilliseconds:0} ms"
                );
                await AssertLedgerAsync(db, $"after the payout kill of round {round}");
            }

            // Run both to the end: everything approved, everything in exactly one payout.
            await host.RunJobAsync("approvals");
            await PayoutRunAsync(host);
            await AssertLedgerAsync(db, "after the final runs");
            Assert.Equal(
                0,
                await db.ScalarAsync(
                    "SELECT COUNT(*) FROM affiliate_commission_lines WHERE state <> 2 OR payout_id IS NULL"
                )
            );
            var expected = book
                .Orders.GroupBy(o => o.PartnerId)
                .ToDictionary(g => g.Key, g => g.Sum(o => o.AmountMinor / 10));
            var paidOut = (
                await db.RowsAsync("SELECT partner_id, SUM(amount_minor) FROM affiliate_payouts GROUP BY partner_id")
            ).ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
            Assert.Equal(expected.OrderBy(e => e.Key), paidOut.OrderBy(e => e.Key));

            // Marking each payout paid pays each line once.
            var ids = await db.RowsAsync("SELECT id FROM affiliate_payouts");
            foreach (var id in ids.Select(r => (string)r[0]!))
            {
                using var content = JsonContent("{\"reference\":\"bank-" + id + "\"}");
                using var paid = await host.Client.PostAsync(
                    new Uri($"affiliate/admin/payouts/{id}/paid", UriKind.Relative),
                    content
                );
                Assert.True(paid.IsSuccessStatusCode, await paid.Content.ReadAsStringAsync());
            }

            await AssertLedgerAsync(db, "after marking the payouts paid");
            Assert.Equal(
                book.Orders.Count,
                await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_commission_lines WHERE state = 3")
            );
            scenario.Log(
                $"{rounds} approval kills ({approvalHits} after the run committed: one transaction per 2,000 lines, "
                    + $"so all or nothing here), {rounds} payout kills ({payoutHits} mid-run, some partners paid); "
                    + $"{book.Orders.Count} lines, {ids.Count} payouts, each line paid once; restart "
                    + Scenario.Spread(restarts)
            );
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task DeliverOrdersAsync(
        HostProcess host,
        OrderBook book,
        Random random,
        int count,
        string prefix
    )
    {
        var orders = OrderBook.Create(random, count, Partners, prefix);
        book.Orders.AddRange(orders.Orders); // refunds are test 2's subject: here every line is approved and paid
        var delivered = new Deliveries();
        var client = host.Client;
        await delivered.DeliverAsync(orders.OrderEvents().Select(e => (e, client)).ToArray(), 8);
        Assert.True(delivered.Count("processed") == count, delivered.Describe());
    }

    private static async Task<string> PayoutRunAsync(HostProcess host)
    {
        using var response = await host.Client.PostAsync(
            new Uri("affiliate/admin/payouts/run", UriKind.Relative),
            null
        );
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("summary").GetString() ?? "";
    }

    /// <summary>Starts the work, kills the host after <paramref name="delayMs"/>, and starts it again.</summary>
    private static async Task<HostProcess> KillDuringAsync(
        HostProcess host,
        ReliabilityDatabase db,
        int delayMs,
        Func<HostProcess, Task> work
    )
    {
        var running = Task.Run(() => work(host));
        await Task.Delay(delayMs);
        host.Kill();
        try
        {
            await running;
        }
        catch (Exception e)
            when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
        {
            // The answer was cut off by the kill, as intended.
        }

        await host.DisposeAsync();
        return await HostProcess.StartAsync(db, Partners);
    }

    private static async Task AssertLedgerAsync(ReliabilityDatabase db, string when)
    {
        var problems = await LedgerChecks.PayoutsAndBalancesAsync(db);
        Assert.True(problems.Count == 0, when + ": " + LedgerChecks.Report(problems));
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
