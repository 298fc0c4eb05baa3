using Affiliate.Ledger;

namespace Affiliate.Payouts;

/// <summary>A payout with the lines it settles: what a partner receives and why, line by line.</summary>
/// <param name="Payout">The payout.</param>
/// <param name="Lines">Its lines; their amounts add up to the payout's amount.</param>
public sealed record PayoutStatement(Payout Payout, IReadOnlyList<CommissionLine> Lines);
