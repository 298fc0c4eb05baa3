namespace Affiliate.AspNetCore;

/// <summary>Redirect links (<c>/go/{code}</c>): where they may lead.</summary>
public sealed class LinkOptions
{
    /// <summary>
    /// Where an unknown or inactive code, or a destination that is not allowed, lands: the program's default page,
    /// a path on this site (<c>/</c> by default) or an absolute http(s) URL.
    /// </summary>
    public string DefaultDestination { get; set; } = "/";

    /// <summary>
    /// Hosts besides the program's own site that links may lead to (<c>shop.example</c>, or <c>*.shop.example</c> for
    /// its subdomains), checked when a partner creates a link and again at every redirect. The site's own host (the
    /// host of the request, and of an absolute <see cref="DefaultDestination"/>) is always allowed, and so are paths.
    /// Compared without case and port.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    internal void Validate(ICollection<string> failures)
    {
        var isPath = DefaultDestination is ['/', ..] && !DefaultDestination.StartsWith("//", StringComparison.Ordinal);
        var isUrl =
            Uri.TryCreate(DefaultDestination, UriKind.Absolute, out var url)
            && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp);
        if (!isPath && !isUrl)
        {
            failures.Add(
                "AffiliateWebOptions.Links.DefaultDestination must be a path on this site ('/') or an http(s) URL."
            );
        }

        foreach (var host in AllowedHosts)
        {
            if (!IsHostPattern(host))
            {
                failures.Add(
                    $"AffiliateWebOptions.Links.AllowedHosts has '{host}', which is no host name; give names such as "
                        + "'shop.example' or '*.shop.example', without scheme, port or path."
                );
            }
        }
    }

    private static bool IsHostPattern(string? host)
    {
        var name = host is ['*', '.', ..] ? host[2..] : host;
        return !string.IsNullOrWhiteSpace(name)
            && Uri.CheckHostName(name) is UriHostNameType.Dns or UriHostNameType.IPv4;
    }
}
