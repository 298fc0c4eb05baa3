namespace Affiliate;

/// <summary>
/// Something that can earn a partner credit for a conversion: a click on their link, their coupon used at checkout,
/// or a lifetime binding of the customer to them. Attribution chooses among touches.
/// </summary>
/// <param name="Kind">Click, coupon or customer binding.</param>
/// <param name="PartnerId">The partner.</param>
/// <param name="At">When the touch happened (the click, the conversion for a coupon, the binding's start).</param>
/// <param name="ClickId">The click, for click touches.</param>
public sealed record Touch(TouchKind Kind, PartnerId PartnerId, Instant At, ClickId? ClickId = null)
{
    /// <summary>A click touch.</summary>
    public static Touch FromClick(Click click)
    {
        ArgumentNullException.ThrowIfNull(click);
        return new Touch(TouchKind.Click, click.PartnerId, click.OccurredAt, click.Id);
    }
}

/// <summary>The kinds of <see cref="Touch"/>.</summary>
public enum TouchKind
{
    /// <summary>A click on a partner's link.</summary>
    Click = 0,

    /// <summary>A partner's coupon used on the order.</summary>
    Coupon = 1,

    /// <summary>A lifetime binding of the customer to a partner.</summary>
    CustomerBinding = 2,
}
