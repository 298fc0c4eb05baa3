namespace Affiliate;

/// <summary>
/// A recorded click on a partner's link: who referred the visitor, through which link and sub-ids, and what the
/// request looked like. The IP address is never stored as given: <see cref="AnonymizedIp"/> has its last IPv4 octet
/// (or last 80 bits of IPv6) zeroed and <see cref="IpHash"/> is a keyed hash of the full address for velocity rules.
/// </summary>
public sealed record Click
{
    /// <summary>The click's id; recording the same id twice changes nothing.</summary>
    public required ClickId Id { get; init; }

    /// <summary>The program the link belongs to.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The partner whose link was clicked.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>The link or campaign id, if the partner has several.</summary>
    public string? LinkId { get; init; }

    /// <summary>Sub-ids the partner added to the link (sub1..sub5), for their own tracking.</summary>
    public IReadOnlyList<string> SubIds { get; init; } = [];

    /// <summary>The page the visitor landed on.</summary>
    public string? LandingUrl { get; init; }

    /// <summary>The referring page.</summary>
    public string? Referrer { get; init; }

    /// <summary>The visitor's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The first-party visitor id (cookie) the click is tied to.</summary>
    public required string VisitorId { get; init; }

    /// <summary>When the click happened.</summary>
    public required Instant OccurredAt { get; init; }

    /// <summary>The anonymised IP address (last octet or last 80 bits zeroed).</summary>
    public string? AnonymizedIp { get; init; }

    /// <summary>
    /// A keyed hash of the full IP address: equal for equal addresses, not reversible without the key.
    /// </summary>
    public string? IpHash { get; init; }

    /// <summary>The visitor's country (ISO 3166), if a provider resolved it.</summary>
    public string? Country { get; init; }

    /// <summary>
    /// Whether the click can earn attribution; false when a fraud rule rejected it (it is still counted in reports).
    /// </summary>
    public bool Attributable { get; init; } = true;

    /// <summary>The fraud rule codes that flagged the click, if any.</summary>
    public IReadOnlyList<string> FraudCodes { get; init; } = [];
}
