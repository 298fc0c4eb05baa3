namespace Affiliate.Stores;

/// <summary>
/// The transactional outbox: events written with the changes they describe, waiting to be dispatched. Each event
/// keeps its own delivery state (attempts, next attempt, handlers reached, last error), so one that keeps failing
/// holds back no other.
/// </summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> events not yet dispatched (failed ones included), oldest first.</summary>
    ValueTask<IReadOnlyList<AffiliateEvent>> PendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Marks events dispatched: they leave the due and failed lists for good.</summary>
    ValueTask MarkDispatchedAsync(
        IReadOnlyList<Guid> eventIds,
        Instant dispatchedAt,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Up to <paramref name="max"/> events due at <paramref name="now"/>: not dispatched, not failed, their next
    /// attempt
    /// at or before now; in order of next attempt, then oldest first. Read through an index on the next attempt, so its
    /// cost follows the backlog, not the table.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEntry>> DueAsync(Instant now, int max, CancellationToken cancellationToken);

    /// <summary>
    /// Records failed attempts: per event its attempts, next attempt, handlers reached and last error, or that it
    /// failed for good. Events already dispatched or unknown are left as they are.
    /// </summary>
    ValueTask RecordFailuresAsync(IReadOnlyList<OutboxFailure> failures, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> events marked failed (and not dispatched since), in the order they failed, then
    /// oldest first.
    /// </summary>
    ValueTask<IReadOnlyList<OutboxEntry>> FailedAsync(int max, CancellationToken cancellationToken);

    /// <summary>
    /// Puts failed events back in line, due at <paramref name="at"/> with their attempts reset; the handlers that had
    /// handled them are not called again. Ids of events that are not failed are ignored.
    /// </summary>
    /// <returns>How many events were put back.</returns>
    ValueTask<int> RetryFailedAsync(IReadOnlyList<Guid> eventIds, Instant at, CancellationToken cancellationToken);
}
