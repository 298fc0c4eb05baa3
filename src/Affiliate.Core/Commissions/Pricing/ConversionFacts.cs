namespace Affiliate;

/// <summary>
/// What the pricing engine needs to know about a conversion: its kind and time, what was bought, and the facts
/// rule conditions look at (country, coupon, subscription). Amounts are in one currency, rounded to its minor unit.
/// </summary>
/// <example><code>
/// var sale = ConversionFacts.Sale(new ConversionId("order-1001"), occurredAt, Money.Of(100, "EUR"));
/// var cart = new ConversionFacts
/// {
///     Id = new ConversionId("order-1002"),
///     OccurredAt = occurredAt,
///     Items = [new LineItem { ProductId = "sku-1", UnitPrice = Money.Of(40, "EUR"), Quantity = 3 }],
///     Shipping = Money.Of(4.90m, "EUR"),
/// };
/// </code></example>
public sealed record ConversionFacts
{
    /// <summary>The conversion's id (the host's order or event id).</summary>
    public required ConversionId Id { get; init; }

    /// <summary>What kind of conversion it is.</summary>
    public ConversionKind Kind { get; init; } = ConversionKind.Sale;

    /// <summary>When it occurred; this picks the plan version and the volume window.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>The items bought; when empty, <see cref="Amount"/> is the whole subtotal.</summary>
    public IReadOnlyList<LineItem> Items { get; init; } = [];

    /// <summary>
    /// The subtotal before order-level discount, shipping and tax, for a conversion without items (or the value of a
    /// lead or event, if it has one).
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>A discount on the whole order, spread over the items in proportion to their amounts.</summary>
    public Money? OrderDiscount { get; init; }

    /// <summary>Shipping charged; in the basis only when the plan says so.</summary>
    public Money? Shipping { get; init; }

    /// <summary>Tax charged; in the basis only when the plan says so.</summary>
    public Money? Tax { get; init; }

    /// <summary>The customer's country (ISO 3166 code), if known.</summary>
    public string? Country { get; init; }

    /// <summary>The coupon used, if any.</summary>
    public string? CouponCode { get; init; }

    /// <summary>The event's name for <see cref="ConversionKind.Custom"/>.</summary>
    public string? EventName { get; init; }

    /// <summary>
    /// Whether this is the customer's first purchase in the program, for <see cref="RuleConditions.NewCustomer"/>.
    /// Leave it null and the recorder works it out from the program's customer records (a sale or renewal with a
    /// customer id is the first when the customer has no earlier recorded purchase); set it to override that. Null
    /// at pricing means unknown (no customer id): a rule that asks for new or returning customers then does not match.
    /// </summary>
    public bool? NewCustomer { get; init; }

    /// <summary>The subscription the payment belongs to, for recurring commissions.</summary>
    public SubscriptionFacts? Subscription { get; init; }

    /// <summary>True for a recurring payment: a renewal, or a subscription payment after the first.</summary>
    public bool IsRecurring => Kind == ConversionKind.Renewal || Subscription is { PaymentNumber: > 1 };

    /// <summary>The currency of the amounts (of <see cref="Amount"/>, else of the first item).</summary>
    public Currency? Currency => Amount?.Currency ?? (Items.Count > 0 ? Items[0].UnitPrice.Currency : null);

    /// <summary>A sale with a subtotal and no item detail.</summary>
    public static ConversionFacts Sale(ConversionId id, Instant occurredAt, Money subtotal) =>
        new()
        {
            Id = id,
            OccurredAt = occurredAt,
            Amount = subtotal,
        };
}

/// <summary>One line of an order.</summary>
public sealed record LineItem
{
    /// <summary>The product id or SKU, matched by <see cref="RuleConditions.Products"/>.</summary>
    public string? ProductId { get; init; }

    /// <summary>The product's categories, matched by <see cref="RuleConditions.Categories"/>.</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The price of one unit.</summary>
    public required Money UnitPrice { get; init; }

    /// <summary>The number of units (at least 1).</summary>
    public int Quantity { get; init; } = 1;

    /// <summary>A discount on this line (all units together).</summary>
    public Money? Discount { get; init; }

    /// <summary>Unit price times quantity, before discounts.</summary>
    public Money Gross => UnitPrice.Multiply(Quantity);
}

/// <summary>Where a payment stands in its subscription.</summary>
/// <param name="SubscriptionId">The host's subscription id.</param>
/// <param name="PaymentNumber">1 for the first payment, 2 for the first renewal...</param>
/// <param name="StartedAt">When the subscription started (for schedules counted in months).</param>
public sealed record SubscriptionFacts(string SubscriptionId, int PaymentNumber, Instant StartedAt);
