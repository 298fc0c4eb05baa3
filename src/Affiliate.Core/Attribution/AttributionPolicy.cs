namespace Affiliate;

/// <summary>How a program decides which partners get credit for a conversion, and in what shares.</summary>
public sealed record AttributionPolicy
{
    /// <summary>
    /// How long a click can earn credit: a click at c credits conversions at t with c &lt;= t &lt; c + window. 30 days
    /// by default.
    /// </summary>
    public Duration Window { get; init; } = Duration.FromDays(30);

    /// <summary>How credit is shared among the clicks in the window; last click by default.</summary>
    public AttributionModel Model { get; init; } = AttributionModel.LastClick;

    /// <summary>When true (the default), a partner's coupon on the order beats any link click.</summary>
    public bool CouponPrecedence { get; init; } = true;

    /// <summary>
    /// When true, a customer's later conversions go to the partner who brought them, whatever they click.
    /// </summary>
    public bool LifetimeCustomers { get; init; }

    /// <summary>With <see cref="LifetimeCustomers"/>: how many months the binding lasts, or null for ever.</summary>
    public int? LifetimeMonths { get; init; }

    /// <summary>Position-based model: the first click's share in percent (40 by default).</summary>
    public decimal PositionFirstPercent { get; init; } = 40m;

    /// <summary>
    /// Position-based model: the last click's share in percent (40 by default); the middle clicks share the rest.
    /// </summary>
    public decimal PositionLastPercent { get; init; } = 40m;

    /// <summary>
    /// Time-decay model: a click this long before the conversion counts half as much as one at the conversion (7 days
    /// by default).
    /// </summary>
    public Duration TimeDecayHalfLife { get; init; } = Duration.FromDays(7);
}

/// <summary>How credit is shared among the clicks in the attribution window.</summary>
public enum AttributionModel
{
    /// <summary>All credit to the last click.</summary>
    LastClick = 0,

    /// <summary>All credit to the first click.</summary>
    FirstClick = 1,

    /// <summary>Equal credit to every click: a partner clicked twice gets two shares.</summary>
    Linear = 2,

    /// <summary>First and last clicks get fixed shares (40/40 by default); the middle clicks share the rest.</summary>
    PositionBased = 3,

    /// <summary>Each click weighted by 2^(-age / half-life).</summary>
    TimeDecay = 4,
}
