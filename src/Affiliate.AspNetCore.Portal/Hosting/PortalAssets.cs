using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The stylesheet and the copy-button script, embedded in the assembly and served by each mount at
/// <c>{prefix}/assets/{name}</c>: the host needs no static-files setup, and the version in their URLs changes with
/// their content, so they can be cached for a year.
/// </summary>
internal static class PortalAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["portal.css"] = (Read("portal.css"), "text/css; charset=utf-8"),
        ["portal.js"] = (Read("portal.js"), "text/javascript; charset=utf-8"),
    };

    /// <summary>A short hash of every asset, appended to their URLs.</summary>
    public static readonly string Version = Convert.ToHexStringLower(
        SHA256.HashData(Files.Values.SelectMany(f => f.Content).ToArray())
    )[..12];

    public static IResult Serve(HttpContext context, string name)
    {
        if (!Files.TryGetValue(name, out var file))
        {
            return Results.NotFound();
        }

        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
        return Results.Bytes(file.Content, file.Type);
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream(
            $"Affiliate.AspNetCore.Portal.{name}"
        ) ?? throw new InvalidOperationException($"The portal's asset '{name}' is missing from its assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
