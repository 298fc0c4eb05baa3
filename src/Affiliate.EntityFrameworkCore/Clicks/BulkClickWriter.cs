using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Writes clicks in batches: <see cref="TryWriteAsync"/> puts a click in a bounded in-process buffer and returns at
/// once; a background flusher (this class is an <see cref="IHostedService"/>) writes the buffer in batches of
/// <see cref="BulkClickOptions.BatchSize"/>, or whatever it holds every <see cref="BulkClickOptions.FlushInterval"/>,
/// each batch in one transaction: the ids into <c>click_ids</c> (<c>ON CONFLICT DO NOTHING RETURNING</c>) and a binary
/// COPY of the new clicks on PostgreSQL, multi-row <c>INSERT ... ON CONFLICT DO NOTHING RETURNING</c> on SQLite, and
/// the read side's changes of the new clicks merged into one upsert per rollup table. A click id already stored (or
/// twice in the buffer) is ignored with its rollups, so redelivered clicks change nothing. Enable it with
/// <c>.UseBulkClickWriter&lt;TContext&gt;()</c>.
/// </summary>
/// <remarks>
/// <para>
/// <b>Loss window.</b> A click is durable once its batch is committed, not when <see cref="TryWriteAsync"/> returns.
/// If the process dies without a graceful shutdown (killed, out of memory, power cut: no <see cref="StopAsync"/>),
/// the clicks accepted but not yet written are lost: at most <see cref="BulkClickOptions.Capacity"/> clicks
/// (<see cref="Pending"/> at the moment of the crash), and while the database keeps up none older than
/// <see cref="BulkClickOptions.FlushInterval"/> plus the time one batch takes to write. While the database is
/// failing, batches wait for their retries, so clicks can be older, but never more than Capacity of them.
/// A graceful shutdown (<see cref="StopAsync"/>, which the host calls on SIGTERM or Ctrl+C) loses none: it stops
/// accepting clicks and writes everything buffered, within <see cref="BulkClickOptions.ShutdownTimeout"/>.
/// Disposing the writer without stopping it abandons the buffer as a crash would. Every click is counted once as
/// written, duplicate or dropped (refused when full or stopping, failed after retries, refused by the database alone
/// in its batch, or lost at shutdown).
/// </para>
/// <para>
/// <b>Reading your own clicks.</b> Until its batch is written a click is not visible to queries (attribution,
/// reports, velocity rules). Conversions usually come well after the interval; the click velocity rules, though, do
/// not count the clicks of the last interval still in the buffer, so set their thresholds with that in mind. Call
/// <see cref="FlushAsync"/> where a click must be readable at once.
/// </para>
/// <para>
/// <b>Metrics</b> (Meter <c>Affiliate</c>, as the core's): counters <c>clicks.buffered</c> (accepted),
/// <c>clicks.written</c> (new rows), <c>clicks.duplicates</c> (ids already stored), <c>clicks.dropped</c>
/// (tag <c>reason</c>: <c>full</c>, <c>failed</c> or <c>shutdown</c>), and the observable gauge
/// <c>clicks.buffer_depth</c> (= <see cref="Pending"/>). Log events 2100-2108.
/// </para>
/// <para>
/// Each batch uses a DbContext of its own (a new DI scope), never a request's. Thread-safe; one instance per host.
/// </para>
/// </remarks>
public sealed partial class BulkClickWriter : IHostedService, IAsyncDisposable
{
    /// <summary>The name of the Meter the writer reports on.</summary>
    public const string MeterName = Affiliate.AffiliateDiagnostics.Name;

    private static readonly Task<bool> Never = new TaskCompletionSource<bool>().Task;

    private readonly Func<(DbContext Context, IAsyncDisposable Owner)> _openContext;
    private readonly BulkClickOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<BufferedClick> _buffer;
    private readonly Channel<TaskCompletionSource> _flushRequests = Channel.CreateUnbounded<TaskCompletionSource>(
        new UnboundedChannelOptions { SingleReader = true }
    );
    private readonly SemaphoreSlim _room;
    private readonly CancellationTokenSource _abort = new();
    private readonly Meter _meter;
    private readonly bool _ownsMeter;
    private readonly Counter<long> _bufferedCounter;
    private readonly Counter<long> _writtenCounter;
    private readonly Counter<long> _duplicateCounter;
    private readonly Counter<long> _droppedCounter;
    private readonly object _lifecycle = new();
    private TaskCompletionSource _progress = NewSignal();
    private PeriodicTimer? _timer;
    private Task? _loop;
    private bool _stopping;
    private bool _disposed;
    private int _fullLogged;
    private long _written;
    private long _duplicates;
    private long _dropped;
    private long _batches;

