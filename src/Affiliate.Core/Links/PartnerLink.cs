namespace Affiliate;

/// <summary>
/// A partner's link: a short id that <c>/go/{code}/{id}</c> carries, the destination it leads to (stored here, so a
/// link can never be turned into an open redirect), the sub-ids its clicks are labelled with, and a name for the
/// partner's own overview. Created through <see cref="PartnerLinks"/>; deactivated links stop leading anywhere but
/// the program's default page.
/// </summary>
public sealed record PartnerLink
{
    /// <summary>The link's id: 1 to <see cref="PartnerLinks.MaxIdLength"/> URL-safe characters, unique.</summary>
    public required string Id { get; init; }

    /// <summary>The partner whose link it is.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>An absolute http(s) URL or a path on the program's site (see <see cref="LinkDestination"/>).</summary>
    public required string Destination { get; init; }

    /// <summary>The first sub-id clicks through the link carry.</summary>
    public string? Sub1 { get; init; }

    /// <summary>The second sub-id.</summary>
    public string? Sub2 { get; init; }

    /// <summary>The third sub-id.</summary>
    public string? Sub3 { get; init; }

    /// <summary>The fourth sub-id.</summary>
    public string? Sub4 { get; init; }

    /// <summary>The fifth sub-id.</summary>
    public string? Sub5 { get; init; }

    /// <summary>The partner's name for the link.</summary>
    public string? Name { get; init; }

    /// <summary>When the link was created.</summary>
    public required Instant CreatedAt { get; init; }

    /// <summary>False once deactivated: the link then leads to the default page and records no link id.</summary>
    public bool Active { get; init; } = true;

    /// <summary>
    /// The sub-ids in position order, as a click carries them: up to the last one set, a missing one in between as an
    /// empty string (so sub3 stays third).
    /// </summary>
    public IReadOnlyList<string> SubIds => LinkSubIds.Of(Sub1, Sub2, Sub3, Sub4, Sub5);
}

/// <summary>What a partner asks for when creating a link (<see cref="PartnerLinks.CreateAsync"/>).</summary>
public sealed record PartnerLinkRequest
{
    /// <summary>The partner creating the link.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>
    /// The link's id, when the caller chooses it (and to make a retried create a replay); a new short id when null.
    /// </summary>
    public string? Id { get; init; }

    /// <summary>Where the link leads: an absolute http(s) URL or a path on the program's site.</summary>
    public required string Destination { get; init; }

    /// <summary>The first sub-id.</summary>
    public string? Sub1 { get; init; }

    /// <summary>The second sub-id.</summary>
    public string? Sub2 { get; init; }

    /// <summary>The third sub-id.</summary>
    public string? Sub3 { get; init; }

    /// <summary>The fourth sub-id.</summary>
    public string? Sub4 { get; init; }

    /// <summary>The fifth sub-id.</summary>
    public string? Sub5 { get; init; }

    /// <summary>The partner's name for the link.</summary>
    public string? Name { get; init; }
}

/// <summary>A referral code and link id resolved for a redirect (<see cref="PartnerLinks.ResolveAsync"/>).</summary>
/// <param name="Partner">The partner who owns the code.</param>
/// <param name="Link">The partner's active link with the id asked for, or null (none asked, unknown, inactive, or
/// another partner's).</param>
public sealed record LinkTarget(Partner Partner, PartnerLink? Link);

/// <summary>Sub-ids in position order.</summary>
internal static class LinkSubIds
{
    public static IReadOnlyList<string> Of(params string?[] values)
    {
        var last = Array.FindLastIndex(values, v => !string.IsNullOrEmpty(v));
        return last < 0 ? [] : [.. values.Take(last + 1).Select(v => v ?? "")];
    }
}
