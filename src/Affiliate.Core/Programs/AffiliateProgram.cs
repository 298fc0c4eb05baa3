namespace Affiliate;

/// <summary>
/// An affiliate program: its currency and time zone (periods, tiers and payout dates are counted in it), how it
/// attributes conversions, how long commissions are held before approval, how it pays out, and its commission plan.
/// A host may run several (per brand or product line).
/// </summary>
public sealed record AffiliateProgram
{
    /// <summary>The program's id.</summary>
    public required ProgramId Id { get; init; }

    /// <summary>The program's name.</summary>
    public required string Name { get; init; }

    /// <summary>The currency commissions are priced and paid in.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The time zone periods are counted in; UTC by default.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;

    /// <summary>The commission plan (its versions say which rules apply when).</summary>
    public required CommissionPlan Plan { get; init; }

    /// <summary>How conversions are attributed.</summary>
    public AttributionPolicy Attribution { get; init; } = new();

    /// <summary>
    /// How long a commission stays pending after the conversion before it can be approved (refund window); 30 days by
    /// default. A line is approvable from conversion time plus the hold.
    /// </summary>
    public Duration HoldPeriod { get; init; } = Duration.FromDays(30);

    /// <summary>Thresholds, schedule and clawback.</summary>
    public PayoutPolicy Payouts { get; init; } = new();
}
