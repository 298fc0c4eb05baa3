namespace Affiliate;

/// <summary>
/// Which commission lines of one program a ledger list shows (every filter that is set must match), newest first:
/// by <see cref="CommissionLine.CreatedAt"/> descending, then id.
/// </summary>
public sealed record LineListFilter
{
    /// <summary>The program (a list is always of one program).</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Only this partner's lines (upline lines included: they are the partner's).</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only the lines of this conversion.</summary>
    public ConversionId? ConversionId { get; init; }

    /// <summary>Only lines in this state.</summary>
    public CommissionState? State { get; init; }

    /// <summary>Only the lines this payout settles (or settled, before it failed and released them).</summary>
    public PayoutId? PayoutId { get; init; }
}
