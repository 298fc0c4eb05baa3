using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>Clicks, writers and database reads for the bulk click writer's tests.</summary>
internal static class ClickKit
{
    /// <summary>How long a test waits for the flusher before it fails (a safety net; no test sleeps).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static string Id(int n) => $"clk-{n:D6}";

    /// <summary>Click number <paramref name="n"/>, at T0 plus <paramref name="n"/> milliseconds unless told.</summary>
    /// <summary>What a click adds to the rollups, as the core computes it (days and hours in UTC).</summary>
    public static RollupChange Rollups(Click click) => SpecRollups.Click(click);

    public static Click Click(int n, Instant? at = null, string visitor = "v-1") =>
        SpecData.NewClick(Id(n), visitor: visitor, at: at ?? SpecData.T0 + Duration.FromMilliseconds(n));

    /// <summary>A writer over the database (a new DbContext per batch), driven by <paramref name="time"/>.</summary>
    public static BulkClickWriter Writer(
        TestDatabase database,
        FakeTime time,
        Action<BulkClickOptions>? configure = null
    )
    {
        var options = new BulkClickOptions();
        configure?.Invoke(options);
        return new BulkClickWriter(
            () =>
            {
                var context = database.NewContext();
                return (context, context);
            },
            options,
            time,
            NullLogger<BulkClickWriter>.Instance
        );
    }

    /// <summary>
    /// Writes clicks <paramref name="from"/> .. <paramref name="to"/> - 1, asserting each is accepted.
    /// </summary>
    public static async Task WriteAsync(BulkClickWriter writer, int from, int to)
    {
        for (var n = from; n < to; n++)
        {
            Assert.True(await writer.TryWriteAsync(Click(n), Rollups(Click(n))));
        }
    }

    public static Task WaitUntilAsync(BulkClickWriter writer, Func<bool> condition) =>
        writer.WaitUntilAsync(condition).WaitAsync(Patience);

    public static async Task<int> CountAsync(TestDatabase database)
    {
        await using var context = database.NewContext();
        return await context.Set<ClickRow>().CountAsync();
    }

    public static async Task<List<string>> IdsAsync(TestDatabase database)
    {
        await using var context = database.NewContext();
        var ids = await context.Set<ClickRow>().Select(c => c.Id).ToListAsync();
        ids.Sort(StringComparer.Ordinal);
        return ids;
    }

    public static List<string> Ids(int from, int to) => Enumerable.Range(from, to - from).Select(Id).ToList();
}

/// <summary>
/// Reads one Meter's instruments: counters summed (per <c>reason</c> tag too), gauges as last observed.
/// </summary>
internal sealed class MeterReader : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _values = new(StringComparer.Ordinal);

    public MeterReader(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(
            (instrument, value, tags, _) =>
            {
                var reason = string.Empty;
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        reason = (string)tag.Value!;
                    }
                }

                if (instrument.IsObservable)
                {
                    _values[instrument.Name] = value;
                    return;
                }

                _values.AddOrUpdate(instrument.Name, value, (_, sum) => sum + value);
                if (reason.Length > 0)
                {
                    _values.AddOrUpdate(instrument.Name + "|" + reason, value, (_, sum) => sum + value);
                }
            }
        );
        _listener.Start();
    }

    /// <summary>A counter's total, or its total for one <c>reason</c>.</summary>
    public long Counter(string name, string? reason = null) =>
        _values.GetValueOrDefault(reason is null ? name : name + "|" + reason);

    /// <summary>A gauge's value now.</summary>
    public long Gauge(string name)
    {
        _listener.RecordObservableInstruments();
        return _values.GetValueOrDefault(name);
    }

    public void Dispose() => _listener.Dispose();
}
