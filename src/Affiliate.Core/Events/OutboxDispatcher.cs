using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate.Events;

/// <summary>Receives events from the outbox (send an e-mail, update a CRM, call a webhook).</summary>
/// <remarks>Delivery is at least once: a handler may see an event again after a crash, so it should be idempotent on <see cref="AffiliateEvent.EventId"/>.</remarks>
public interface IAffiliateEventHandler
{
    /// <summary>Handles one event.</summary>
    ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken);
}

/// <summary>
/// Hands events waiting in the outbox to every registered <see cref="IAffiliateEventHandler"/>, oldest first, and
/// marks them dispatched. An event whose handler throws stays in the outbox and is retried by the next run.
/// </summary>
public sealed partial class OutboxDispatcher(IOutboxStore outbox, IEnumerable<IAffiliateEventHandler> handlers, IClock clock, ILogger<OutboxDispatcher> logger, IJobLockStore? jobLocks = null)
{
    /// <summary>
    /// Dispatches up to <paramref name="max"/> events; returns how many were dispatched. With a store that locks jobs,
    /// one instance dispatches at a time and the others return 0, so events are not sent once per instance.
    /// </summary>
    public async ValueTask<int> DispatchPendingAsync(int max = 100, CancellationToken cancellationToken = default)
    {
        await using var held = jobLocks is null ? null : await jobLocks.TryAcquireAsync("outbox", cancellationToken).ConfigureAwait(false);
        if (jobLocks is not null && held is null)
        {
            return 0;
        }

        var pending = await outbox.PendingAsync(max, cancellationToken).ConfigureAwait(false);
        var done = new List<Guid>(pending.Count);
        foreach (var affiliateEvent in pending)
        {
            try
            {
                foreach (var handler in handlers)
                {
                    await handler.HandleAsync(affiliateEvent, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Keep the order: later events wait until this one goes through.
                LogHandlerFailed(logger, exception, affiliateEvent.Type, affiliateEvent.EventId);
                break;
            }

            done.Add(affiliateEvent.EventId);
        }

        if (done.Count > 0)
        {
            await outbox.MarkDispatchedAsync(done, clock.GetCurrentInstant(), cancellationToken).ConfigureAwait(false);
        }

        return done.Count;
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Error, Message = "An event handler failed on {EventType} {EventId}; it stays in the outbox and is retried")]
    private static partial void LogHandlerFailed(ILogger logger, Exception exception, string eventType, Guid eventId);
}
