namespace Affiliate;

/// <summary>
/// Which clicks of one program a click list shows (every filter that is set must match), newest first: by
/// <see cref="Click.OccurredAt"/> descending, then id.
/// </summary>
public sealed record ClickListFilter
{
    /// <summary>The program (a list is always of one program).</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Only this partner's clicks.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>
    /// Only clicks whose first sub-id (sub1) is exactly this value. Needs <see cref="PartnerId"/>: sub-ids are labels
    /// each partner chooses for their own traffic, so they are listed per partner.
    /// </summary>
    public string? Sub1 { get; init; }

    /// <summary>Only clicks at or after this instant.</summary>
    public Instant? From { get; init; }

    /// <summary>Only clicks before this instant (later than <see cref="From"/>).</summary>
    public Instant? Until { get; init; }
}
