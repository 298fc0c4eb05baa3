using System.Diagnostics;
using Affiliate.Reliability.Tests.Infrastructure;

namespace Affiliate.Reliability.Tests.Scenarios;

/// <summary>
/// Test 4: four host processes over one PostgreSQL database. Every order and refund (partial and full; some refunds
/// delivered before any delivery of their order) is delivered ten times, the deliveries shuffled and spread over the
/// four hosts at random, sixteen at a time. Then the ledger is exact per conversion and per partner, and the approval
/// and payout runs started on all four hosts at once pay every line once.
/// </summary>
internal static class ManyInstancesScenario
{
    private const int Partners = 6;
    private const int Instances = 4;
    private const int Copies = 10;

    public static async Task RunAsync(ReliabilityDatabase db, Scenario scenario)
    {
        var book = OrderBook.Create(scenario.Random, Scenario.Long ? 400 : 60, Partners, "m");
        var hosts = new List<HostProcess>();
        try
        {
            // The first host creates the schema and the partners; the other three start together on it.
            hosts.Add(await HostProcess.StartAsync(db, Partners));
            hosts.AddRange(
                await Task.WhenAll(Enumerable.Range(1, Instances - 1).Select(_ => HostProcess.StartAsync(db, Partners)))
            );

            var events = book.AllEvents().ToArray();
            var copies = scenario.Shuffle(events.SelectMany(e => Enumerable.Repeat(e, Copies))).ToList();

            // A refund before its order: a few refunds' first delivery goes ahead of every delivery of their order.
            var early = book
                .Refunds.Take(Math.Max(3, book.Refunds.Count / 5))
                .Select(r => "refund:" + r.Id)
                .ToHashSet();
            var firsts = copies.Where(c => early.Contains(c.Key)).DistinctBy(c => c.Key).ToList();
            foreach (var first in firsts)
            {
                copies.Remove(first);
            }

            copies.InsertRange(0, firsts);
            var deliveries = copies.Select(e => (e, hosts[scenario.Random.Next(Instances)].Client)).ToArray();
            var outcomes = new Deliveries();
            var delivering = Stopwatch.StartNew();
            await outcomes.DeliverAsync(deliveries, 16);
            delivering.Stop();
            var undone = await LedgerChecks.InboxUndoneAsync(db);
            scenario.Log(
                $"{Instances} hosts started ({Scenario.Spread(hosts.Select(h => h.StartupTime).ToArray())}); "
                    + $"{events.Length} events x {Copies} = {deliveries.Length} deliveries in "
                    + $"{delivering.Elapsed.TotalSeconds:0.0} s: {outcomes.Describe()}; "
                    + $"inbox {await LedgerChecks.InboxStatesAsync(db)}"
            );
            Assert.True(
                outcomes.Outcomes.Keys.All(o => o is "processed" or "duplicate" or "waiting" or "failed"),
                "some deliveries were refused or not answered: " + outcomes.Describe()
            );

            // Exact as delivered: a waiting refund is applied when its order arrives (on any host). An event whose
            // processing failed (answered "failed", kept for retry) is finished by the inbox job, run on all four.
            await Task.WhenAll(hosts.Select(h => h.RunJobAsync("webhook-inbox")));
            await WebhookCrashScenario.DrainInboxAsync(hosts[0], db);
            Assert.Equal(0, await LedgerChecks.InboxUndoneAsync(db));
            var problems = await LedgerChecks.ConversionsAsync(db, book);
            problems.AddRange(await LedgerChecks.PayoutsAndBalancesAsync(db));
            Assert.True(problems.Count == 0, LedgerChecks.Report(problems));

            // The jobs on all four at once, twice: no line approved or paid twice.
            for (var run = 0; run < 2; run++)
            {
                var approvals = await Task.WhenAll(hosts.Select(h => h.RunJobAsync("approvals")));
                var payouts = await Task.WhenAll(
                    hosts.Select(h =>
                        h.Client.PostAsync(new Uri("affiliate/admin/payouts/run", UriKind.Relative), null)
                    )
                );
                foreach (var response in payouts)
                {
                    Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                    response.Dispose();
                }

                var ran = approvals.Count(a => a.Contains("\"ran\":true", StringComparison.Ordinal));
                scenario.Log($"approvals {run + 1} on {Instances} hosts at once: {ran} ran, the others skipped (lock)");
            }

            problems = await LedgerChecks.PayoutsAndBalancesAsync(db);
            Assert.True(problems.Count == 0, LedgerChecks.Report(problems));
            Assert.Equal(
                0,
                await db.ScalarAsync(
                    "SELECT COUNT(*) FROM affiliate_commission_lines "
                        + "WHERE state = 2 AND payout_id IS NULL AND amount_minor > 0"
                )
            );
            var expected = book
                .Orders.GroupBy(o => o.PartnerId)
                .ToDictionary(g => g.Key, g => g.Sum(book.CommissionMinor));
            var paidOut = (
                await db.RowsAsync("SELECT partner_id, SUM(amount_minor) FROM affiliate_payouts GROUP BY partner_id")
            ).ToDictionary(r => (string)r[0]!, r => (long)r[1]!);
            Assert.Equal(expected.Where(e => e.Value > 0).OrderBy(e => e.Key), paidOut.OrderBy(e => e.Key));
            scenario.Log(
                $"{undone} inbox events not done before the inbox job; {book.Orders.Count} orders, "
                    + $"{book.Refunds.Count} refunds "
                    + $"({early.Count} delivered before their order) "
                    + $"exact; {await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_payouts")} payouts, each line once"
            );
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }
}
