namespace Affiliate.Stores;

/// <summary>
/// The webhook inbox: every incoming webhook and postback kept before it is answered, unique by source and event id,
/// with its processing state, and the vendors' payments it remembers (<see cref="InboxPayment"/>), unique by source and
/// payment id. Used by <see cref="WebhookInbox"/>.
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

    /// <summary>
    /// Remembers a payment of <paramref name="source"/>; <see cref="StoreWriteStatus.Duplicate"/> (and nothing
    /// written) when a payment with the same source and payment id is remembered: the first one stays.
    /// </summary>
    ValueTask<StoreWriteResult> AddInboxPaymentAsync(
        string source,
        InboxPayment payment,
        CancellationToken cancellationToken
    );

    /// <summary>The remembered payment with the source and payment id, or null.</summary>
    ValueTask<InboxPayment?> FindInboxPaymentAsync(
        string source,
        string paymentId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// How many remembered payments of the subscription come before <paramref name="payment"/> (paid earlier, or at
    /// the same instant with a lower payment id in ordinal order) and when its first remembered payment was made
    /// (the given payment included). One index range read of the subscription's payments.
    /// </summary>
    ValueTask<SubscriptionHistory> FindSubscriptionHistoryAsync(
        string source,
        string subscriptionId,
        InboxPayment payment,
        CancellationToken cancellationToken
    );
}
