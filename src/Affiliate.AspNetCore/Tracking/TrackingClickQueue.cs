using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// The clicks the tracking middleware saw, recorded in the background in batches through the core's
/// <see cref="ClickTracker.RecordManyAsync"/> so that the visitor's request does not wait on the database (the
/// tracker looks the batch's click ids up and counts velocity per source, a few round trips per batch). Bounded
/// (<see cref="TrackingOptions.ClickQueueCapacity"/>): when full, <see cref="EnqueueAsync"/> waits up to
/// <see cref="TrackingOptions.ClickQueueWait"/> for room (back-pressure: sustained load slows referral requests down
/// to the rate clicks are recorded instead of losing clicks), then drops the click and logs it. A graceful shutdown
/// records what is queued before it stops; register it after the store (e.g. after <c>UseBulkClickWriter</c>) so
/// that it stops first.
/// </summary>
public sealed partial class TrackingClickQueue : IHostedService, IDisposable
{
    // Clicks recorded with one scope (one DbContext) and one RecordManyAsync: large enough that the batch's few
    // round trips cost little per click, bounded so that a long backlog does not grow one context's memory.
    private const int BatchSize = 512;

    private readonly Channel<ClickRequest> _channel;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<TrackingClickQueue> _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _wait;
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private int _pending;
    private long _dropped;
    private Task? _loop;

    /// <summary>
    /// Creates the queue with the capacity of <see cref="TrackingOptions.ClickQueueCapacity"/>; waiting for room is
    /// timed on <paramref name="time"/> (the host's, registered by <c>AddAffiliates</c>).
    /// </summary>
    public TrackingClickQueue(
        IOptions<AffiliateWebOptions> options,
        IServiceScopeFactory scopes,
        ILogger<TrackingClickQueue> logger,
        TimeProvider time
    )
    {
        ArgumentNullException.ThrowIfNull(options);
        _channel = Channel.CreateBounded<ClickRequest>(
            new BoundedChannelOptions(options.Value.Tracking.ClickQueueCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            }
        );
        _scopes = scopes;
        _logger = logger;
        _time = time;
        _wait = options.Value.Tracking.ClickQueueWait;
    }

    /// <summary>How many clicks wait to be recorded (for health checks).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>How many clicks were dropped since the start: no room in time, or the queue was stopped.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues a click at once; false when the queue is full or stopped (the click is not recorded).</summary>
    public bool TryEnqueue(ClickRequest click)
    {
        ArgumentNullException.ThrowIfNull(click);
        if (TryWrite(click))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        LogDropped(_logger, click.ReferralCode);
        return false;
    }

    /// <summary>
    /// Queues a click, waiting up to <see cref="TrackingOptions.ClickQueueWait"/> for room when the queue is full;
    /// false when there was none by then, the queue is stopped or <paramref name="cancellationToken"/> fired (the
    /// click is not recorded).
    /// </summary>
    public async ValueTask<bool> EnqueueAsync(ClickRequest click, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        if (TryWrite(click))
        {
            return true;
        }

        if (_wait > TimeSpan.Zero)
        {
            using var timeout = new CancellationTokenSource(_wait, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
            try
            {
                // Every waiter wakes when room appears and they race for it: the losers wait again.
                while (await _channel.Writer.WaitToWriteAsync(linked.Token).ConfigureAwait(false))
                {
                    if (TryWrite(click))
                    {
                        return true;
                    }
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                // No room in time, or the visitor went away: dropped below.
            }
        }

        Interlocked.Increment(ref _dropped);
        LogDropped(_logger, click.ReferralCode);
        return false;
    }

    private bool TryWrite(ClickRequest click)
    {
        lock (_gate)
        {
            // Counted under the lock the consumer takes to uncount a batch, so it never sees a click it cannot count.
            if (!_channel.Writer.TryWrite(click))
            {
                return false;
            }

            if (_pending++ == 0)
            {
                _idle = NewIdle(completed: false);
            }
        }

        return true;
    }

    /// <summary>Completes when every click queued so far has been handed to the tracker.</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop ??= Task.Run(RunAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _channel.Writer.TryComplete();
        if (_loop is { } loop)
        {
            // Records what is queued, unless the host's shutdown timeout runs out first.
            await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Writer.TryComplete();

    private async Task RunAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<ClickRequest>(BatchSize);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && reader.TryRead(out var click))
            {
                batch.Add(click);
            }

            await RecordAsync(batch).ConfigureAwait(false);
            lock (_gate)
            {
                _pending -= batch.Count;
                if (_pending == 0)
                {
                    _idle.TrySetResult();
                }
            }

            batch.Clear();
        }
    }

    private async Task RecordAsync(List<ClickRequest> batch)
    {
        try
        {
            await using var scope = _scopes.CreateAsyncScope();
            var tracker = scope.ServiceProvider.GetRequiredService<ClickTracker>();
            var results = await tracker.RecordManyAsync(batch, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Error is { } error)
                {
                    LogNotRecorded(_logger, batch[i].ReferralCode, error.Code, error.Description);
                }
            }
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            // The loop must outlive a failing store: the batch is lost and logged, the next one runs.
            LogBatchFailed(_logger, batch.Count, e);
        }
    }

    private static TaskCompletionSource NewIdle(bool completed)
    {
        var idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            idle.SetResult();
        }

        return idle;
    }

    [LoggerMessage(
        EventId = 3101,
        Level = LogLevel.Warning,
        Message = "A click for referral code {Code} was dropped: the tracking queue stayed full or is stopped"
    )]
    private static partial void LogDropped(ILogger logger, string code);

    [LoggerMessage(
        EventId = 3102,
        Level = LogLevel.Debug,
        Message = "A click for referral code {Code} was not recorded ({ErrorCode}): {Description}"
    )]
    private static partial void LogNotRecorded(ILogger logger, string code, string errorCode, string description);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Error, Message = "{Count} queued clicks could not be recorded")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
