namespace Affiliate;

/// <summary>Why an <see cref="AttributionResult"/> credits whom it credits.</summary>
public enum AttributionReason
{
    /// <summary>No partner is credited: no binding in force, no coupon and no eligible click.</summary>
    None = 0,

    /// <summary>
    /// The clicks in the window (and the coupon, when it counts as a touch) shared by the policy's model.
    /// </summary>
    Clicks = 1,

    /// <summary>A partner's coupon on the order took precedence over any click.</summary>
    Coupon = 2,

    /// <summary>The customer is bound to a partner for life (or for the binding's months).</summary>
    CustomerBinding = 3,

    /// <summary>
    /// No partner is credited because every touch that could have earned credit was the customer's own.
    /// </summary>
    SelfReferral = 4,
}
