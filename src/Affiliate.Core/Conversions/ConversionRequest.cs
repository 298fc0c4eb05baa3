namespace Affiliate;

/// <summary>
/// What the host knows about a conversion when it records it: the facts to price, and the signals attribution and
/// fraud rules use (visitor, click, customer, IP, user agent).
/// </summary>
/// <example><code>
/// await conversions.RecordAsync(new ConversionRequest
/// {
///     Facts = ConversionFacts.Sale(
///         new ConversionId(order.Id), clock.GetCurrentInstant(), Money.Of(order.Subtotal, "EUR")),
///     VisitorId = visitorCookie,
///     CustomerId = new CustomerId(user.Id),
///     CustomerEmail = user.Email,
/// }, cancellationToken);
/// </code></example>
public sealed record ConversionRequest
{
    /// <summary>The program; the default program when null.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>
    /// The conversion's facts; <see cref="ConversionFacts.Id"/> is the idempotency key. Amounts finer than the
    /// currency's minor unit are rounded with the plan's rounding before pricing, so the commission is computed on
    /// the amount that is stored (BHD 1.2345 is priced and stored as 1.235). Limits: <see cref="InputLimits"/>.
    /// </summary>
    public required ConversionFacts Facts { get; init; }

    /// <summary>The first-party visitor id (cookie) whose clicks attribution looks at.</summary>
    public string? VisitorId { get; init; }

    /// <summary>A click id passed back by a server-to-server postback; only that click is considered.</summary>
    public ClickId? ClickId { get; init; }

    /// <summary>A referral code the customer gave at checkout (treated like a partner's coupon).</summary>
    public string? ReferralCode { get; init; }

    /// <summary>The host's customer (lifetime attribution, self-referral checks).</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>
    /// The customer's e-mail (normalised and compared with partners' for self-referral; never stored).
    /// </summary>
    public string? CustomerEmail { get; init; }

    /// <summary>The customer's IP address (hashed with the program key; never stored as given).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The customer's user agent.</summary>
    public string? UserAgent { get; init; }
}

/// <summary>A refund, chargeback or cancellation to record.</summary>
public sealed record RefundRequest
{
    /// <summary>The program; the default program when null.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>The conversion.</summary>
    public required ConversionId ConversionId { get; init; }

    /// <summary>The host's id for this refund; the idempotency key.</summary>
    public required string RefundId { get; init; }

    /// <summary>
    /// The amount in the conversion's currency; null for everything not yet refunded. Rounded to the currency's minor
    /// unit with the plan's rounding first, as sales are; a refund that rounds to nothing is refused.
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>Refund, chargeback or cancellation.</summary>
    public RefundKind Kind { get; init; } = RefundKind.Refund;

    /// <summary>When it occurred; now when null. Never before the conversion (<c>instant_out_of_range</c>).</summary>
    public Instant? OccurredAt { get; init; }

    /// <summary>The reason, recorded on the reversal lines.</summary>
    public string? Reason { get; init; }
}
