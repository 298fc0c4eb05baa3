using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// The clicks the tracking middleware saw, recorded in the background through the core's <see cref="ClickTracker"/>
/// so that the visitor's request never waits on the database (the tracker still looks up the code and the click
/// id, and counts velocity). Bounded (<see cref="TrackingOptions.ClickQueueCapacity"/>): when full, a new click is
/// dropped and logged. A graceful shutdown records what is queued before it stops; register it after the store
/// (e.g. after <c>UseBulkClickWriter</c>) so that it stops first.
/// </summary>
public sealed partial class TrackingClickQueue : IHostedService, IDisposable
{
    // Clicks recorded with one scope (one DbContext); bounded so a long backlog does not grow one context's memory.
    private const int BatchSize = 64;

    private readonly Channel<ClickRequest> _channel;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<TrackingClickQueue> _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _idle = NewIdle(completed: true);
    private int _pending;
    private Task? _loop;

    /// <summary>Creates the queue with the capacity of <see cref="TrackingOptions.ClickQueueCapacity"/>.</summary>
    public TrackingClickQueue(
        IOptions<AffiliateWebOptions> options,
        IServiceScopeFactory scopes,
        ILogger<TrackingClickQueue> logger
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
    }

    /// <summary>How many clicks wait to be recorded (for health checks).</summary>
    public int Pending => Volatile.Read(ref _pending);

    /// <summary>Queues a click; false when the queue is full or stopped (the click is not recorded).</summary>
    public bool TryEnqueue(ClickRequest click)
    {
        ArgumentNullException.ThrowIfNull(click);
        lock (_gate)
        {
            if (!_channel.Writer.TryWrite(click))
            {
                LogDropped(_logger, click.ReferralCode);
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
            foreach (var click in batch)
            {
                var result = await tracker.RecordAsync(click, CancellationToken.None).ConfigureAwait(false);
                if (result.Error is { } error)
                {
                    LogNotRecorded(_logger, click.ReferralCode, error.Code, error.Description);
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
        Message = "A click for referral code {Code} was dropped: the tracking queue is full or stopped"
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
