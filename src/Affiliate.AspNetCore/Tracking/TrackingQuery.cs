using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Affiliate.AspNetCore;

/// <summary>Reads the tracking parameters of a query string.</summary>
internal static class TrackingQuery
{
    /// <summary>The sub-id parameters, in the order of the click's sub-ids.</summary>
    public static readonly string[] SubIdNames = ["sub1", "sub2", "sub3", "sub4", "sub5"];

    /// <summary>
    /// Whether the raw query (<c>?a=1&amp;ref=x</c>) names one of <paramref name="names"/>, ignoring case. Scans the
    /// string the server already has and allocates nothing, so a request without a referral pays only this scan.
    /// A percent-encoded parameter name is not recognised (links do not encode plain names).
    /// </summary>
    public static bool Names(string? query, string[] names)
    {
        if (string.IsNullOrEmpty(query))
        {
            return false;
        }

        var rest = query.AsSpan(query[0] == '?' ? 1 : 0);
        while (!rest.IsEmpty)
        {
            var end = rest.IndexOf('&');
            var pair = end < 0 ? rest : rest[..end];
            var equals = pair.IndexOf('=');
            var name = equals < 0 ? pair : pair[..equals];
            foreach (var candidate in names)
            {
                if (name.Equals(candidate, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            rest = end < 0 ? [] : rest[(end + 1)..];
        }

        return false;
    }

    /// <summary>The first non-empty value of the names, in order; null when none has one.</summary>
    public static string? First(IQueryCollection query, string[] names)
    {
        foreach (var name in names)
        {
            if (query.TryGetValue(name, out var values) && !StringValues.IsNullOrEmpty(values))
            {
                var value = values[0];
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// sub1..sub5 as the click's sub-ids: up to the last one given, an absent one in between empty.
    /// </summary>
    public static string[] SubIds(IQueryCollection query)
    {
        var values = new string[SubIdNames.Length];
        var count = 0;
        for (var i = 0; i < SubIdNames.Length; i++)
        {
            values[i] = query.TryGetValue(SubIdNames[i], out var value) ? value.ToString() : "";
            if (values[i].Length > 0)
            {
                count = i + 1;
            }
        }

        return values[..count];
    }

    /// <summary>
    /// The request's path and query without the referral and sub-id parameters (other parameters, <c>utm_*</c>
    /// included, are kept), as a relative URL on this site.
    /// </summary>
    public static string Canonical(HttpRequest request, string[] referralNames)
    {
        var kept = new List<KeyValuePair<string, string?>>();
        foreach (var (name, values) in request.Query)
        {
            if (
                referralNames.Contains(name, StringComparer.OrdinalIgnoreCase)
                || SubIdNames.Contains(name, StringComparer.OrdinalIgnoreCase)
            )
            {
                continue;
            }

            foreach (var value in values)
            {
                kept.Add(new(name, value));
            }
        }

        var path = (request.PathBase + request.Path).ToUriComponent();
        return kept.Count == 0
            ? (path.Length == 0 ? "/" : path)
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path.Length == 0 ? "/" : path, kept);
    }

    /// <summary>A sub-id or code the click can keep: short enough and without control characters.</summary>
    public static bool IsAcceptable(string value, int maxLength) =>
        value.Length <= maxLength && !value.Any(char.IsControl);

    /// <summary>A visitor id this library made or would make: 1 to 64 URL-safe characters.</summary>
    public static bool IsVisitorId([NotNullWhen(true)] string? value) =>
        value is { Length: > 0 and <= 64 } && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A new random visitor id.</summary>
    public static string NewVisitorId() => "vis_" + Guid.NewGuid().ToString("N");
}
