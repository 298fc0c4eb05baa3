namespace Affiliate;

/// <summary>
/// Reads the events of one source (a vendor's webhooks, the postback) into what the core records. The host can
/// replace a source's mapper by registering its own for the same <see cref="Source"/> after the built-in ones: the
/// last one registered for a source is used.
/// </summary>
public interface IWebhookEventMapper
{
    /// <summary>The <see cref="InboxEvent.Source"/> this mapper reads.</summary>
    string Source { get; }

    /// <summary>
    /// What the event says: sales and refunds to record, nothing (a topic that records nothing), or an error with a
    /// stable code when the body is malformed. Pure: the same event maps the same way every time it is processed.
    /// </summary>
    InboxMapping Map(InboxEvent inboxEvent);
}

/// <summary>What an <see cref="InboxEvent"/> says, read by an <see cref="IWebhookEventMapper"/>.</summary>
public sealed record InboxMapping
{
    private InboxMapping(IReadOnlyList<InboxAction> actions, AffiliateError? error, string? ignored)
    {
        Actions = actions;
        Error = error;
        IgnoredBecause = ignored;
    }

    /// <summary>The sales and refunds to record, in order (a sale before refunds of it).</summary>
    public IReadOnlyList<InboxAction> Actions { get; }

    /// <summary>Why the event cannot be read (malformed, negative amount, unknown currency), or null.</summary>
    public AffiliateError? Error { get; }

    /// <summary>Why the event records nothing (an unmapped topic, an unpaid order), or null.</summary>
    public string? IgnoredBecause { get; }

    /// <summary>True when the event records nothing and is not wrong.</summary>
    public bool IsIgnored => Error is null && Actions.Count == 0;

    /// <summary>The event records these actions.</summary>
    public static InboxMapping Of(params IReadOnlyList<InboxAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return new(actions, null, actions.Count == 0 ? "Nothing to record." : null);
    }

    /// <summary>The event records nothing, for the reason given.</summary>
    public static InboxMapping Ignore(string reason) => new([], null, reason);

    /// <summary>The event cannot be read.</summary>
    public static InboxMapping Invalid(AffiliateError error) => new([], error, null);

    /// <summary>The event cannot be read: <c>invalid_request</c> with the detail.</summary>
    public static InboxMapping Invalid(string detail) =>
        Invalid(new AffiliateError(AffiliateErrorCodes.InvalidRequest, detail));
}

/// <summary>One thing an event records.</summary>
public abstract record InboxAction;

/// <summary>A sale (or renewal) to record with <see cref="ConversionRecorder.RecordAsync"/>.</summary>
/// <param name="Request">The conversion.</param>
public sealed record InboxSale(ConversionRequest Request) : InboxAction
{
    /// <summary>
    /// The vendor's payment this sale is, remembered before the sale is recorded. With a subscription, the inbox
    /// sets the sale's <see cref="ConversionFacts.Subscription"/> from the subscription's remembered payments: the
    /// payment number counts those paid before it (a renewal is at least number 2 even when the earlier ones were
    /// never delivered) and the start is the first one's time.
    /// </summary>
    public InboxPayment? Payment { get; init; }
}

/// <summary>
/// A refund to record with <see cref="ConversionRecorder.RefundAsync"/>. Vendors state refunds in what the customer
/// paid (tax and shipping included) while commissions are on the sale's basis, so a refund is given as an amount of
/// the basis (<see cref="Amount"/>), as the part of the order refunded (<see cref="Fraction"/>, applied to the
/// recorded conversion's amount), or as an amount of what the customer paid (<see cref="PaidAmount"/>, shared out
/// against the order's remembered total); with none of them, everything not yet refunded.
/// </summary>
public sealed record InboxRefund : InboxAction
{
    /// <summary>The program; the default when null.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>The conversion refunded.</summary>
    public required ConversionId ConversionId { get; init; }

    /// <summary>
    /// Other ids the refunded conversion may be recorded under, tried after <see cref="ConversionId"/>: a Stripe
    /// charge names its payment intent and its invoice, and a subscription's first sale is recorded under the invoice.
    /// The first one recorded is refunded; with none recorded, the refund waits for <see cref="ConversionId"/> (and
    /// the pending run tries the others again).
    /// </summary>
    public IReadOnlyList<ConversionId> OtherConversionIds { get; init; } = [];

    /// <summary>The vendor's refund id: the idempotency key.</summary>
    public required string RefundId { get; init; }

    /// <summary>The refunded part of the basis; its currency, when null, is the conversion's.</summary>
    public decimal? Amount { get; init; }

    /// <summary>
    /// The currency of <see cref="Amount"/> (null for the conversion's) or of <see cref="PaidAmount"/> (null for the
    /// order total's).
    /// </summary>
    public Currency? Currency { get; init; }

    /// <summary>
    /// The part of the order refunded, from 0 (exclusive) to 1; 1 or more is everything not yet refunded.
    /// </summary>
    public decimal? Fraction { get; init; }

    /// <summary>
    /// An amount of what the customer paid (tax and shipping included, in the currency of the order's total): the
    /// refund is this share of the order's total, as remembered from its sale's <see cref="InboxSale.Payment"/>
    /// (the payment id being the conversion id), applied to the conversion's amount. An order whose total is not
    /// remembered (it was not recorded through the inbox) cannot be shared out: the event fails with the reason.
    /// </summary>
    public decimal? PaidAmount { get; init; }

    /// <summary>
    /// True when <see cref="Fraction"/> is the part refunded SO FAR in total (what some vendors send) rather than
    /// this refund's part: only what exceeds the conversion's recorded refunds is refunded, and a total already
    /// reached (an older event arriving late) records nothing.
    /// </summary>
    public bool Cumulative { get; init; }

    /// <summary>Refund, chargeback or cancellation.</summary>
    public RefundKind Kind { get; init; } = RefundKind.Refund;

    /// <summary>When it occurred; when it was processed if null.</summary>
    public Instant? OccurredAt { get; init; }

    /// <summary>The reason given.</summary>
    public string? Reason { get; init; }
}
