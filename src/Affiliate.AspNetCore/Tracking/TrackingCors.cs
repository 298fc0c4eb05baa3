using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Affiliate.AspNetCore;

/// <summary>
/// CORS for the click endpoint, limited to <see cref="TrackingOptions.AllowedOrigins"/> (and the site itself): an
/// allowed origin gets its own origin back with credentials allowed, a foreign origin gets no CORS header at all.
/// </summary>
internal static class TrackingCors
{
    /// <summary>An origin as browsers send it (<c>https://host[:port]</c>, lower case), or null for none.</summary>
    public static string? Normalize(string? origin)
    {
        if (
            string.IsNullOrWhiteSpace(origin)
            || !Uri.TryCreate(origin.Trim().TrimEnd('/'), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.AbsolutePath != "/"
            || uri.Query.Length > 0
            || uri.Fragment.Length > 0
            || uri.UserInfo.Length > 0
        )
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Authority).ToLowerInvariant();
    }

    /// <summary>
    /// Whether the request may use the endpoint: no Origin header (not a browser's cross-origin call), its own
    /// origin, or an allowed one.
    /// </summary>
    public static bool IsAllowed(HttpRequest request, TrackingOptions options, out string? origin)
    {
        origin = request.Headers.Origin is { Count: > 0 } given ? given.ToString() : null;
        if (origin is null)
        {
            return true;
        }

        var normalized = Normalize(origin);
        if (normalized is null)
        {
            return false;
        }

        var own = Normalize($"{request.Scheme}://{request.Host.Value}");
        return normalized == own || options.AllowedOrigins.Any(o => Normalize(o) == normalized);
    }

    /// <summary>Adds the CORS answer headers for an allowed cross-origin request.</summary>
    public static void Allow(HttpResponse response, string origin)
    {
        response.Headers.AccessControlAllowOrigin = origin;
        response.Headers.AccessControlAllowCredentials = "true";
        response.Headers.Append(HeaderNames.Vary, HeaderNames.Origin);
    }
}
