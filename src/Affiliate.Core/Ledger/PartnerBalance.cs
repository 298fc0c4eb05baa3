namespace Affiliate;

/// <summary>A partner's commissions in one currency, by state.</summary>
/// <param name="Currency">The currency.</param>
/// <param name="Pending">Earned, in the hold period.</param>
/// <param name="Held">Waiting for a fraud review.</param>
/// <param name="Approved">Approved and not yet in a payout (negative clawbacks included).</param>
/// <param name="InPayout">In a payout that is not paid yet.</param>
/// <param name="Paid">Paid.</param>
public sealed record PartnerBalance(
    Currency Currency,
    Money Pending,
    Money Held,
    Money Approved,
    Money InPayout,
    Money Paid
);
