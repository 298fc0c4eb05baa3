namespace Affiliate;

/// <summary>An event in the outbox with its delivery state.</summary>
/// <param name="Event">The event.</param>
/// <param name="Attempts">How many attempts to deliver it have failed (0 before the first).</param>
/// <param name="NextAttemptAt">When it is next due (an instant at or before now: at once).</param>
/// <param name="DeliveredTo">
/// The handlers (by <see cref="OutboxDispatcher.HandlerName"/>) that already handled it: a retry skips them.
/// </param>
/// <param name="LastError">The last failure's handler and message, truncated; null before any failure.</param>
/// <param name="FailedAt">When it was marked failed after its last allowed attempt; null while it is retried.</param>
public sealed record OutboxEntry(
    AffiliateEvent Event,
    int Attempts,
    Instant NextAttemptAt,
    IReadOnlyList<string> DeliveredTo,
    string? LastError,
    Instant? FailedAt
);

/// <summary>What a store records after an attempt to deliver an event failed for at least one handler.</summary>
/// <param name="EventId">The event.</param>
/// <param name="Attempts">The failed attempts so far, this one included.</param>
/// <param name="NextAttemptAt">When it is next due (ignored when <paramref name="FailedAt"/> is set).</param>
/// <param name="DeliveredTo">Every handler that has handled it so far, this attempt's included.</param>
/// <param name="LastError">This attempt's error, already truncated.</param>
/// <param name="FailedAt">Set when this was the last allowed attempt: the event leaves the due list.</param>
public sealed record OutboxFailure(
    Guid EventId,
    int Attempts,
    Instant NextAttemptAt,
    IReadOnlyList<string> DeliveredTo,
    string LastError,
    Instant? FailedAt
);

/// <summary>What one <see cref="OutboxDispatcher.DispatchAsync"/> call did.</summary>
/// <param name="Skipped">True when another instance is dispatching (it holds the outbox job lock): nothing was
/// read.</param>
/// <param name="Delivered">Events every handler has now handled (marked dispatched).</param>
/// <param name="Retrying">Events a handler failed on that are scheduled for another attempt.</param>
/// <param name="Failed">Events whose last allowed attempt failed: marked failed.</param>
public sealed record OutboxRun(bool Skipped, int Delivered, int Retrying, int Failed)
{
    /// <summary>How many events were attempted.</summary>
    public int Attempted => Delivered + Retrying + Failed;
}
