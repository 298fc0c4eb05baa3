namespace Affiliate.EntityFrameworkCore.Clicks;

/// <summary>What <see cref="BulkClickWriter.TryWriteAsync"/> does when the buffer already holds <see cref="BulkClickOptions.Capacity"/> clicks.</summary>
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
    /// <summary>
    /// The most clicks held in memory at once (accepted but not yet written, including the batch being written):
    /// 10,000 by default. This is also the most a crash can lose.
    /// </summary>
    public int Capacity { get; set; } = 10_000;

    /// <summary>A batch is written as soon as this many clicks are buffered: 500 by default. At most <see cref="Capacity"/>.</summary>
    public int BatchSize { get; set; } = 500;

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

    /// <summary>The wait before the first retry of a failed batch; the n-th retry waits n times as long. 200 ms by default.</summary>
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
            yield return $"BulkClickOptions.FlushInterval is {FlushInterval}; set it above zero and at most a day (1 s is the default).";
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
