namespace Affiliate;

/// <summary>
/// The counters of one daily rollup row, or a change to them: clicks, conversions by status, revenue and commission
/// by state, in minor units of the program's currency. Additive: the rows a store keeps are the sums of the changes
/// written with each click, conversion and line, so any range of days adds up in SQL.
/// </summary>
public readonly record struct StatsCounters
{
    /// <summary>Clicks, attributable or not.</summary>
    public long Clicks { get; init; }

    /// <summary>Clicks not rejected by a click fraud rule.</summary>
    public long AttributableClicks { get; init; }

    /// <summary>Credited conversions (attributed, held, partly or fully refunded).</summary>
    public long Conversions { get; init; }

    /// <summary>Of those, held for review.</summary>
    public long HeldConversions { get; init; }

    /// <summary>Rejected conversions (not in <see cref="Conversions"/>).</summary>
    public long RejectedConversions { get; init; }

    /// <summary>Revenue of the credited conversions (a partner's row: their part), minor units.</summary>
    public long RevenueMinor { get; init; }

    /// <summary>How much of that revenue has been refunded, minor units.</summary>
    public long RefundedMinor { get; init; }

    /// <summary>Commission in state pending, minor units.</summary>
    public long PendingMinor { get; init; }

    /// <summary>Commission in state held, minor units.</summary>
    public long HeldMinor { get; init; }

    /// <summary>Commission in state approved (in a payout or not), minor units.</summary>
    public long ApprovedMinor { get; init; }

    /// <summary>Commission in state paid, minor units.</summary>
    public long PaidMinor { get; init; }

    /// <summary>Commission in state reversed, minor units.</summary>
    public long ReversedMinor { get; init; }

    /// <summary>Commission in state rejected, minor units.</summary>
    public long RejectedMinor { get; init; }

    /// <summary>True when every counter is zero (a change that changes nothing).</summary>
    public bool IsZero => this == default;

    /// <summary>Commission in one state, minor units.</summary>
    public long Commission(CommissionState state) =>
        state switch
        {
            CommissionState.Pending => PendingMinor,
            CommissionState.Held => HeldMinor,
            CommissionState.Approved => ApprovedMinor,
            CommissionState.Paid => PaidMinor,
            CommissionState.Reversed => ReversedMinor,
            CommissionState.Rejected => RejectedMinor,
            _ => 0,
        };

    /// <summary>Commission of one state only.</summary>
    public static StatsCounters OfCommission(CommissionState state, long minor) =>
        state switch
        {
            CommissionState.Pending => new() { PendingMinor = minor },
            CommissionState.Held => new() { HeldMinor = minor },
            CommissionState.Approved => new() { ApprovedMinor = minor },
            CommissionState.Paid => new() { PaidMinor = minor },
            CommissionState.Reversed => new() { ReversedMinor = minor },
            CommissionState.Rejected => new() { RejectedMinor = minor },
            _ => default,
        };

    /// <summary>Adds counters.</summary>
    public static StatsCounters operator +(StatsCounters left, StatsCounters right) =>
        new()
        {
            Clicks = left.Clicks + right.Clicks,
            AttributableClicks = left.AttributableClicks + right.AttributableClicks,
            Conversions = left.Conversions + right.Conversions,
            HeldConversions = left.HeldConversions + right.HeldConversions,
            RejectedConversions = left.RejectedConversions + right.RejectedConversions,
            RevenueMinor = left.RevenueMinor + right.RevenueMinor,
            RefundedMinor = left.RefundedMinor + right.RefundedMinor,
            PendingMinor = left.PendingMinor + right.PendingMinor,
            HeldMinor = left.HeldMinor + right.HeldMinor,
            ApprovedMinor = left.ApprovedMinor + right.ApprovedMinor,
            PaidMinor = left.PaidMinor + right.PaidMinor,
            ReversedMinor = left.ReversedMinor + right.ReversedMinor,
            RejectedMinor = left.RejectedMinor + right.RejectedMinor,
        };

    /// <summary>Negates counters (what takes a contribution back).</summary>
    public static StatsCounters operator -(StatsCounters value) =>
        new()
        {
            Clicks = -value.Clicks,
            AttributableClicks = -value.AttributableClicks,
            Conversions = -value.Conversions,
            HeldConversions = -value.HeldConversions,
            RejectedConversions = -value.RejectedConversions,
            RevenueMinor = -value.RevenueMinor,
            RefundedMinor = -value.RefundedMinor,
            PendingMinor = -value.PendingMinor,
            HeldMinor = -value.HeldMinor,
            ApprovedMinor = -value.ApprovedMinor,
            PaidMinor = -value.PaidMinor,
            ReversedMinor = -value.ReversedMinor,
            RejectedMinor = -value.RejectedMinor,
        };

    /// <summary>Subtracts counters.</summary>
    public static StatsCounters operator -(StatsCounters left, StatsCounters right) => left + -right;

    /// <summary>Adds counters (named alternative to the operator).</summary>
    public static StatsCounters Add(StatsCounters left, StatsCounters right) => left + right;

    /// <summary>Subtracts counters (named alternative to the operator).</summary>
    public static StatsCounters Subtract(StatsCounters left, StatsCounters right) => left - right;

    /// <summary>Negates counters (named alternative to the operator).</summary>
    public static StatsCounters Negate(StatsCounters value) => -value;
}
