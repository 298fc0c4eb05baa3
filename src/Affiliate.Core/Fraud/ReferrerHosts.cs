using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Affiliate;

/// <summary>
/// Reduces referrers and configured entries to lower-case ASCII host names, and matches hosts with sub-domains.
/// </summary>
internal static class ReferrerHosts
{
    private static readonly IdnMapping Idn = new();

    /// <summary>The host of a referrer URL, or null when it has none.</summary>
    public static string? HostOf(string? referrer)
    {
        if (string.IsNullOrWhiteSpace(referrer))
        {
            return null;
        }

        var text = referrer.Trim();
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            // A referrer without a scheme ("spam.example/page") still names a host.
            if (!Uri.TryCreate("http://" + text, UriKind.Absolute, out uri))
            {
                return null;
            }
        }

        var host = uri.IdnHost.TrimEnd('.').ToLowerInvariant();
        return host.Length == 0 ? null : host;
    }

    /// <summary>
    /// Normalises a configured entry: a host, <c>*.host</c>, <c>.host</c> or a URL, to the bare host.
    /// </summary>
    public static bool TryNormalizeEntry(
        string? entry,
        [NotNullWhen(true)] out string? host,
        [NotNullWhen(false)] out string? problem
    )
    {
        host = null;
        var text = entry?.Trim() ?? string.Empty;
        if (text.Contains("://", StringComparison.Ordinal) && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            text = uri.Host;
        }

        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        text = text.TrimStart('.').TrimEnd('.');
        if (text.Length == 0)
        {
            problem = $"'{entry}' names no host; remove it or write a host such as 'spam.example'";
            return false;
        }

        try
        {
            text = Idn.GetAscii(text).ToLowerInvariant();
        }
        catch (ArgumentException)
        {
            problem = $"'{entry}' is not a valid host name; write a host such as 'spam.example'";
            return false;
        }

        if (Uri.CheckHostName(text) == UriHostNameType.Unknown)
        {
            problem = $"'{entry}' is not a host name; write just the host, such as 'spam.example'";
            return false;
        }

        host = text;
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="host"/> is <paramref name="blocked"/> or one of its sub-domains.</summary>
    public static bool Matches(string host, string blocked) =>
        host.Length == blocked.Length
            ? string.Equals(host, blocked, StringComparison.Ordinal)
            : host.Length > blocked.Length
                && host[^(blocked.Length + 1)] == '.'
                && host.EndsWith(blocked, StringComparison.Ordinal);
}
