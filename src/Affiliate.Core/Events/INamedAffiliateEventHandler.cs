namespace Affiliate;

/// <summary>
/// A handler that names itself for the outbox's per-handler delivery tracking, so that several instances of one type
/// (e.g. one per webhook endpoint from configuration) each keep their own delivery state: when one fails, the ones
/// that succeeded are not called again for that event.
/// </summary>
public interface INamedAffiliateEventHandler : IAffiliateEventHandler
{
    /// <summary>
    /// The name the outbox tracks this handler by (<see cref="OutboxEntry.DeliveredTo"/>): stable across restarts and
    /// instances, unique among the handlers, on one line. Empty falls back to the type's full name.
    /// </summary>
    string HandlerName { get; }
}
