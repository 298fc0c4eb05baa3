namespace Affiliate;

/// <summary>
/// Which payouts of one program a payout list shows (every filter that is set must match), newest first: by
/// <see cref="Payout.CreatedAt"/> descending, then id.
/// </summary>
public sealed record PayoutListFilter
{
    /// <summary>The program (a list is always of one program).</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Only this partner's payouts.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only payouts in this status.</summary>
    public PayoutStatus? Status { get; init; }

    /// <summary>Only payouts created at or after this instant.</summary>
    public Instant? From { get; init; }

    /// <summary>Only payouts created before this instant (later than <see cref="From"/>).</summary>
    public Instant? Until { get; init; }
}
