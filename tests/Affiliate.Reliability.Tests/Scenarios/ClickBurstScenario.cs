using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Affiliate.Reliability.Tests.Infrastructure;

namespace Affiliate.Reliability.Tests.Scenarios;

/// <summary>
/// Test 1: a host killed with SIGKILL during a burst of referral visits. A click counts as acknowledged when its
/// response set the visitor cookie (the tracking middleware sets it only once the click is queued). The documented
/// loss window (README, "Loss window") is what was accepted but not yet written: the tracking queue
/// (<c>ClickQueueCapacity</c>) plus the bulk writer's buffer (<c>Capacity</c>) plus the one batch being written
/// (<c>BatchSize</c>, at most <c>Capacity</c>). Here 500 + 500 + 500 = 1,500 clicks.
/// </summary>
internal static partial class ClickBurstScenario
{
    public const int QueueCapacity = 500;
    public const int BufferCapacity = 500;
    public const int LossWindow = QueueCapacity + BufferCapacity + BufferCapacity;
    private const int Partners = 4;
    private const int Concurrency = 32;

    public static async Task RunAsync(ReliabilityDatabase db, Scenario scenario)
    {
        var kills = Scenario.Long ? 8 : 1;
        var sent = new ConcurrentDictionary<int, byte>();
        var acknowledgedAt = new ConcurrentDictionary<int, long>();
        var acknowledged = new ProgressCount();
        var losses = new List<int>();
        var lossAges = new List<double>();
        var restarts = new List<TimeSpan>();
        var unacknowledgedStored = 0;
        var next = 0;
        string[] arguments =
        [
            "--click-queue-capacity",
            QueueCapacity.ToString(CultureInfo.InvariantCulture),
            "--click-buffer-capacity",
            BufferCapacity.ToString(CultureInfo.InvariantCulture),
        ];

        var host = await HostProcess.StartAsync(db, Partners, arguments);
        try
        {
            var seen = new HashSet<int>();
            for (var kill = 1; kill <= kills; kill++)
            {
                var burstStart = Volatile.Read(ref next);
                using var stop = new CancellationTokenSource();
                var workers = Enumerable
                    .Range(0, Concurrency)
                    .Select(_ =>
                        Task.Run(() =>
                            BurstAsync(
                                host.Client,
                                sent,
                                acknowledgedAt,
                                acknowledged,
                                () => Interlocked.Increment(ref next),
                                stop.Token
                            )
                        )
                    )
                    .ToArray();

                // The burst runs until the host has acknowledged more clicks than its queue and buffer hold (so the
                // writer has been writing: the host is warm and in its steady state), then for a random number of
                // acknowledged clicks more, then the process dies. The acknowledging requests signal it.
                var killAt = acknowledged.Value + LossWindow + scenario.Random.Next(500, 4000);
                await acknowledged.WhenReachedAsync(killAt).WaitAsync(TimeSpan.FromSeconds(60));
                var killedAt = Stopwatch.GetTimestamp();
                host.Kill();
                await stop.CancelAsync();
                await Task.WhenAll(workers);
                await host.DisposeAsync();

                host = await HostProcess.StartAsync(db, Partners, arguments);
                restarts.Add(host.StartupTime);

                // Nothing from before the kill can be written now: what is stored of this burst is all there will be.
                var stored = await StoredSubIdsAsync(db);
                var burst = acknowledgedAt.Keys.Where(n => n > burstStart && !seen.Contains(n)).ToArray();
                var lost = burst.Where(n => !stored.Contains(n)).ToArray();
                var storedUnacknowledged = stored.Count(n => n > burstStart && !acknowledgedAt.ContainsKey(n));
                unacknowledgedStored += storedUnacknowledged;
                losses.Add(lost.Length);
                lossAges.Add(
                    lost.Length == 0
                        ? 0
                        : Stopwatch.GetElapsedTime(lost.Min(n => acknowledgedAt[n]), killedAt).TotalMilliseconds
                );
                seen.UnionWith(burst);
                scenario.Log(
                    $"kill {kill}: {burst.Length} clicks acknowledged in the burst, {lost.Length} lost "
                        + $"(oldest lost acknowledged {lossAges[^1]:0} ms before the kill), {storedUnacknowledged} "
                        + "stored whose answer the kill cut off; restart took "
                        + $"{host.StartupTime.TotalMilliseconds:0} ms"
                );
                Assert.True(
                    lost.Length <= LossWindow,
                    $"kill {kill}: {lost.Length} acknowledged clicks lost, more than the window of {LossWindow}"
                );
                Assert.True(burst.Length > 0, $"kill {kill}: the burst had no acknowledged click");
            }

            // The restarted host tracks again: a new burst of 200 is acknowledged and written in full.
            var before = Volatile.Read(ref next);
            using (var done = new CancellationTokenSource())
            {
                var after = Enumerable
                    .Range(0, 8)
                    .Select(_ =>
                        Task.Run(() =>
                            BurstAsync(
                                host.Client,
                                sent,
                                acknowledgedAt,
                                acknowledged,
                                () =>
                                {
                                    var n = Interlocked.Increment(ref next);
                                    return n <= before + 200 ? n : -1;
                                },
                                done.Token
                            )
                        )
                    )
                    .ToArray();
                await Task.WhenAll(after);
            }

            var fresh = Enumerable.Range(before + 1, 200).ToArray();
            Assert.All(fresh, n =>
                Assert.True(acknowledgedAt.ContainsKey(n), $"click {n} after the restart was not acknowledged")
            );
            // The host answers the drain once its queue and buffer are written: then every fresh click must be there.
            using (var drained = await host.Client.PostAsync(new Uri("reliability/drain", UriKind.Relative), null))
            {
                Assert.True(drained.IsSuccessStatusCode, $"drain answered {(int)drained.StatusCode}");
            }

            var all = await StoredSubIdsAsync(db);

            Assert.True(
                fresh.All(all.Contains),
                $"{fresh.Count(n => !all.Contains(n))} clicks after the restart were not written"
            );

            // No click twice, none that was never sent.
            var duplicates = await db.RowsAsync(
                "SELECT sub_ids, COUNT(*) FROM affiliate_clicks GROUP BY sub_ids HAVING COUNT(*) > 1"
            );
            Assert.True(
                duplicates.Count == 0,
                $"{duplicates.Count} clicks stored twice, e.g. {duplicates.FirstOrDefault()?[0]}"
            );
            Assert.All(all, n => Assert.True(sent.ContainsKey(n), $"click {n} stored but never sent"));
            var total = await db.ScalarAsync("SELECT COUNT(*) FROM affiliate_clicks");
            Assert.Equal(all.Count, total);
            Assert.True(
                unacknowledgedStored <= kills * Concurrency,
                $"{unacknowledgedStored} stored without an answer"
            );

            scenario.Log(
                $"click loss per kill (window {LossWindow}): min {losses.Min()}, avg {losses.Average():0.0}, "
                    + $"max {losses.Max()}; oldest lost click at most {lossAges.Max():0} ms old; restart "
                    + $"{Scenario.Spread(restarts)}; {acknowledgedAt.Count} acknowledged, {total} stored"
            );
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    private static async Task BurstAsync(
        HttpClient client,
        ConcurrentDictionary<int, byte> sent,
        ConcurrentDictionary<int, long> acknowledgedAt,
        ProgressCount acknowledged,
        Func<int> next,
        CancellationToken stop
    )
    {
        while (!stop.IsCancellationRequested)
        {
            var n = next();
            if (n < 0)
            {
                return;
            }

            sent[n] = 0;
            var code = "P" + (1 + (n % Partners)).ToString("00", CultureInfo.InvariantCulture);
            try
            {
                using var response = await client.GetAsync(
                    new Uri($"?ref={code}&sub1={n.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative),
                    stop
                );
                if (
                    response.IsSuccessStatusCode
                    && response.Headers.TryGetValues("Set-Cookie", out var cookies)
                    && cookies.Any(c => c.StartsWith("aff_vid=", StringComparison.Ordinal))
                )
                {
                    acknowledgedAt[n] = Stopwatch.GetTimestamp();
                    acknowledged.Increment();
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                // Killed under the request: not acknowledged.
            }
        }
    }

    private static async Task<HashSet<int>> StoredSubIdsAsync(ReliabilityDatabase db)
    {
        var rows = await db.RowsAsync("SELECT sub_ids FROM affiliate_clicks");
        return rows.Select(r => int.Parse(Number().Match((string)r[0]!).Value, CultureInfo.InvariantCulture))
            .ToHashSet();
    }

    [GeneratedRegex("[0-9]+")]
    private static partial Regex Number();
}
