namespace Affiliate;

/// <summary>
/// Which partners a partner list shows (every filter that is set must match), newest first: by
/// <see cref="Partner.JoinedAt"/> descending, then id.
/// </summary>
public sealed record PartnerListFilter
{
    /// <summary>The longest <see cref="Search"/> accepted (an e-mail address has at most 254 characters).</summary>
    public const int MaxSearchLength = 256;

    /// <summary>Only partners in this status.</summary>
    public PartnerStatus? Status { get; init; }

    /// <summary>
    /// Only partners in this segment, compared ignoring case as segments are (ASCII letters on every store; beyond
    /// ASCII as the store folds case, see <see cref="Search"/>).
    /// </summary>
    public PartnerSegment? Segment { get; init; }

    /// <summary>Only partners this partner sponsors (their direct downline).</summary>
    public PartnerId? SponsorId { get; init; }

    /// <summary>
    /// Only partners whose name, e-mail address or one of whose referral codes starts with this text, ignoring case
    /// (a prefix, so that an index serves it: "ann" finds "Anna" and "anna@example.org", not "Joanna"). Surrounding
    /// white space is ignored; empty means no search. Every store folds the case of ASCII letters; beyond ASCII
    /// the in-memory store folds every letter, PostgreSQL as its locale's <c>lower</c> does, SQLite none.
    /// </summary>
    public string? Search { get; init; }
}
