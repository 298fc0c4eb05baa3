using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Where a link may send a browser: a path on this site, or an absolute http(s) URL whose host is the site's own or
/// in <see cref="LinkOptions.AllowedHosts"/>. The core's <see cref="LinkDestination"/> decides the shape (no
/// scheme-relative URLs, backslashes, user info or other schemes); this adds the host. Checked when a partner creates
/// a link and again at every redirect, so a stored destination whose host is no longer allowed stops working.
/// </summary>
internal sealed class LinkDestinationPolicy(IOptions<AffiliateWebOptions> options)
{
    private static readonly IdnMapping Idn = new();

    /// <summary>
    /// The Location to send for <paramref name="destination"/> (escaped to ASCII), or null when it is not allowed.
    /// </summary>
    public string? Location(string? destination, HttpRequest request)
    {
        if (LinkDestination.IsPath(destination))
        {
            // Resolved against a stand-in site only to escape it the way a Location header needs (ASCII).
            var resolved = new Uri(new Uri("https://site.invalid/"), destination);
            return resolved.Host == "site.invalid" ? resolved.PathAndQuery + resolved.Fragment : null;
        }

        var url = LinkDestination.AbsoluteUrl(destination);
        return url is not null && IsAllowedHost(url.IdnHost, request) ? url.AbsoluteUri : null;
    }

    /// <summary>True when the destination is an absolute http(s) URL of a host that is not allowed.</summary>
    public bool IsForeignUrl(string? destination, HttpRequest request) =>
        LinkDestination.AbsoluteUrl(destination) is { } url && !IsAllowedHost(url.IdnHost, request);

    /// <summary>The program's default page, as a Location.</summary>
    public string DefaultLocation(HttpRequest request) =>
        Location(options.Value.Links.DefaultDestination, request) ?? "/";

    private bool IsAllowedHost(string host, HttpRequest request)
    {
        var links = options.Value.Links;
        if (Same(host, request.Host.Host))
        {
            return true;
        }

        if (LinkDestination.AbsoluteUrl(links.DefaultDestination) is { } site && Same(host, site.IdnHost))
        {
            return true;
        }

        foreach (var allowed in links.AllowedHosts)
        {
            if (allowed is ['*', '.', ..])
            {
                var parent = Ascii(allowed[2..]);
                if (
                    parent is not null
                    && host.Length > parent.Length + 1
                    && host.EndsWith("." + parent, StringComparison.OrdinalIgnoreCase)
                )
                {
                    return true;
                }
            }
            else if (Same(host, allowed))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Same(string host, string? other) =>
        Ascii(other) is { } ascii && string.Equals(host, ascii, StringComparison.OrdinalIgnoreCase);

    /// <summary>A host name in ASCII (punycode), as <see cref="Uri.IdnHost"/> gives it; null if none.</summary>
    private static string? Ascii(string? host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return null;
        }

        try
        {
            return Idn.GetAscii(host.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
