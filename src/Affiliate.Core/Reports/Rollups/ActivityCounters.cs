namespace Affiliate;

/// <summary>Identifies one hour of a partner's (or the program's) activity counters.</summary>
/// <param name="ProgramId">The program.</param>
/// <param name="PartnerId">The partner, or null for the whole program (each conversion counted once).</param>
/// <param name="Hour">The UTC hour: whole hours since the Unix epoch (<see cref="ActivityHours.Of"/>).</param>
public readonly record struct ActivityKey(ProgramId ProgramId, PartnerId? PartnerId, long Hour);

/// <summary>
/// Hourly counts that the fraud rate rules read instead of scanning a program's clicks and conversions: clicks,
/// credited conversions, those that came through a click, and those refunded. Additive like <see
/// cref="StatsCounters"/>.
/// </summary>
/// <param name="Clicks">Clicks, attributable or not.</param>
/// <param name="Conversions">Credited conversions (attributed, held, partly or fully refunded).</param>
/// <param name="ClickedConversions">Of those, credited through a click.</param>
/// <param name="RefundedConversions">Of those, refunded in part or in full.</param>
public readonly record struct ActivityCounters(
    long Clicks,
    long Conversions,
    long ClickedConversions,
    long RefundedConversions
)
{
    /// <summary>True when every counter is zero.</summary>
    public bool IsZero => this == default;

    /// <summary>Adds counters.</summary>
    public static ActivityCounters operator +(ActivityCounters left, ActivityCounters right) =>
        new(
            left.Clicks + right.Clicks,
            left.Conversions + right.Conversions,
            left.ClickedConversions + right.ClickedConversions,
            left.RefundedConversions + right.RefundedConversions
        );

    /// <summary>Negates counters.</summary>
    public static ActivityCounters operator -(ActivityCounters value) =>
        new(-value.Clicks, -value.Conversions, -value.ClickedConversions, -value.RefundedConversions);

    /// <summary>Subtracts counters.</summary>
    public static ActivityCounters operator -(ActivityCounters left, ActivityCounters right) => left + -right;

    /// <summary>Adds counters (named alternative to the operator).</summary>
    public static ActivityCounters Add(ActivityCounters left, ActivityCounters right) => left + right;

    /// <summary>Subtracts counters (named alternative to the operator).</summary>
    public static ActivityCounters Subtract(ActivityCounters left, ActivityCounters right) => left - right;

    /// <summary>Negates counters (named alternative to the operator).</summary>
    public static ActivityCounters Negate(ActivityCounters value) => -value;
}

/// <summary>UTC hours as the activity counters number them.</summary>
public static class ActivityHours
{
    /// <summary>The hour an instant falls in: whole hours since the Unix epoch, rounded down.</summary>
    public static long Of(Instant instant) =>
        Math.DivRem(instant.ToUnixTimeTicks(), NodaConstants.TicksPerHour, out var rest) - (rest < 0 ? 1 : 0);
}
