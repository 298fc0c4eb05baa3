using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Affiliate.AspNetCore;

/// <summary>
/// Reads a JSON request body for the adapter's endpoints, so that every way a body can be wrong is a problem answer
/// with a stable code (never a 500, never the framework's empty 400): not JSON (415), too large (413), malformed,
/// a missing required member or a null where none is allowed (400, the detail names the path).
/// </summary>
public static class JsonBody
{
    /// <summary>The largest body the adapter's JSON endpoints read unless told otherwise: 64 KiB.</summary>
    public const int DefaultMaxBytes = 64 * 1024;

    // The core's contract plus the strictness a public endpoint needs: nulls only where the type allows them.
    private static readonly JsonSerializerOptions Strict = CreateStrict();

    /// <summary>The options the adapter reads bodies with: the core's, refusing nulls the types do not allow.</summary>
    public static JsonSerializerOptions Options => Strict;

    /// <summary>Reads the body as <typeparamref name="T"/>; on failure <c>Problem</c> is the answer to send.</summary>
    public static async ValueTask<(T? Value, IResult? Problem)> ReadAsync<T>(
        HttpRequest request,
        int maxBytes = DefaultMaxBytes,
        CancellationToken cancellationToken = default
    )
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.HasJsonContentType())
        {
            return (
                null,
                AffiliateProblems.Problem(
                    StatusCodes.Status415UnsupportedMediaType,
                    AffiliateHttpErrorCodes.UnsupportedMediaType,
                    "Send the body as application/json."
                )
            );
        }

        var body = await BodyBytes.ReadAsync(request, maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return (null, TooLarge(maxBytes));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Strict);
            return value is null ? (null, AffiliateProblems.Invalid("The body is empty or null.")) : (value, null);
        }
        catch (JsonException e)
        {
            var where = string.IsNullOrEmpty(e.Path) ? "" : " at " + e.Path;
            return (null, AffiliateProblems.Invalid("The body is not valid JSON for this endpoint" + where + "."));
        }
    }

    /// <summary>The 413 answer for a body over <paramref name="maxBytes"/>.</summary>
    public static IResult TooLarge(int maxBytes) =>
        AffiliateProblems.Problem(
            StatusCodes.Status413PayloadTooLarge,
            AffiliateHttpErrorCodes.PayloadTooLarge,
            $"The body is larger than {maxBytes} bytes."
        );

    private static JsonSerializerOptions CreateStrict()
    {
        var options = new JsonSerializerOptions(AffiliateJson.Options)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>Reads a request body into memory with a hard bound, for JSON endpoints and signature checks.</summary>
public static class BodyBytes
{
    /// <summary>
    /// The body's bytes, or null when it is longer than <paramref name="maxBytes"/> (declared or actual). Webhook
    /// signatures are computed over exactly these bytes.
    /// </summary>
    public static async ValueTask<byte[]?> ReadAsync(
        HttpRequest request,
        int maxBytes,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