    /// <summary>Creates a writer; hosts use <c>.UseBulkClickWriter&lt;TContext&gt;()</c> instead.</summary>
    /// <param name="openContext">Makes a DbContext for one batch and what to dispose after it (a DI scope, or the
    /// context).</param> <param name="options">The options; validated here.</param> <param name="time">Drives the flush
    /// interval, retry delays and the shutdown timeout.</param> <param name="logger">The logger.</param> <param
    /// name="meterFactory">Makes the Meter, when the host has one; else the writer owns a Meter of its own.</param>
    internal BulkClickWriter(
        Func<(DbContext Context, IAsyncDisposable Owner)> openContext,
        BulkClickOptions options,
        TimeProvider time,
        ILogger<BulkClickWriter> logger,
        IMeterFactory? meterFactory = null
    )
    {
        ArgumentNullException.ThrowIfNull(openContext);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var problems = options.Validate().ToArray();
        if (problems.Length > 0)
        {
            throw new ArgumentException(
                "The bulk click writer's options are invalid: " + string.Join(" ", problems),
                nameof(options)
            );
        }

        _openContext = openContext;
        _options = options;
        _time = time;
        _logger = logger;

        // The semaphore bounds everything held (channel plus the batch being written); the channel's own bound is
        // never reached, it only keeps the clicks in order.
        _room = new SemaphoreSlim(options.Capacity, options.Capacity);
        _buffer = Channel.CreateBounded<BufferedClick>(
            new BoundedChannelOptions(options.Capacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                AllowSynchronousContinuations = false,
            }
        );

        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(new MeterOptions(MeterName)) ?? new Meter(MeterName);
        _bufferedCounter = _meter.CreateCounter<long>(
            "clicks.buffered",
            "{click}",
            "Clicks accepted into the bulk click writer's buffer."
        );
        _writtenCounter = _meter.CreateCounter<long>(
            "clicks.written",
            "{click}",
            "Clicks written to the database by the bulk click writer."
        );
        _duplicateCounter = _meter.CreateCounter<long>(
            "clicks.duplicates",
            "{click}",
            "Buffered clicks ignored because their id was already stored or buffered."
        );
        _droppedCounter = _meter.CreateCounter<long>(
            "clicks.dropped",
            "{click}",
            "Clicks lost by the bulk click writer: buffer full, batch failed after retries, or shutdown."
        );
        _meter.CreateObservableGauge(
            "clicks.buffer_depth",
            () => (long)Pending,
            "{click}",
            "Clicks accepted but not yet written: what a crash now would lose."
        );
    }

    /// <summary>
    /// Clicks accepted but not yet written or dropped (buffered, or in the batch being written): exactly what a crash
    /// at this moment would lose.
    /// </summary>
    public int Pending => _options.Capacity - _room.CurrentCount;

    /// <summary>The options in force.</summary>
    public BulkClickOptions Options => _options;

    internal Meter Meter => _meter;

    internal long Written => Interlocked.Read(ref _written);

    internal long Duplicates => Interlocked.Read(ref _duplicates);

    internal long Dropped => Interlocked.Read(ref _dropped);

    internal long Batches => Interlocked.Read(ref _batches);

