namespace Affiliate;

/// <summary>A payout with the lines it settles: what a partner receives and why, line by line.</summary>
/// <param name="Payout">The payout.</param>
/// <param name="Lines">Its lines; their amounts add up to the payout's amount.</param>
public sealed record PayoutStatement(Payout Payout, IReadOnlyList<CommissionLine> Lines)
{
    /// <summary>
    /// The lines as entries a partner reads, each refund's clawback its own entry with its sentence; they add up to
    /// the payout's amount too.
    /// </summary>
    public IReadOnlyList<StatementEntry> Entries { get; init; } = [];
}
