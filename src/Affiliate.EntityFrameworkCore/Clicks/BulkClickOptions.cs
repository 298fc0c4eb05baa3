namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// What <see cref="BulkClickWriter.TryWriteAsync"/> does when the buffer already holds <see
/// cref="BulkClickOptions.Capacity"/> clicks.
/// </summary>
public enum BulkClickFullMode
{
    /// <summary>The caller waits (asynchronously) until a flush makes room: back-pressure, nothing is lost.</summary>
    Wait = 0,

    /// <summary>
    /// The click being written is refused at once: <see cref="BulkClickWriter.TryWriteAsync"/> answers false and the
    /// <c>clicks.dropped</c> counter (tag <c>reason=full</c>) counts it. The request is never slowed down.
    /// </summary>
    DropNewest = 1,
}

/// <summary>
/// Options of the <see cref="BulkClickWriter"/>: how many clicks it may hold, when it flushes them, and what happens
/// when it is full or the database fails.
/// </summary>
/// <remarks>
/// The loss window on a crash is bounded by these options: at most <see cref="Capacity"/> clicks, none older than
/// about <see cref="FlushInterval"/> while the database keeps up (see <see cref="BulkClickWriter"/>).
/// </remarks>
public sealed class BulkClickOptions
{
    private const int DefaultBatchSize = 2_000;

    private int? _batchSize;

    /// <summary>
    /// The most clicks held in memory at once (accepted but not yet written, including the batch being written):
    /// 10,000 by default. This is also the most a crash can lose. Each click is held with its rollup change, a few
    /// kilobytes together.
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>
    /// A batch is written as soon as this many clicks are buffered: 2,000 by default (<see cref="Capacity"/> when that
    /// is smaller and this was not set). At most <see cref="Capacity"/>.
    /// </summary>
    /// <remarks>
    /// A batch writes its clicks' rollups merged: one row per partner, day and sub-id or link value, per hour, per
    /// visitor, however many of the batch's clicks share it. So the rollup rows written per click fall as batches grow:
    /// measured with 100 partners on a busy 2-core machine, 500-click batches wrote about 2,600-3,800 clicks/s on
    /// SQLite and 2,800 on PostgreSQL, 2,000-click batches about 5,200 on both; 5,000-click batches gained little more
    /// and hold SQLite's write lock longer.
    /// </remarks>
    public int BatchSize
    {
        get => _batchSize ?? Math.Min(DefaultBatchSize, Capacity);
        set => _batchSize = value;
    }

    /// <summary>Whatever is buffered is written at least this often: every second by default.</summary>
    public Duration FlushInterval { get; set; } = Duration.FromSeconds(1);

    /// <summary>What happens when the buffer is full: <see cref="BulkClickFullMode.Wait"/> by default.</summary>
    public BulkClickFullMode FullMode { get; set; } = BulkClickFullMode.Wait;

    /// <summary>
    /// How long <c>StopAsync</c> (graceful shutdown) may take to write what is buffered: 10 seconds by default. Clicks
    /// still unwritten when it ends are dropped (logged, and counted with <c>reason=shutdown</c>).
    /// </summary>
    public Duration ShutdownTimeout { get; set; } = Duration.FromSeconds(10);

    /// <summary>How many times a failed batch is tried again before it is dropped: 3 by default.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The wait before the first retry of a failed batch; the n-th retry waits n times as long. 200 ms by default.
    /// </summary>
    public Duration RetryDelay { get; set; } = Duration.FromMilliseconds(200);

    /// <summary>Every problem with these options, each saying what to change; empty when they are valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (Capacity < 1)
        {
            yield return $"BulkClickOptions.Capacity is {Capacity}; set it to 1 or more (10,000 is the default).";
        }

        if (BatchSize < 1 || BatchSize > Capacity)
        {
            yield return $"BulkClickOptions.BatchSize is {BatchSize}; set it between 1 and Capacity ({Capacity}).";
        }

        if (FlushInterval <= Duration.Zero || FlushInterval > Duration.FromDays(1))
        {
            yield return $"BulkClickOptions.FlushInterval is {FlushInterval}; set it above zero and at most a day (1 "
                + "s is the default).";
        }

        if (ShutdownTimeout < Duration.Zero)
        {
            yield return $"BulkClickOptions.ShutdownTimeout is {ShutdownTimeout}; set it to zero or more.";
        }

        if (MaxRetries < 0)
        {
            yield return $"BulkClickOptions.MaxRetries is {MaxRetries}; set it to zero or more.";
        }

        if (RetryDelay < Duration.Zero)
        {
            yield return $"BulkClickOptions.RetryDelay is {RetryDelay}; set it to zero or more.";
        }

        if (!Enum.IsDefined(FullMode))
        {
            yield return $"BulkClickOptions.FullMode is {(int)FullMode}; use Wait or DropNewest.";
        }
    }
}
