namespace Affiliate.Stores;

/// <summary>
/// The webhook inbox: every incoming webhook and postback kept before it is answered, unique by source and event id,
/// with its processing state. Used by <see cref="WebhookInbox"/>.
/// </summary>
public interface IWebhookInboxStore
{
    /// <summary>
    /// Stores a new event with version 1; <see cref="StoreWriteStatus.Duplicate"/> (and nothing written) when an
    /// event with the same source and event id exists.
    /// </summary>
    ValueTask<StoreWriteResult> AddInboxEventAsync(InboxEvent inboxEvent, CancellationToken cancellationToken);

    /// <summary>The event with the source and event id, or null.</summary>
    ValueTask<InboxEvent?> FindInboxEventAsync(string source, string eventId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces an event's processing state (state, attempts, last error, waiting for, processed at) if it still has
    /// the expected version; <see cref="StoreWriteStatus.Conflict"/> otherwise. The body, topic and times never change.
    /// </summary>
    ValueTask<StoreWriteResult> UpdateInboxEventAsync(
        Versioned<InboxEvent> inboxEvent,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Up to <paramref name="limit"/> events in <paramref name="state"/>, oldest received first (then by source and
    /// event id); only those waiting for <paramref name="waitingFor"/> when it is given.
    /// </summary>
    ValueTask<IReadOnlyList<InboxEvent>> ListInboxEventsAsync(
        InboxEventState state,
        string? waitingFor,
        int limit,
        CancellationToken cancellationToken
    );
}
