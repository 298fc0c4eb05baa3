namespace Affiliate;

/// <summary>
/// A vendor's payment the inbox remembers, once per source and payment id, so that later events can be read against
/// it: a subscription's renewal learns which payment it is and when the subscription started (Stripe's invoices say
/// neither), and a refund of an amount learns what share of the order it returns (Shopify's refunds carry no order
/// total). A sale names its payment in <see cref="InboxSale.Payment"/>; an event that only announces a payment (the
/// first invoice of a subscription whose sale is the checkout) is this action alone.
/// </summary>
public sealed record InboxPayment : InboxAction
{
    /// <summary>The vendor's id of the payment (an invoice, an order): unique within the source.</summary>
    public required string PaymentId { get; init; }

    /// <summary>The subscription the payment belongs to, or null for a one-off payment.</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>When it was paid: a subscription's payments are numbered in this order.</summary>
    public required Instant PaidAt { get; init; }

    /// <summary>What the customer paid in all (tax and shipping included), when later refunds need it.</summary>
    public Money? Total { get; init; }
}

/// <summary>What the inbox store knows of a subscription before one of its payments.</summary>
/// <param name="PaymentsBefore">How many remembered payments of the subscription came before it.</param>
/// <param name="FirstPaidAt">
/// When the subscription's first remembered payment was made (the given one's time, when it is the first).
/// </param>
public readonly record struct SubscriptionHistory(int PaymentsBefore, Instant? FirstPaidAt);
