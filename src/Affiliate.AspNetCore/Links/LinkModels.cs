namespace Affiliate.AspNetCore;

/// <summary>The body of <c>POST {prefix}/links</c>: a new link of the signed-in partner.</summary>
/// <param name="Destination">Where the link leads: a path on the site or an http(s) URL of an allowed host.</param>
/// <param name="Id">The link's id (URL-safe, at most 64 characters); a new short id when left out. Sending the same
/// id and content again is a replay.</param>
/// <param name="Sub1">The first sub-id clicks through the link carry.</param>
/// <param name="Sub2">The second sub-id.</param>
/// <param name="Sub3">The third sub-id.</param>
/// <param name="Sub4">The fourth sub-id.</param>
/// <param name="Sub5">The fifth sub-id.</param>
/// <param name="Name">The partner's name for the link.</param>
public sealed record CreateLinkBody(
    string Destination,
    string? Id = null,
    string? Sub1 = null,
    string? Sub2 = null,
    string? Sub3 = null,
    string? Sub4 = null,
    string? Sub5 = null,
    string? Name = null
);

/// <summary>A partner's link as the partner API answers it.</summary>
/// <param name="Id">The link's id: <c>/go/{code}/{id}</c>.</param>
/// <param name="Destination">Where the link leads.</param>
/// <param name="Sub1">The first sub-id.</param>
/// <param name="Sub2">The second sub-id.</param>
/// <param name="Sub3">The third sub-id.</param>
/// <param name="Sub4">The fourth sub-id.</param>
/// <param name="Sub5">The fifth sub-id.</param>
/// <param name="Name">The partner's name for the link.</param>
/// <param name="CreatedAt">When the link was created.</param>
/// <param name="Active">False once deactivated.</param>
public sealed record LinkAnswer(
    string Id,
    string Destination,
    string? Sub1,
    string? Sub2,
    string? Sub3,
    string? Sub4,
    string? Sub5,
    string? Name,
    Instant CreatedAt,
    bool Active
)
{
    internal static LinkAnswer Of(PartnerLink link) =>
        new(
            link.Id,
            link.Destination,
            link.Sub1,
            link.Sub2,
            link.Sub3,
            link.Sub4,
            link.Sub5,
            link.Name,
            link.CreatedAt,
            link.Active
        );
}

/// <summary>One page of the partner's links.</summary>
/// <param name="Items">The links, newest first.</param>
/// <param name="NextCursor">Pass it back as <c>?cursor=</c> for the next page; null on the last page.</param>
public sealed record LinkPage(IReadOnlyList<LinkAnswer> Items, string? NextCursor);
