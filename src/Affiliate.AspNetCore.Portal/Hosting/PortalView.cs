using Microsoft.AspNetCore.Antiforgery;

namespace Affiliate.AspNetCore.Portal;

/// <summary>Which set of pages a request is in.</summary>
internal enum PortalArea
{
    Partner,
    Admin,
}

/// <summary>Endpoint metadata: where a group of pages is mounted, so that pages can link within it.</summary>
internal sealed record PortalMount(string Prefix, PortalArea Area);

/// <summary>A form's failure as the page shows it next to the form: the core's description and stable code.</summary>
internal sealed record PortalFormError(string Form, string Description, string? Code = null);

/// <summary>
/// What every page needs besides its data: where it is mounted, its title and section, the antiforgery token of its
/// forms, the signed-in partner (partner pages) and the notice or error the last form left.
/// </summary>
internal sealed record PortalView
{
    public required PortalArea Area { get; init; }

    /// <summary>The mount's path with the host's path base, without a trailing slash.</summary>
    public required string BasePath { get; init; }

    public required string Section { get; init; }

    public required string Title { get; init; }

    public required PortalOptions Options { get; init; }

    public required AntiforgeryTokenSet Antiforgery { get; init; }

    public Partner? Partner { get; init; }

    /// <summary>Whether the header shows the area's navigation (not on a refusal to a stranger).</summary>
    public bool Navigation { get; init; } = true;

    public string? Notice { get; init; }

    /// <summary>Whether a list page was opened with a cursor (it is not the first page).</summary>
    public bool Paged { get; init; }

    public PortalFormError? Error { get; init; }

    /// <summary>A path within the mount: <c>Url("/links")</c> is <c>/partners/links</c>.</summary>
    public string Url(string path = "") => path.Length == 0 ? BasePath + "/" : BasePath + path;

    public string AssetUrl(string name) => $"{BasePath}/assets/{name}?v={PortalAssets.Version}";

    /// <summary>The error of <paramref name="form"/>, if the last post of that form failed.</summary>
    public PortalFormError? ErrorOf(string form) => Error is { } error && error.Form == form ? error : null;
}
