namespace Affiliate;

/// <summary>
/// A webhook or postback as it arrived, kept before it is answered so that no delivery is lost: where it came from,
/// the vendor's id for it (the deduplication key with the source), its topic and raw body, and how far processing got.
/// </summary>
public sealed record InboxEvent
{
    /// <summary>The longest <see cref="Source"/> accepted.</summary>
    public const int MaxSourceLength = 32;

    /// <summary>The longest <see cref="Topic"/> accepted.</summary>
    public const int MaxTopicLength = 128;

    /// <summary>The longest <see cref="LastError"/> kept; longer messages are cut.</summary>
    public const int MaxErrorLength = 1000;

    /// <summary>
    /// Who sent it: <c>stripe</c>, <c>shopify</c>, <c>woocommerce</c>, <c>postback</c> or a host's own.
    /// </summary>
    public required string Source { get; init; }

    /// <summary>
    /// The sender's id for the event; with <see cref="Source"/> it is unique, so a redelivery is a no-op.
    /// </summary>
    public required string EventId { get; init; }

    /// <summary>The sender's event type (<c>checkout.session.completed</c>, <c>orders/create</c>...).</summary>
    public required string Topic { get; init; }

    /// <summary>When it arrived.</summary>
    public required Instant ReceivedAt { get; init; }

    /// <summary>The body exactly as received (the bytes the signature was checked over).</summary>
    public required byte[] Body { get; init; }

    /// <summary>How far processing got.</summary>
    public InboxEventState State { get; init; } = InboxEventState.Received;

    /// <summary>How many times processing was attempted.</summary>
    public int Attempts { get; init; }

    /// <summary>Why the last attempt did not finish (failed or waiting), if it did not.</summary>
    public string? LastError { get; init; }

    /// <summary>
    /// The conversion a waiting event needs before it can apply (a refund that arrived before its order); processing
    /// that conversion's sale processes the event.
    /// </summary>
    public string? WaitingFor { get; init; }

    /// <summary>When it was processed.</summary>
    public Instant? ProcessedAt { get; init; }

    /// <summary>The store's version of the record, for optimistic concurrency.</summary>
    public long Version { get; init; }
}

/// <summary>How far an <see cref="InboxEvent"/> got.</summary>
public enum InboxEventState
{
    /// <summary>Stored, not processed yet (or processing was interrupted): it will be processed.</summary>
    Received = 0,

    /// <summary>Processed: what it said is recorded (or it needed nothing).</summary>
    Processed = 1,

    /// <summary>It needs a conversion that is not recorded yet (<see cref="InboxEvent.WaitingFor"/>).</summary>
    Waiting = 2,

    /// <summary>Processing failed; it is kept and tried again until the attempts run out.</summary>
    Failed = 3,
}
