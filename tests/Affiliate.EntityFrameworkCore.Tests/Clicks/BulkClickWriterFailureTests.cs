using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Microsoft.Extensions.Logging.Abstractions;
using static Affiliate.EntityFrameworkCore.Tests.Clicks.ClickKit;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>Failing batches, options and shutdown edges (on SQLite: the logic is the same on every provider).</summary>
public sealed class BulkClickWriterFailureTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    /// <summary>
    /// A writer whose database fails while <paramref name="failing"/> says so; counts the batch attempts.
    /// </summary>
    private static (BulkClickWriter Writer, Func<int> Attempts) FlakyWriter(
        TestDatabase database,
        FakeTime time,
        Func<int, bool> failing,
        Action<BulkClickOptions> configure
    )
    {
        var attempts = 0;
        var options = new BulkClickOptions();
        configure(options);
        var writer = new BulkClickWriter(
            () =>
            {
                var attempt = Interlocked.Increment(ref attempts);
                if (failing(attempt))
                {
                    throw new InvalidOperationException($"database unavailable (attempt {attempt})");
                }

                var context = database.NewContext();
                return (context, context);
            },
            options,
            time,
            NullLogger<BulkClickWriter>.Instance
        );
        return (writer, () => Volatile.Read(ref attempts));
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_is_retried_then_dropped_and_counted_and_the_writer_goes_on()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var time = new FakeTime();
        var broken = true;
        var (writer, attempts) = FlakyWriter(
            database,
            time,
            _ => Volatile.Read(ref broken),
            o =>
            {
                o.BatchSize = 10;
                o.MaxRetries = 2;
                o.RetryDelay = Duration.Zero;
            }
        );
        await using var _ = writer;
        using var meter = new MeterReader(writer.Meter);
        await writer.StartAsync(None);

        await WriteAsync(writer, 0, 10);
        await WaitUntilAsync(writer, () => writer.Dropped == 10);

        Assert.Equal(3, attempts());
        Assert.Equal(10, meter.Counter("clicks.dropped", "failed"));
        Assert.Equal(0, writer.Pending);
        Assert.Equal(0, await CountAsync(database));

        Volatile.Write(ref broken, false);
        await WriteAsync(writer, 10, 20);
        await WaitUntilAsync(writer, () => writer.Written == 10);
        await writer.StopAsync(None);
        Assert.Equal(Ids(10, 20), await IdsAsync(database));
    }

    [Fact]
    public async Task A_failed_batch_is_retried_after_the_retry_delay_and_then_written()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var time = new FakeTime();
        var (writer, attempts) = FlakyWriter(
            database,
            time,
            attempt => attempt == 1,
            o =>
            {
                o.BatchSize = 10;
                o.RetryDelay = Duration.FromSeconds(3);
            }
        );
        await using var _ = writer;
        await writer.StartAsync(None);
        var retryTimer = time.NextTimerAsync();

        await WriteAsync(writer, 0, 10);

        // The first attempt failed: the writer waits for the retry delay on the fake clock.
        Assert.Equal(TimeSpan.FromSeconds(3), await retryTimer.WaitAsync(Patience));
        Assert.Equal(1, attempts());
        Assert.Equal(10, writer.Pending);

        time.Advance(TimeSpan.FromSeconds(3));
        await WaitUntilAsync(writer, () => writer.Written == 10);
        Assert.Equal(2, attempts());
        Assert.Equal(0, writer.Dropped);
        Assert.Equal(Ids(0, 10), await IdsAsync(database));
    }

    [Fact]
    public async Task A_shutdown_that_runs_out_of_time_gives_up_what_is_left_and_counts_it()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var time = new FakeTime();
        var (writer, _) = FlakyWriter(
            database,
            time,
            _ => true,
            o =>
            {
                o.BatchSize = 10;
                o.RetryDelay = Duration.FromMinutes(1);
                o.ShutdownTimeout = Duration.FromSeconds(5);
            }
        );
        await using var disposable = writer;
        using var meter = new MeterReader(writer.Meter);
        await writer.StartAsync(None);
        var retryTimer = time.NextTimerAsync();
        await WriteAsync(writer, 0, 15);
        await retryTimer.WaitAsync(Patience);

        // The database is down and the retry waits a minute; shutdown may take 5 s.
        var shutdownTimer = time.NextTimerAsync();
        var stopping = writer.StopAsync(None);
        await shutdownTimer.WaitAsync(Patience);
        time.Advance(TimeSpan.FromSeconds(5));
        await stopping.WaitAsync(Patience);

        Assert.Equal(0, writer.Pending);
        Assert.Equal(15, meter.Counter("clicks.dropped", "shutdown"));
        Assert.Equal(0, await CountAsync(database));
    }

    [Fact]
    public async Task FlushAsync_writes_what_was_accepted_and_needs_a_started_writer()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var time = new FakeTime();
        await using var writer = Writer(database, time);

        await WriteAsync(writer, 0, 7);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.FlushAsync());
        Assert.Contains("StartAsync", error.Message, StringComparison.Ordinal);

        await writer.StartAsync(None);
        await writer.FlushAsync().WaitAsync(Patience);
        Assert.Equal(Ids(0, 7), await IdsAsync(database));

        await writer.StopAsync(None);
        await writer.FlushAsync().WaitAsync(Patience);
    }

    [Fact]
    public async Task Invalid_options_are_refused_with_what_to_change()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var error = Assert.Throws<ArgumentException>(() => Writer(database, new FakeTime(), o =>
            {
                o.Capacity = 10;
                o.BatchSize = 20;
                o.FlushInterval = Duration.Zero;
            }));

        Assert.Contains("BatchSize is 20; set it between 1 and Capacity (10)", error.Message, StringComparison.Ordinal);
        Assert.Contains("FlushInterval", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_writer_disposed_without_ever_starting_loses_its_buffer_like_a_crash()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var writer = Writer(database, new FakeTime());
        using var meter = new MeterReader(writer.Meter);
        await WriteAsync(writer, 0, 5);
        Assert.Equal(5, writer.Pending);

        await writer.DisposeAsync();

        Assert.Equal(0, await CountAsync(database));
        Assert.Equal(5, meter.Counter("clicks.dropped", "shutdown"));
        Assert.False(await writer.TryWriteAsync(Click(9), ClickKit.Rollups(Click(9))));
    }
}
