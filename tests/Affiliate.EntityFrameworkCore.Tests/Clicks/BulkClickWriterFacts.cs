using System.Diagnostics;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Xunit.Abstractions;
using static Affiliate.EntityFrameworkCore.Tests.Clicks.ClickKit;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>
/// What the bulk click writer must do on every provider. The SQLite and PostgreSQL classes run each fact on a real
/// database of their own; time is a <see cref="FakeTime"/>, so the interval fires only when a fact advances it.
/// </summary>
public abstract class BulkClickWriterFacts(ITestOutputHelper output)
{
    private static readonly CancellationToken None = CancellationToken.None;

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    protected abstract string ProviderName { get; }

    protected async Task Writes_a_batch_as_soon_as_BatchSize_clicks_are_buffered()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time, o => o.BatchSize = 50);
        await writer.StartAsync(None);

        await WriteAsync(writer, 0, 120);
        await WaitUntilAsync(writer, () => writer.Written >= 100);

        // Two full batches are written; the 20 left wait for the interval (which never comes here) or shutdown.
        Assert.Equal(100, writer.Written);
        Assert.Equal(2, writer.Batches);
        Assert.Equal(Ids(0, 100), await IdsAsync(database));
        Assert.Equal(20, writer.Pending);

        await writer.StopAsync(None);
        Assert.Equal(Ids(0, 120), await IdsAsync(database));
    }

    protected async Task Writes_what_is_buffered_when_the_interval_passes()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time, o => o.FlushInterval = Duration.FromSeconds(2));
        await writer.StartAsync(None);

        await WriteAsync(writer, 0, 3);
        Assert.Equal(3, writer.Pending);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(0, writer.Batches);

        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(writer, () => writer.Written == 3);

        Assert.Equal(Ids(0, 3), await IdsAsync(database));
        Assert.Equal(0, writer.Pending);
        Assert.Equal(1, writer.Batches);

        // And again on the next tick, for clicks that came after.
        await WriteAsync(writer, 3, 5);
        time.Advance(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(writer, () => writer.Written == 5);
        Assert.Equal(Ids(0, 5), await IdsAsync(database));
    }

    protected async Task StopAsync_writes_everything_buffered_and_then_refuses_clicks()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time);
        using var meter = new MeterReader(writer.Meter);
        await writer.StartAsync(None);

        await WriteAsync(writer, 0, 1234);
        await writer.StopAsync(None);

        Assert.Equal(1234, await CountAsync(database));
        Assert.Equal(Ids(0, 1234), await IdsAsync(database));
        Assert.Equal(0, writer.Pending);
        Assert.False(await writer.TryWriteAsync(Click(5000), ClickKit.Rollups(Click(5000))));
        Assert.Equal(1234, meter.Counter("clicks.buffered"));
        Assert.Equal(1234, meter.Counter("clicks.written"));
        Assert.Equal(1, meter.Counter("clicks.dropped", "shutdown"));
        Assert.Equal(0, meter.Gauge("clicks.buffer_depth"));

        // One Meter name for the whole library: a host listens to "Affiliate" and gets the writer's instruments too.
        Assert.Equal(Affiliate.AffiliateDiagnostics.Name, writer.Meter.Name);
    }

    protected async Task Wait_mode_makes_writers_wait_for_room()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time, o =>
        {
            o.Capacity = 4;
            o.BatchSize = 4;
            o.FullMode = BulkClickFullMode.Wait;
        });
        using var meter = new MeterReader(writer.Meter);

        // Not started yet: nothing drains the buffer.
        for (var n = 0; n < 4; n++)
        {
            var accepted = writer.TryWriteAsync(Click(n), ClickKit.Rollups(Click(n))).AsTask();
            Assert.True(accepted.IsCompletedSuccessfully);
            Assert.True(await accepted);
        }

        var fifth = writer.TryWriteAsync(Click(4), ClickKit.Rollups(Click(4))).AsTask();
        var sixth = writer.TryWriteAsync(Click(5), ClickKit.Rollups(Click(5))).AsTask();
        Assert.False(fifth.IsCompleted);
        Assert.False(sixth.IsCompleted);
        Assert.Equal(4, meter.Gauge("clicks.buffer_depth"));

        // Starting the flusher writes the full batch, which makes room.
        await writer.StartAsync(None);
        Assert.True(await fifth.WaitAsync(Patience));
        Assert.True(await sixth.WaitAsync(Patience));

        await writer.StopAsync(None);
        Assert.Equal(Ids(0, 6), await IdsAsync(database));
        Assert.Equal(0, meter.Counter("clicks.dropped"));
    }

    protected async Task DropNewest_mode_refuses_clicks_when_full_and_counts_them()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time, o =>
        {
            o.Capacity = 4;
            o.BatchSize = 2;
            o.FullMode = BulkClickFullMode.DropNewest;
        });
        using var meter = new MeterReader(writer.Meter);

        var answers = new List<bool>();
        for (var n = 0; n < 7; n++)
        {
            var answer = writer.TryWriteAsync(Click(n), ClickKit.Rollups(Click(n))).AsTask();
            Assert.True(answer.IsCompletedSuccessfully, "DropNewest never makes a writer wait");
            answers.Add(await answer);
        }

        Assert.Equal([true, true, true, true, false, false, false], answers);
        Assert.Equal(4, meter.Counter("clicks.buffered"));
        Assert.Equal(3, meter.Counter("clicks.dropped"));
        Assert.Equal(3, meter.Counter("clicks.dropped", "full"));
        Assert.Equal(4, meter.Gauge("clicks.buffer_depth"));

        // StopAsync writes the buffer even though the flusher never started.
        await writer.StopAsync(None);
        Assert.Equal(Ids(0, 4), await IdsAsync(database));
        Assert.Equal(4, meter.Counter("clicks.written"));
        Assert.Equal(0, meter.Gauge("clicks.buffer_depth"));
    }

    protected async Task Duplicates_within_and_across_batches_are_ignored()
    {
        await using var database = await CreateDatabaseAsync();
        var stored = Click(900);
        Assert.Equal(
            StoreWriteStatus.Written,
            (
                await new EntityFrameworkAffiliateStore(database.NewContext()).AddClickAsync(
                    stored,
                    ClickKit.Rollups(stored),
                    None
                )
            ).Status
        );
        var time = new FakeTime();
        await using var writer = Writer(database, time, o => o.BatchSize = 100);
        using var meter = new MeterReader(writer.Meter);
        await writer.StartAsync(None);

        // Batch 1: click 1 twice (the second one later, with other content: first one wins), and the stored click
        // again at another instant (on PostgreSQL another partition key, so only the id lookup can catch it).
        var later = SpecData.T0 + Duration.FromDays(40);
        foreach (
            var click in new[] { Click(1), Click(2), Click(1, later, visitor: "v-other"), Click(900, later), Click(3) }
        )
        {
            Assert.True(await writer.TryWriteAsync(click, ClickKit.Rollups(click)));
        }

        await writer.FlushAsync();
        Assert.Equal(3, writer.Written);
        Assert.Equal(2, writer.Duplicates);

        // Batch 2: clicks of batch 1 again, one at another month, and one new click.
        foreach (var click in new[] { Click(2, later), Click(3), Click(4) })
        {
            Assert.True(await writer.TryWriteAsync(click, ClickKit.Rollups(click)));
        }

        await writer.FlushAsync();
        await writer.StopAsync(None);

        Assert.Equal([Id(1), Id(2), Id(3), Id(4), Id(900)], await IdsAsync(database));
        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        SpecAssert.Equivalent(Click(1), await store.FindClickAsync(SpecData.Program, new ClickId(Id(1)), None));
        SpecAssert.Equivalent(Click(2), await store.FindClickAsync(SpecData.Program, new ClickId(Id(2)), None));
        SpecAssert.Equivalent(stored, await store.FindClickAsync(SpecData.Program, new ClickId(Id(900)), None));
        Assert.Equal(4, meter.Counter("clicks.written"));
        Assert.Equal(4, meter.Counter("clicks.duplicates"));
        Assert.Equal(8, meter.Counter("clicks.buffered"));
        Assert.Equal(0, meter.Counter("clicks.dropped"));

        // The rollups count each stored click once, as first written: a duplicate's change is dropped with it.
        var expected = new RollupModel();
        foreach (var click in new[] { stored, Click(1), Click(2), Click(3), Click(4) })
        {
            expected.Add(ClickKit.Rollups(click));
        }

        Assert.Equal(await RollupModel.SnapshotAsync(expected), await RollupModel.SnapshotAsync(store));
    }

    protected async Task Every_column_is_written_exactly()
    {
        await using var database = await CreateDatabaseAsync();
        var full = SpecData.FullClick();
        var minimal = SpecData.NewClick("clk-min", at: SpecData.Precise(7));
        var other = SpecData.NewClick("clk-other", at: SpecData.Precise(6), program: SpecData.OtherProgram) with
        {
            Attributable = true,
            SubIds = ["a"],
            Country = "FR",
        };
        var time = new FakeTime();
        await using var writer = Writer(database, time);
        await writer.StartAsync(None);

        foreach (var click in new[] { full, minimal, other })
        {
            Assert.True(await writer.TryWriteAsync(click, ClickKit.Rollups(click)));
        }

        await writer.StopAsync(None);

        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        SpecAssert.Equivalent(full, await store.FindClickAsync(SpecData.Program, full.Id, None));
        SpecAssert.Equivalent(minimal, await store.FindClickAsync(SpecData.Program, minimal.Id, None));
        SpecAssert.Equivalent(other, await store.FindClickAsync(SpecData.OtherProgram, other.Id, None));
        var query = new ClickQuery
        {
            ProgramId = SpecData.Program,
            From = SpecData.At(0),
            Until = SpecData.At(60),
        };
        var listed = new List<Click>();
        await foreach (var click in store.QueryClicksAsync(query, None))
        {
            listed.Add(click);
        }

        SpecAssert.EquivalentSequence([full, minimal], listed);
    }

    protected async Task A_crash_loses_exactly_the_clicks_not_yet_written()
    {
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        var writer = Writer(database, time, o =>
        {
            o.Capacity = 1000;
            o.BatchSize = 100;
        });
        await writer.StartAsync(None);

        await WriteAsync(writer, 0, 250);
        await WaitUntilAsync(writer, () => writer.Written == 200);
        var pendingAtCrash = writer.Pending;

        // The crash: the flusher goes away without StopAsync (the interval never came, so nothing else was written).
        await writer.DisposeAsync();

        var stored = await IdsAsync(database);
        Assert.Equal(50, pendingAtCrash);
        Assert.Equal(Ids(0, 200), stored);
        Assert.Equal(250 - pendingAtCrash, stored.Count);
        Assert.DoesNotContain(Id(200), stored);
        Assert.True(pendingAtCrash <= writer.Options.Capacity);

        // A restarted host writes new clicks again; the lost ones stay lost.
        var restarted = Writer(database, time, o => o.BatchSize = 100);
        await restarted.StartAsync(None);
        await WriteAsync(restarted, 250, 260);
        await restarted.StopAsync(None);
        await restarted.DisposeAsync();
        Assert.Equal(Ids(0, 200).Concat(Ids(250, 260)), await IdsAsync(database));
    }

    protected async Task Measures_throughput()
    {
        const int Clicks = 100_000;
        await using var database = await CreateDatabaseAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time);
        var clicks = Enumerable.Range(0, Clicks).Select(n => Click(n, visitor: "v-" + (n % 977))).ToArray();
        await writer.StartAsync(None);

        var watch = Stopwatch.StartNew();
        foreach (var click in clicks)
        {
            if (!await writer.TryWriteAsync(click, ClickKit.Rollups(click)))
            {
                Assert.Fail("a click was dropped in Wait mode");
            }
        }

        var accepted = watch.Elapsed;
        await writer.StopAsync(None);
        var elapsed = watch.Elapsed;

        Assert.Equal(Clicks, await CountAsync(database));
        output.WriteLine(
            $"{ProviderName}: {Clicks:N0} clicks through the writer (Capacity {writer.Options.Capacity:N0}, "
                + $"BatchSize {writer.Options.BatchSize}, "
                + $"{writer.Batches} batches) in {elapsed.TotalSeconds:F2} s = {Clicks / elapsed.TotalSeconds:N0} "
                + "rows/s "
                + $"(all accepted after {accepted.TotalSeconds:F2} s)"
        );
    }
}
