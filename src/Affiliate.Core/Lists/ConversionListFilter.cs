namespace Affiliate;

/// <summary>
/// Which conversions of one program a conversion list shows (every filter that is set must match), newest first: by
/// <see cref="Conversion.OccurredAt"/> descending, then id. Status <see cref="ConversionStatus.Held"/> lists the
/// review queue.
/// </summary>
public sealed record ConversionListFilter
{
    /// <summary>The program (a list is always of one program).</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>Only conversions in this status (<see cref="ConversionStatus.Held"/>: waiting for review).</summary>
    public ConversionStatus? Status { get; init; }

    /// <summary>Only conversions credited (in whole or in part) to this partner.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>Only conversions that occurred at or after this instant.</summary>
    public Instant? From { get; init; }

    /// <summary>Only conversions that occurred before this instant (later than <see cref="From"/>).</summary>
    public Instant? Until { get; init; }
}
