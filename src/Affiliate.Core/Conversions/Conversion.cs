namespace Affiliate;

/// <summary>
/// A recorded conversion: what happened, who was credited and why, what fraud rules said, and how much of it has been
/// refunded. The commission lines it produced live in the ledger.
/// </summary>
public sealed record Conversion
{
    /// <summary>The host's id for the order or event.</summary>
    public required ConversionId Id { get; init; }

    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The kind of conversion.</summary>
    public required ConversionKind Kind { get; init; }

    /// <summary>When it occurred.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>When it was recorded.</summary>
    public required Instant RecordedAt { get; init; }

    /// <summary>
    /// The sale basis (subtotal after discounts) in the conversion's own currency; refunds are measured against it.
    /// </summary>
    public required Money Amount { get; init; }

    /// <summary>The sale basis in the program's currency.</summary>
    public required Money ProgramAmount { get; init; }

    /// <summary>The rate used when the conversion was in another currency.</summary>
    public ExchangeRate? ExchangeRate { get; init; }

    /// <summary>Where the conversion stands.</summary>
    public required ConversionStatus Status { get; init; }

    /// <summary>Why the credited partners got credit.</summary>
    public AttributionReason AttributionReason { get; init; }

    /// <summary>The credited partners and their weights.</summary>
    public IReadOnlyList<AttributionShare> Shares { get; init; } = [];

    /// <summary>The click that decided the attribution (the credited click of the largest share), if any.</summary>
    public ClickId? ClickId { get; init; }

    /// <summary>The sub-ids of that click, for sub-id reports.</summary>
    public IReadOnlyList<string> SubIds { get; init; } = [];

    /// <summary>The visitor id the conversion came with.</summary>
    public string? VisitorId { get; init; }

    /// <summary>The host's customer.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>A keyed hash of the customer's IP address.</summary>
    public string? IpHash { get; init; }

    /// <summary>The coupon used.</summary>
    public string? CouponCode { get; init; }

    /// <summary>The strictest fraud action taken.</summary>
    public FraudAction FraudAction { get; init; }

    /// <summary>The fraud rule codes that flagged the conversion.</summary>
    public IReadOnlyList<string> FraudCodes { get; init; } = [];

    /// <summary>
    /// Whether this was the customer's first purchase in the program, as priced: the host's value when it gave one,
    /// else worked out from the program's customer records; null when unknown (no customer id, or not a purchase).
    /// </summary>
    public bool? NewCustomer { get; init; }

    /// <summary>The review decision on a conversion held by a fraud rule, once taken.</summary>
    public ConversionReview? Review { get; init; }

    /// <summary>How much has been refunded so far, in the conversion's currency.</summary>
    public required Money Refunded { get; init; }

    /// <summary>
    /// A hash of the request's content: the same id with another fingerprint is an idempotency conflict.
    /// </summary>
    public required string Fingerprint { get; init; }

    /// <summary>The concurrency token.</summary>
    public long Version { get; init; }

    /// <summary>The partner with the largest share, if any.</summary>
    public PartnerId? PrimaryPartnerId => Shares.Count == 0 ? null : Shares.MaxBy(s => s.Weight)!.PartnerId;

    /// <summary>What is left to refund.</summary>
    public Money Refundable => Amount - Refunded;
}

/// <summary>Where a conversion stands.</summary>
public enum ConversionStatus
{
    /// <summary>Credited to partners; its lines follow the ledger.</summary>
    Attributed = 0,

    /// <summary>No partner gets credit (no eligible touch).</summary>
    NotAttributed = 1,

    /// <summary>Credited, but held by a fraud rule for review.</summary>
    Held = 2,

    /// <summary>Rejected by a fraud rule or a reviewer; no commission.</summary>
    Rejected = 3,

    /// <summary>Partly refunded.</summary>
    PartiallyRefunded = 4,

    /// <summary>Fully refunded, charged back or cancelled.</summary>
    Reversed = 5,
}
