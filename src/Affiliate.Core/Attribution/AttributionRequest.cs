namespace Affiliate;

/// <summary>
/// Everything <see cref="AttributionEngine.Attribute"/> needs to decide who is credited with one conversion: the
/// program's policy, when the conversion happened, and the touches that could earn credit.
/// </summary>
/// <remarks>
/// The engine filters the clicks itself (window, attributability, self-referral), so a store can pass the visitor's
/// clicks as it loaded them, in any order.
/// </remarks>
public sealed record AttributionRequest
{
    /// <summary>The program's attribution policy: window, model, coupon precedence, lifetime customers.</summary>
    public required AttributionPolicy Policy { get; init; }

    /// <summary>When the conversion happened; the window is measured back from this instant.</summary>
    public required Instant ConversionAt { get; init; }

    /// <summary>
    /// The visitor's clicks, in any order. Clicks outside the window, after the conversion, not
    /// <see cref="Click.Attributable"/>, or of an excluded partner are ignored; a click id listed twice counts once.
    /// </summary>
    public IReadOnlyList<Click> Clicks { get; init; } = [];

    /// <summary>The partner whose coupon or referral code was used on the order, if any.</summary>
    public PartnerId? CouponPartner { get; init; }

    /// <summary>
    /// The customer's existing lifetime binding to a partner, if any; used only when the policy has <see
    /// cref="AttributionPolicy.LifetimeCustomers"/>.
    /// </summary>
    public CustomerBinding? Binding { get; init; }

    /// <summary>
    /// Partners who are the customer themselves (a self-referral): they are never credited, whatever the touch.
    /// Null or empty when there are none.
    /// </summary>
    public IReadOnlySet<PartnerId>? ExcludedPartners { get; init; }
}
