namespace Affiliate;

/// <summary>A click to record, as the tracking middleware or a redirect link sees it.</summary>
public sealed record ClickRequest
{
    /// <summary>The program; the default program when null.</summary>
    public ProgramId? ProgramId { get; init; }

    /// <summary>The click's id, made by the caller so a retried request is recognised; a new id when null.</summary>
    public ClickId? ClickId { get; init; }

    /// <summary>The referral code from the link (<c>?ref=ANNA</c>).</summary>
    public required string ReferralCode { get; init; }

    /// <summary>The first-party visitor id (cookie).</summary>
    public required string VisitorId { get; init; }

    /// <summary>The link or campaign id.</summary>
    public string? LinkId { get; init; }

    /// <summary>Sub-ids (sub1..sub5).</summary>
    public IReadOnlyList<string> SubIds { get; init; } = [];

    /// <summary>The landing page.</summary>
    public string? LandingUrl { get; init; }

    /// <summary>The referring page.</summary>
    public string? Referrer { get; init; }

    /// <summary>The user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The visitor's IP address as text; anonymised and hashed, never stored as given.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The visitor's country, if a provider resolved it.</summary>
    public string? Country { get; init; }

    /// <summary>When the click happened; now when null.</summary>
    public Instant? OccurredAt { get; init; }

    /// <summary>
    /// The caller made <see cref="ClickId"/> for this request just now (<c>ClickId.New()</c>), so no stored click can
    /// have it: the tracker does not look it up first (were it taken after all, the store's duplicate check still
    /// answers a replay or conflict). False by default: a given id is looked up.
    /// </summary>
    public bool ClickIdIsNew { get; init; }

    /// <summary>
    /// The caller made <see cref="VisitorId"/> for this request just now (the visitor had no cookie), so no stored
    /// click can carry it: the visitor velocity rule reads no count from the store for it (the visitor's clicks
    /// earlier in the same <c>RecordManyAsync</c> batch still count). The tracking middleware sets it for a visitor id
    /// it mints; a caller that sets it for a known visitor id undercounts that visitor. False by default.
    /// </summary>
    public bool VisitorIsNew { get; init; }
}
