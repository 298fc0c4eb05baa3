namespace Affiliate;

/// <summary>
/// One commission the engine computed: who earns how much and why. The ledger turns it into a commission line.
/// <see cref="Amount"/> is always the explanation's amount.
/// </summary>
/// <param name="PartnerId">The partner who earns it.</param>
/// <param name="Kind">Seller commission, upline commission, bonus or period adjustment.</param>
/// <param name="Level">1 for the seller, 2 for the sponsor...</param>
/// <param name="Explanation">How the amount was reached.</param>
public sealed record PricedLine(
    PartnerId PartnerId,
    CommissionLineKind Kind,
    int Level,
    CommissionExplanation Explanation
)
{
    /// <summary>The amount, rounded to the minor unit.</summary>
    public Money Amount => Explanation.Amount;

    /// <summary>The explanation as a sentence a partner can read.</summary>
    public override string ToString() => Explanation.ToSentence();
}

/// <summary>What a commission line pays for.</summary>
public enum CommissionLineKind
{
    /// <summary>The seller's commission on a conversion.</summary>
    Commission = 0,

    /// <summary>An upline partner's commission on a conversion made further down the chain.</summary>
    Upline = 1,

    /// <summary>A milestone bonus.</summary>
    Bonus = 2,

    /// <summary>A period-close re-rating of volume tiers.</summary>
    PeriodAdjustment = 3,
}