    /// <summary>
    /// Buffers a click and its change to the read side for the next batch, which writes both or (when the click id is
    /// already stored) neither. True when accepted; false when it was dropped because the buffer is full
    /// and <see cref="BulkClickOptions.FullMode"/> is <see cref="BulkClickFullMode.DropNewest"/>, or because the writer
    /// is shutting down. In <see cref="BulkClickFullMode.Wait"/> mode a full buffer makes the caller wait for room.
    /// Accepted is not yet durable: see the loss window in the remarks of <see cref="BulkClickWriter"/>.
    /// </summary>
    /// <param name="click">The click.</param>
    /// <param name="rollups">
    /// What the click adds to the rollups (as <c>ClickTracker</c> computes it); the writer keeps it until the batch is
    /// written, so the caller must not change it afterwards. <see cref="RollupChange.None"/> counts the click nowhere.
    /// </param>
    /// <param name="cancellationToken">Cancels a wait for room.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled while waiting for room (nothing was
    /// buffered).</exception>
    public ValueTask<bool> TryWriteAsync(
        Click click,
        RollupChange rollups,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(click);
        ArgumentNullException.ThrowIfNull(rollups);
        var buffered = new BufferedClick(click, rollups);
        if (Volatile.Read(ref _stopping))
        {
            return ValueTask.FromResult(Refuse("shutdown"));
        }

        if (_room.Wait(0, CancellationToken.None))
        {
            return ValueTask.FromResult(Enqueue(buffered));
        }

        if (Interlocked.Exchange(ref _fullLogged, 1) == 0)
        {
            LogBufferFull(_logger, _options.Capacity, _options.FullMode);
        }

        return _options.FullMode == BulkClickFullMode.DropNewest
            ? ValueTask.FromResult(Refuse("full"))
            : WaitForRoomAsync(buffered, cancellationToken);
    }

    private async ValueTask<bool> WaitForRoomAsync(BufferedClick click, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
        return Enqueue(click);
    }

    /// <summary>Called holding one unit of room.</summary>
    private bool Enqueue(BufferedClick click)
    {
        if (Volatile.Read(ref _stopping) || !_buffer.Writer.TryWrite(click))
        {
            _room.Release();
            return Refuse("shutdown");
        }

        _bufferedCounter.Add(1);
        return true;
    }

    private bool Refuse(string reason)
    {
        _droppedCounter.Add(1, new KeyValuePair<string, object?>("reason", reason));
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>
    /// Writes every click accepted before the call and returns when they are written (or dropped after their
    /// retries). For tests and for the few places that must read a click right after recording it.
    /// </summary>
    /// <exception cref="InvalidOperationException">The writer was never started (the host did not start
    /// it).</exception>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycle)
        {
            if (_loop is null)
            {
                throw new InvalidOperationException(
                    "The bulk click writer is not running: it is an IHostedService, so start the host (or call "
                        + "StartAsync) before flushing."
                );
            }
        }

        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_flushRequests.Writer.TryWrite(request))
        {
            // Stopped: StopAsync wrote (or gave up on) everything already.
            return Task.CompletedTask;
        }

