namespace Affiliate.AspNetCore;

/// <summary>
/// The host's order as checkout knows it, for <see cref="AffiliateCheckout"/>. The commission basis is the subtotal
/// after discounts, excluding tax and shipping (unless the plan says otherwise).
/// </summary>
public sealed record AffiliateOrder
{
    /// <summary>The order id; recording the same order twice records it once.</summary>
    public required string OrderId { get; init; }

    /// <summary>
    /// The subtotal after discounts, excluding tax and shipping, in the order's currency. Leave it null when
    /// <see cref="Items"/> are given: their prices less their discounts (and <see cref="OrderDiscount"/>) are then the
    /// subtotal.
    /// </summary>
    public Money? Amount { get; init; }

    /// <summary>The items bought, for product and category rules; empty when <see cref="Amount"/> says all.
    /// </summary>
    public IReadOnlyList<LineItem> Items { get; init; } = [];

    /// <summary>A discount on the whole order, taken off the items (only with <see cref="Items"/>).</summary>
    public Money? OrderDiscount { get; init; }

    /// <summary>Tax charged; recorded, and in the basis only when the plan says so.</summary>
    public Money? Tax { get; init; }

    /// <summary>Shipping charged; recorded, and in the basis only when the plan says so.</summary>
    public Money? Shipping { get; init; }

    /// <summary>The host's customer id (lifetime attribution, self-referral checks).</summary>
    public string? CustomerId { get; init; }

    /// <summary>The customer's e-mail, compared with partners' for self-referral; never stored.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>The coupon used; a partner's code counts as their referral.</summary>
    public string? CouponCode { get; init; }

    /// <summary>The customer's country (ISO 3166 code).</summary>
    public string? Country { get; init; }

    /// <summary>When the order was placed; now when null.</summary>
    public Instant? PlacedAt { get; init; }

    /// <summary>
    /// The signed attribution the click endpoint handed the page (<see cref="TrackedClick.Attribution"/>), for a
    /// checkout request that does not carry the attribution cookie (another origin, a server-side handoff). It is
    /// verified as the cookie is; when null the request's cookie is read.
    /// </summary>
    public string? Attribution { get; init; }

    /// <summary>The program; the default program when null.</summary>
    public ProgramId? ProgramId { get; init; }
}
