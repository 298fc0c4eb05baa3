using Affiliate.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>Receives events from the outbox (send an e-mail, update a CRM, call a webhook).</summary>
/// <remarks>
/// Delivery is at least once: a handler may see an event again after a crash, so it should be idempotent on
/// <see cref="AffiliateEvent.EventId"/>. A handler that throws gets the event again later (with backoff); the other
/// handlers and the other events are not held back by it.
/// </remarks>
public interface IAffiliateEventHandler
{
    /// <summary>Handles one event.</summary>
    ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Hands events waiting in the outbox to every registered <see cref="IAffiliateEventHandler"/> and marks them
/// dispatched once every handler has handled them. Delivery is tracked per event and per handler: when a handler
/// throws, the handlers that succeeded are not called again, the event is retried after a growing delay
/// (<see cref="OutboxOptions"/>) and, after the last allowed attempt, marked failed; later events go on meanwhile, so
/// events are delivered in the order written except around a retry. Failed events are listed by
/// <see cref="FailedAsync"/> and put back in line by <see cref="RetryFailedAsync"/>.
/// </summary>
public sealed partial class OutboxDispatcher(
    IOutboxStore outbox,
    IEnumerable<IAffiliateEventHandler> handlers,
    IClock clock,
    IOptions<AffiliateOptions> options,
    ILogger<OutboxDispatcher> logger,
    IJobLockStore? jobLocks = null
)
{
    /// <summary>The name of the job lock dispatching takes, so that one instance dispatches at a time.</summary>
    public const string LockName = "outbox";

    /// <summary>
    /// The name a handler is tracked by in <see cref="OutboxEntry.DeliveredTo"/>: its type's full name, stable across
    /// restarts and instances, or the <see cref="INamedAffiliateEventHandler.HandlerName"/> of a handler that has one.
    /// </summary>
    public static string HandlerName(IAffiliateEventHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        if (handler is INamedAffiliateEventHandler { HandlerName: { Length: > 0 } name })
        {
            return name;
        }

        var type = handler.GetType();
        return type.FullName ?? type.Name;
    }

    /// <summary>
    /// Dispatches up to <paramref name="max"/> events due now. With a store that locks jobs, one instance dispatches at
    /// a time and the others return a skipped run at once, so events are not sent once per instance.
    /// </summary>
    /// <param name="max">The most events to read (1 or more).</param>
    /// <param name="cancellationToken">Stops between handlers; what was handled so far is still recorded.</param>
    public async ValueTask<OutboxRun> DispatchAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        await using var held = jobLocks is null
            ? null
            : await jobLocks.TryAcquireAsync(LockName, cancellationToken).ConfigureAwait(false);
        if (jobLocks is not null && held is null)
        {
            return new OutboxRun(Skipped: true, 0, 0, 0);
        }

        var settings = options.Value.Outbox;
        var named = handlers.Select(h => (Name: HandlerName(h), Handler: h)).ToArray();
        var due = await outbox.DueAsync(clock.GetCurrentInstant(), max, cancellationToken).ConfigureAwait(false);
        var delivered = new List<Guid>(due.Count);
        var failures = new List<OutboxFailure>();
        try
        {
            foreach (var entry in due)
            {
                var failure = await AttemptAsync(entry, named, settings, cancellationToken).ConfigureAwait(false);
                if (failure is null)
                {
                    delivered.Add(entry.Event.EventId);
                }
                else
                {
                    failures.Add(failure);
                }
            }
        }
        finally
        {
            // Recorded even when cancelled mid-batch (with no token): a handled event must not be handled again.
            await RecordAsync(delivered, failures).ConfigureAwait(false);
        }

        var failed = failures.Count(f => f.FailedAt is not null);
        return new OutboxRun(Skipped: false, delivered.Count, failures.Count - failed, failed);
    }