        return request.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Starts the background flusher.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_lifecycle)
        {
            if (_loop is null && !_stopping)
            {
                // Made here, not in the loop, so that the interval counts from the start (and a fake clock advanced
                // right after StartAsync is seen).
                _timer = new PeriodicTimer(_options.FlushInterval.ToTimeSpan(), _time);
                var timer = _timer;
                _loop = Task.Run(() => RunAsync(timer), CancellationToken.None);
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// Graceful shutdown: refuses new clicks, then writes everything buffered, for at most
    /// <see cref="BulkClickOptions.ShutdownTimeout"/> (or until <paramref name="cancellationToken"/>, the host's own
    /// shutdown deadline). Writes the buffer even when the writer was never started. What is left unwritten when time
    /// runs out is dropped, logged and counted.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task loop;
        lock (_lifecycle)
        {
            if (!_stopping)
            {
                _stopping = true;
                _buffer.Writer.TryComplete();
                _flushRequests.Writer.TryComplete();
                _loop ??= Task.Run(() => RunAsync(null), CancellationToken.None);
            }

            loop = _loop!;
        }

        var pending = Pending;
        if (pending > 0)
        {
            LogFlushingOnShutdown(_logger, pending);
        }

        try
        {
            await loop.WaitAsync(_options.ShutdownTimeout.ToTimeSpan(), _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            LogShutdownTimedOut(_logger, _options.ShutdownTimeout, Pending);
            await _abort.CancelAsync().ConfigureAwait(false);
            await loop.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Stops the flusher WITHOUT writing what is buffered (as a crash would; call <see cref="StopAsync"/> first for a
    /// graceful shutdown, as the host does) and releases the timer and the Meter.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lifecycle)
        {
            // The container may dispose the one instance twice (as itself and as the hosted service).
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            loop = _loop;
        }

        // Abort before completing the channel: a flusher woken by the completion first would take it for StopAsync
        // and write what it holds, which a crash must not.
        await _abort.CancelAsync().ConfigureAwait(false);
        _buffer.Writer.TryComplete();
        _flushRequests.Writer.TryComplete();
        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
        else
        {
            Abandon([]);
        }

        _timer?.Dispose();

        // The semaphore and the cancellation source hold no handle and stay usable: writers still waiting for room
        // wake up, see the writer stopped and return false; a late StopAsync finds nothing to do.
        if (_ownsMeter)
        {
            _meter.Dispose();
        }
    }

    /// <summary>Completes when <paramref name="condition"/> holds, checked after every batch (for tests).</summary>
    internal async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var signal = Volatile.Read(ref _progress).Task;
            if (condition())
            {
                return;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    // ---- The flusher ---------------------------------------------------------------------------------------------

    private async Task RunAsync(PeriodicTimer? timer)
    {
        var batch = new List<BufferedClick>(_options.BatchSize);
        var token = _abort.Token;
        Task<bool>? tick = null;
        Task<bool>? readable = null;
        Task<bool>? flushWanted = null;
        try
        {
            while (true)
            {
                token.ThrowIfCancellationRequested();
                if (_flushRequests.Reader.TryRead(out var request))
                {
                    var requests = new List<TaskCompletionSource> { request };
                    while (_flushRequests.Reader.TryRead(out var more))
                    {
                        requests.Add(more);
                    }

                    // What was accepted before the requests; clicks arriving meanwhile do not hold them up.
                    var remaining = batch.Count + _buffer.Reader.Count;
                    while (remaining > 0 && Fill(batch) > 0)
                    {
                        remaining -= batch.Count;
                        await WriteBatchAsync(batch, token).ConfigureAwait(false);
                    }

                    requests.ForEach(r => r.TrySetResult());
                    continue;
                }

                if (Fill(batch) >= _options.BatchSize)
                {
                    await WriteBatchAsync(batch, token).ConfigureAwait(false);
                    continue;
                }

                // Not a full batch: wait for more clicks, the interval, or a flush request. Pending waits are kept
                // across iterations, so no waiter is left behind.
                tick ??= timer is null ? Never : timer.WaitForNextTickAsync(token).AsTask();
                readable ??= _buffer.Reader.WaitToReadAsync(token).AsTask();
                flushWanted ??= _flushRequests.Reader.WaitToReadAsync(token).AsTask();
                var done = await Task.WhenAny(tick, readable, flushWanted).ConfigureAwait(false);
                if (done == tick)
                {
                    tick = await tick.ConfigureAwait(false) ? null : Never;
                    Fill(batch);
                    if (batch.Count > 0)
                    {
                        await WriteBatchAsync(batch, token).ConfigureAwait(false);
                    }
                }
                else if (done == readable)
                {
                    readable = null;
                    if (!await done.ConfigureAwait(false))
                    {
                        // Completed (StopAsync) and drained: write the rest and end.
                        if (batch.Count > 0)
                        {
                            await WriteBatchAsync(batch, token).ConfigureAwait(false);
                        }

                        break;
                    }
                }
                else
                {
                    flushWanted = await done.ConfigureAwait(false) ? null : Never;
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Aborted: shutdown timed out, or disposed without StopAsync.
        }
#pragma warning disable CA1031 // The flusher must never die silently: log, and count what it held as dropped.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogFlusherFailed(_logger, exception);
        }
        finally
        {
            Abandon(batch);
        }
    }

    /// <summary>
    /// Moves clicks from the channel into the batch until it is full or the channel is empty; returns the batch size.
    /// </summary>
    private int Fill(List<BufferedClick> batch)
    {
        while (batch.Count < _options.BatchSize && _buffer.Reader.TryRead(out var click))
        {
            batch.Add(click);
        }

        return batch.Count;
    }

    /// <summary>
    /// The flusher ended: whatever it still holds is lost; count it, make room so waiting writers return, answer
    /// flushes.
    /// </summary>
    private void Abandon(List<BufferedClick> batch)
    {
        _buffer.Writer.TryComplete();
        _flushRequests.Writer.TryComplete();
        var lost = batch.Count;
        batch.Clear();
        while (_buffer.Reader.TryRead(out _))
        {
            lost++;
        }

        if (lost > 0)
        {
            LogAbandoned(_logger, lost);
            _room.Release(lost);
            _droppedCounter.Add(lost, new KeyValuePair<string, object?>("reason", "shutdown"));
            Interlocked.Add(ref _dropped, lost);
        }

        while (_flushRequests.Reader.TryRead(out var request))
        {
            request.TrySetResult();
        }

        Signal();
    }

    /// <summary>
    /// Writes one batch with retries; afterwards the batch is empty and its room released, written or dropped.
    /// </summary>
    private async Task WriteBatchAsync(List<BufferedClick> batch, CancellationToken token)
    {
        // First occurrence wins within the batch (its rollups with it); the database ignores ids it already has.
        var seen = new HashSet<(string, string)>();
        var rows = new List<ClickWrite>(batch.Count);
        foreach (var (click, rollups) in batch)
        {
            if (seen.Add((click.ProgramId.Value, click.Id.Value)))
            {
                rows.Add(new ClickWrite(RowMapper.Row(click), rollups));
            }
        }

        var (inserted, failed) = await WriteRowsAsync(rows, batch.Count, token).ConfigureAwait(false);

        // Room first, then the metrics, then the counts tests wait on: whoever sees a batch counted sees it all done.
        var count = batch.Count;
        batch.Clear();
        _room.Release(count);
        if (Pending <= _options.Capacity / 2)
        {
            // Log "full" again only after the buffer recovered, not once per batch while it stays full.
            Volatile.Write(ref _fullLogged, 0);
        }

        Interlocked.Increment(ref _batches);

        // A batch that failed as a whole drops everything it held (in-batch repeats too); else the rows it could not
        // write are dropped and the rest that is not new was a duplicate.
        var dropped = failed == rows.Count ? count : failed;
        var duplicates = count - inserted - dropped;
        _writtenCounter.Add(inserted);
        if (duplicates > 0)
        {
            _duplicateCounter.Add(duplicates);
        }

        if (dropped > 0)
        {
            _droppedCounter.Add(dropped, new KeyValuePair<string, object?>("reason", "failed"));
        }

        Interlocked.Add(ref _duplicates, duplicates);
        Interlocked.Add(ref _written, inserted);
        Interlocked.Add(ref _dropped, dropped);

        Signal();
    }

    /// <summary>
    /// Writes rows in one transaction with retries; answers how many were new and how many were given up. A failure
    /// that lies in the data (the database refused a row: a NUL in a text, a value its index cannot hold) is not
    /// retried as it is: the rows are split in halves and each half written, down to the row that fails alone, which
    /// is logged and dropped, so one bad row costs itself and not its batch. Any other failure (connection, timeout,
    /// serialization) is retried whole, then the rows are dropped.
    /// </summary>
    private async Task<(int Inserted, int Dropped)> WriteRowsAsync(
        List<ClickWrite> rows,
        int count,
        CancellationToken token
    )
    {
        var attempts = _options.MaxRetries + 1;
        // The provider package that classifies the database's failures, once a context has named it.
        AffiliateDatabase? database = null;
        for (var attempt = 1; ; attempt++)
        {
            var started = _time.GetTimestamp();
            try
            {
                int inserted;
                var (context, owner) = _openContext();
                await using (owner.ConfigureAwait(false))
                {
                    database = AffiliateDatabases.Default.For(context);
                    inserted = await ClickBatchSql.WriteAsync(context, rows, token).ConfigureAwait(false);
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var elapsedMs = _time.GetElapsedTime(started).TotalMilliseconds;
                    LogBatchWritten(_logger, count, inserted, count - inserted, elapsedMs);
                }

                return (inserted, 0);
            }
#pragma warning disable CA1031 // Any failure of a batch is retried or split, then dropped: the flusher goes on.
            catch (Exception exception) when (!token.IsCancellationRequested)
#pragma warning restore CA1031
            {
                if (IsRefusedData(exception, database))
                {
                    if (rows.Count == 1)
                    {
                        LogRowDropped(_logger, exception, rows[0].Row.Id, rows[0].Row.ProgramId);
                        return (0, 1);
                    }

                    var half = rows.Count / 2;
                    var first = await WriteRowsAsync(rows[..half], half, token).ConfigureAwait(false);
                    var second = await WriteRowsAsync(rows[half..], rows.Count - half, token).ConfigureAwait(false);
                    return (first.Inserted + second.Inserted, first.Dropped + second.Dropped);
                }

                if (attempt >= attempts)
                {
                    LogBatchDropped(_logger, exception, count, attempts);
                    return (0, rows.Count);
                }

                LogBatchRetry(_logger, exception, count, attempt, attempts);
                var delay = _options.RetryDelay.ToTimeSpan() * attempt;
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, _time, token).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// The database answered and refused the data (not a transient failure such as a lost connection, a timeout, a
    /// serialization failure or a busy database, which a retry of the same rows can cure).
    /// </summary>
    private static bool IsRefusedData(Exception exception, AffiliateDatabase? database) =>
        (exception as System.Data.Common.DbException ?? exception.InnerException as System.Data.Common.DbException)
            is { IsTransient: false } refusal
        && database is not null
        && !database.IsCollision(refusal);

    /// <summary>A click in the buffer with its change to the read side.</summary>
    private readonly record struct BufferedClick(Click Click, RollupChange Rollups);

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private void Signal() => Interlocked.Exchange(ref _progress, NewSignal()).TrySetResult();

    // ---- Logging (event ids 2100-2199) ---------------------------------------------------------------------------

    [LoggerMessage(
        EventId = 2100,
        Level = LogLevel.Debug,
        Message = "Wrote a batch of {Count} clicks: {Written} new, {Duplicates} duplicate, in {ElapsedMs} ms"
    )]
    private static partial void LogBatchWritten(
        ILogger logger,
        int count,
        int written,
        int duplicates,
        double elapsedMs
    );

    [LoggerMessage(
        EventId = 2101,
        Level = LogLevel.Warning,
        Message = "Writing a batch of {Count} clicks failed (attempt {Attempt} of {Attempts}); trying again"
    )]
    private static partial void LogBatchRetry(
        ILogger logger,
        Exception exception,
        int count,
        int attempt,
        int attempts
    );

    [LoggerMessage(
        EventId = 2102,
        Level = LogLevel.Error,
        Message = "Dropped a batch of {Count} clicks after {Attempts} failed attempts"
    )]
    private static partial void LogBatchDropped(ILogger logger, Exception exception, int count, int attempts);

    [LoggerMessage(
        EventId = 2108,
        Level = LogLevel.Error,
        Message = "Dropped click {ClickId} of program {ProgramId}: the database refused it"
    )]
    private static partial void LogRowDropped(ILogger logger, Exception exception, string clickId, string programId);

    [LoggerMessage(
        EventId = 2103,
        Level = LogLevel.Warning,
        Message = "The click buffer is full ({Capacity} clicks); full mode {FullMode}. The database is not keeping "
            + "up, or Capacity is too small"
    )]
    private static partial void LogBufferFull(ILogger logger, int capacity, BulkClickFullMode fullMode);

    [LoggerMessage(
        EventId = 2104,
        Level = LogLevel.Information,
        Message = "Writing {Count} buffered clicks before shutdown"
    )]
    private static partial void LogFlushingOnShutdown(ILogger logger, int count);

    [LoggerMessage(
        EventId = 2105,
        Level = LogLevel.Error,
        Message = "Writing the buffered clicks did not finish within the shutdown timeout {Timeout}; {Count} clicks "
            + "are given up"
    )]
    private static partial void LogShutdownTimedOut(ILogger logger, Duration timeout, int count);

    [LoggerMessage(
        EventId = 2106,
        Level = LogLevel.Warning,
        Message = "The bulk click writer stopped with {Count} clicks unwritten; they are lost"
    )]
    private static partial void LogAbandoned(ILogger logger, int count);

    [LoggerMessage(
        EventId = 2107,
        Level = LogLevel.Critical,
        Message = "The bulk click writer's flusher failed unexpectedly; buffered clicks are lost and new ones are "
            + "refused"
    )]
    private static partial void LogFlusherFailed(ILogger logger, Exception exception);
}
