namespace Affiliate;

/// <summary>What a commission line records.</summary>
public enum LedgerEntryKind
{
    /// <summary>The seller's commission on a conversion.</summary>
    Commission = 0,

    /// <summary>An upline partner's commission.</summary>
    Upline = 1,

    /// <summary>A milestone bonus.</summary>
    Bonus = 2,

    /// <summary>A period-close tier adjustment.</summary>
    PeriodAdjustment = 3,

    /// <summary>A negative line for a partial refund of a line not yet paid; it follows its line's state.</summary>
    Reversal = 4,

    /// <summary>A negative line for a refund after payout, deducted from the next payout.</summary>
    Clawback = 5,

    /// <summary>A manual adjustment (positive or negative) with a reason.</summary>
    Adjustment = 6,
}
