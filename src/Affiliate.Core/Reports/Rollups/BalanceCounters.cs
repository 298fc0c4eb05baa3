namespace Affiliate;

/// <summary>Identifies a partner's balance in one program and currency.</summary>
/// <param name="ProgramId">The program.</param>
/// <param name="PartnerId">The partner.</param>
/// <param name="Currency">The currency of the lines.</param>
public readonly record struct BalanceKey(ProgramId ProgramId, PartnerId PartnerId, Currency Currency);

/// <summary>
/// A partner's commission by where it stands, in minor units of the balance's currency; kept by every write that adds
/// or moves a line, so a balance is one row however many lines the partner ever earned. Additive.
/// </summary>
/// <param name="PendingMinor">Pending lines.</param>
/// <param name="HeldMinor">Held lines.</param>
/// <param name="ApprovedMinor">Approved lines not in a payout.</param>
/// <param name="InPayoutMinor">Approved lines claimed by a payout not yet paid.</param>
/// <param name="PaidMinor">Paid lines.</param>
public readonly record struct BalanceCounters(
    long PendingMinor,
    long HeldMinor,
    long ApprovedMinor,
    long InPayoutMinor,
    long PaidMinor
)
{
    /// <summary>True when every counter is zero.</summary>
    public bool IsZero => this == default;

    /// <summary>Adds counters.</summary>
    public static BalanceCounters operator +(BalanceCounters left, BalanceCounters right) =>
        new(
            left.PendingMinor + right.PendingMinor,
            left.HeldMinor + right.HeldMinor,
            left.ApprovedMinor + right.ApprovedMinor,
            left.InPayoutMinor + right.InPayoutMinor,
            left.PaidMinor + right.PaidMinor
        );

    /// <summary>Negates counters.</summary>
    public static BalanceCounters operator -(BalanceCounters value) =>
        new(-value.PendingMinor, -value.HeldMinor, -value.ApprovedMinor, -value.InPayoutMinor, -value.PaidMinor);

    /// <summary>Subtracts counters.</summary>
    public static BalanceCounters operator -(BalanceCounters left, BalanceCounters right) => left + -right;

    /// <summary>Adds counters (named alternative to the operator).</summary>
    public static BalanceCounters Add(BalanceCounters left, BalanceCounters right) => left + right;

    /// <summary>Subtracts counters (named alternative to the operator).</summary>
    public static BalanceCounters Subtract(BalanceCounters left, BalanceCounters right) => left - right;

    /// <summary>Negates counters (named alternative to the operator).</summary>
    public static BalanceCounters Negate(BalanceCounters value) => -value;
}
