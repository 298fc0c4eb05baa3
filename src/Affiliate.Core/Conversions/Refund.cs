namespace Affiliate;

/// <summary>A recorded refund, chargeback or cancellation of a conversion.</summary>
public sealed record Refund
{
    /// <summary>
    /// The host's id for the refund (the refund id, the dispute id...); recording it twice changes nothing.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The conversion refunded.</summary>
    public required ConversionId ConversionId { get; init; }

    /// <summary>Refund, chargeback or cancellation.</summary>
    public required RefundKind Kind { get; init; }

    /// <summary>The amount, in the conversion's currency.</summary>
    public required Money Amount { get; init; }

    /// <summary>When it occurred.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>When it was recorded.</summary>
    public required Instant RecordedAt { get; init; }

    /// <summary>The reason given.</summary>
    public string? Reason { get; init; }

    /// <summary>A hash of the request's content.</summary>
    public required string Fingerprint { get; init; }
}

/// <summary>Why money goes back.</summary>
public enum RefundKind
{
    /// <summary>The merchant refunded the customer (fully or partly).</summary>
    Refund = 0,

    /// <summary>The customer's bank reversed the payment.</summary>
    Chargeback = 1,

    /// <summary>The order was cancelled before fulfilment.</summary>
    Cancellation = 2,
}
