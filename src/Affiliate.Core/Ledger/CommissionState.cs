namespace Affiliate;

/// <summary>
/// Where a commission line stands. States move forward only: pending to approved to paid; held to pending (review
/// approved) or rejected; pending, held or approved to reversed.
/// </summary>
public enum CommissionState
{
    /// <summary>Earned, waiting for the hold period to pass.</summary>
    Pending = 0,

    /// <summary>Flagged by a fraud rule; waits for a review decision.</summary>
    Held = 1,

    /// <summary>Approved and payable in the next payout.</summary>
    Approved = 2,

    /// <summary>Paid in a payout (final).</summary>
    Paid = 3,

    /// <summary>Cancelled before payment by a refund, chargeback or cancellation (final).</summary>
    Reversed = 4,

    /// <summary>Rejected on review (final).</summary>
    Rejected = 5,
}

/// <summary>The allowed moves between <see cref="CommissionState"/>s.</summary>
public static class CommissionStates
{
    /// <summary>Whether a line may move from one state to another.</summary>
    public static bool CanMove(CommissionState from, CommissionState to) =>
        (from, to) switch
        {
            (CommissionState.Pending, CommissionState.Approved) => true,
            (CommissionState.Pending, CommissionState.Reversed) => true,
            (CommissionState.Held, CommissionState.Pending) => true,
            (CommissionState.Held, CommissionState.Rejected) => true,
            (CommissionState.Held, CommissionState.Reversed) => true,
            (CommissionState.Approved, CommissionState.Paid) => true,
            (CommissionState.Approved, CommissionState.Reversed) => true,
            _ => false,
        };

    /// <summary>True for states a line never leaves.</summary>
    public static bool IsFinal(CommissionState state) =>
        state is CommissionState.Paid or CommissionState.Reversed or CommissionState.Rejected;
}
