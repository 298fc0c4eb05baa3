namespace Affiliate;

/// <summary>
/// The shapes a link destination may take: a path on the program's own site (<c>/shoes?size=42</c>) or an absolute
/// http(s) URL without user info. Everything else is refused: scheme-relative (<c>//evil.com</c>), backslashes
/// (browsers read <c>/\evil.com</c> as <c>//evil.com</c>), other schemes (<c>javascript:</c>), <c>https:evil.com</c>
/// without its slashes, <c>https://shop@evil.com</c>, control characters and whitespace. Which hosts an absolute URL
/// may name is the HTTP layer's decision (an allow-list), checked when a link is created and again at redirect.
/// </summary>
public static class LinkDestination
{
    /// <summary>True when <paramref name="destination"/> is a site path: one leading '/', no backslash.</summary>
    public static bool IsPath(string? destination) =>
        destination is ['/', ..]
        && !destination.StartsWith("//", StringComparison.Ordinal)
        && IsPlain(destination)
        && ResolvesOnSite(destination);

    /// <summary>
    /// The URL when <paramref name="destination"/> is an absolute http(s) URL written with its <c>://</c>, a host
    /// and no user info; null otherwise.
    /// </summary>
    public static Uri? AbsoluteUrl(string? destination)
    {
        if (
            destination is null
            || !IsPlain(destination)
            || !(
                destination.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
                || destination.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            )
            || !Uri.TryCreate(destination, UriKind.Absolute, out var url)
        )
        {
            return null;
        }

        // The authority as written, up to the path, query or fragment: an '@' in it is user info whatever the parser.
        var afterScheme = destination[(destination.IndexOf("://", StringComparison.Ordinal) + 3)..];
        var end = afterScheme.IndexOfAny(['/', '?', '#']);
        var authority = end < 0 ? afterScheme : afterScheme[..end];
        var http = url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp;
        return http && url.UserInfo.Length == 0 && url.Host.Length > 0 && !authority.Contains('@') ? url : null;
    }

    /// <summary>Null when the destination has one of the accepted shapes; else why not, for an error.</summary>
    public static string? Problem(string? destination)
    {
        if (string.IsNullOrWhiteSpace(destination))
        {
            return "Destination is required: a path on the site ('/shoes') or an http(s) URL.";
        }

        if (destination.Length > InputLimits.MaxUrlLength)
        {
            return $"Destination has {destination.Length} characters; at most {InputLimits.MaxUrlLength} are accepted.";
        }

        return IsPath(destination) || AbsoluteUrl(destination) is not null
            ? null
            : "Destination must be a path on the site starting with one '/' or an absolute http(s) URL without user "
                + "info; backslashes, whitespace and other schemes are refused.";
    }

    /// <summary>No control character, whitespace or backslash anywhere (browsers treat '\' as '/').</summary>
    private static bool IsPlain(string text) => !text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c == '\\');

    /// <summary>The path resolved against a site stays on it (a last guard against parser differences).</summary>
    private static bool ResolvesOnSite(string path)
    {
        var site = new Uri("https://site.invalid/");
        return Uri.TryCreate(site, path, out var resolved) && resolved.Host == site.Host;
    }
}
