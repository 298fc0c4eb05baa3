namespace Affiliate;

/// <summary>What a manual adjustment is, shown on the partner's statement.</summary>
public enum AdjustmentKind
{
    /// <summary>Money added for a reason of the program's (a campaign, goodwill): a positive amount.</summary>
    Bonus = 0,

    /// <summary>Money taken for a breach of the program's terms: a negative amount.</summary>
    Penalty = 1,

    /// <summary>A fix of an earlier amount: positive or negative.</summary>
    Correction = 2,
}
