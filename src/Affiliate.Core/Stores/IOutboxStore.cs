using Affiliate.Events;

namespace Affiliate.Stores;

/// <summary>The transactional outbox: events written with the changes they describe, waiting to be dispatched.</summary>
public interface IOutboxStore
{
    /// <summary>Up to <paramref name="max"/> events not yet dispatched, oldest first.</summary>
    ValueTask<IReadOnlyList<AffiliateEvent>> PendingAsync(int max, CancellationToken cancellationToken);

    /// <summary>Marks events dispatched.</summary>
    ValueTask MarkDispatchedAsync(IReadOnlyList<Guid> eventIds, Instant dispatchedAt, CancellationToken cancellationToken);
}