    /// <summary>Hands an event to the handlers it has not reached yet; the failure to record, or null when all
    /// did.</summary>
    private async ValueTask<OutboxFailure?> AttemptAsync(
        OutboxEntry entry,
        (string Name, IAffiliateEventHandler Handler)[] named,
        OutboxOptions settings,
        CancellationToken cancellationToken
    )
    {
        var (type, eventId) = (entry.Event.Type, entry.Event.EventId);
        var attempts = entry.Attempts + 1;
        var reached = entry.DeliveredTo.ToList();
        string? error = null;
        foreach (var (name, handler) in named.Where(h => !entry.DeliveredTo.Contains(h.Name)))
        {
            try
            {
                await handler.HandleAsync(entry.Event, cancellationToken).ConfigureAwait(false);
                reached.Add(name);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // This handler retries later; the others still get the event now and are not called again.
                LogHandlerFailed(logger, exception, name, type, eventId, attempts);
                error ??= Truncate($"{name}: {exception.GetType().Name}: {exception.Message}", settings.MaxErrorLength);
            }
        }

        if (error is null)
        {
            return null;
        }

        var now = clock.GetCurrentInstant();
        if (attempts < settings.MaxAttempts)
        {
            return new OutboxFailure(eventId, attempts, now + settings.RetryDelay(attempts), reached, error, null);
        }

        LogEventFailed(logger, type, eventId, attempts);
        return new OutboxFailure(eventId, attempts, now, reached, error, now);
    }

    private async ValueTask RecordAsync(List<Guid> delivered, List<OutboxFailure> failures)
    {
        if (delivered.Count > 0)
        {
            await outbox
                .MarkDispatchedAsync(delivered, clock.GetCurrentInstant(), CancellationToken.None)
                .ConfigureAwait(false);
        }

        if (failures.Count > 0)
        {
            await outbox.RecordFailuresAsync(failures, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// When the oldest event not yet delivered to every handler occurred (events that failed for good included), or
    /// null when all are delivered: how far delivery lags, for a health check or an alert. One index seek.
    /// </summary>
    public async ValueTask<Instant?> OldestUndeliveredAsync(CancellationToken cancellationToken = default)
    {
        var pending = await outbox.PendingAsync(1, cancellationToken).ConfigureAwait(false);
        return pending.Count == 0 ? null : pending[0].OccurredAt;
    }

    /// <summary>
    /// Events that failed for good (every allowed attempt failed), in the order they failed, with the last error: for
    /// an admin page or an alert.
    /// </summary>
    public ValueTask<IReadOnlyList<OutboxEntry>> FailedAsync(
        int max = 100,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        return outbox.FailedAsync(max, cancellationToken);
    }

    /// <summary>
    /// Puts failed events back in line, due now with a fresh set of attempts (after the handler is fixed); handlers
    /// that had handled them are not called again. Ids of events that are not failed are ignored.
    /// </summary>
    /// <returns>How many events were put back.</returns>
    public async ValueTask<int> RetryFailedAsync(
        IReadOnlyList<Guid> eventIds,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        if (eventIds.Count == 0)
        {
            return 0;
        }

        var retried = await outbox
            .RetryFailedAsync(eventIds, clock.GetCurrentInstant(), cancellationToken)
            .ConfigureAwait(false);
        LogRetried(logger, retried);
        return retried;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];

    [LoggerMessage(
        EventId = 1401,
        Level = LogLevel.Warning,
        Message = "Event handler {Handler} failed on {EventType} {EventId} (attempt {Attempt}); it is retried later"
    )]
    private static partial void LogHandlerFailed(
        ILogger logger,
        Exception exception,
        string handler,
        string eventType,
        Guid eventId,
        int attempt
    );

    [LoggerMessage(
        EventId = 1402,
        Level = LogLevel.Error,
        Message = "Event {EventType} {EventId} failed {Attempts} times and is marked failed; "
            + "retry it with RetryFailedAsync"
    )]
    private static partial void LogEventFailed(ILogger logger, string eventType, Guid eventId, int attempts);

    [LoggerMessage(
        EventId = 1403,
        Level = LogLevel.Information,
        Message = "{Count} failed events put back in the outbox"
    )]
    private static partial void LogRetried(ILogger logger, int count);
}
