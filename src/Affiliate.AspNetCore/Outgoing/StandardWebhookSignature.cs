using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Affiliate.AspNetCore;

/// <summary>
/// Signs and verifies webhooks per the Standard Webhooks convention (standardwebhooks.com): the headers
/// <c>webhook-id</c>, <c>webhook-timestamp</c> (unix seconds) and <c>webhook-signature</c>, whose value is
/// <c>v1,</c> and the base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c> keyed with the base64-decoded secret
/// (<c>whsec_...</c>). The library signs what it sends with it; a host checks what it receives with
/// <see cref="Verify"/>.
/// </summary>
public static class StandardWebhookSignature
{
    /// <summary>The header with the message id, the same on every retry of one message.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The header with the unix time in seconds the message was signed at.</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The header with the space-separated signatures, each <c>v1,</c> and base64.</summary>
    public const string SignatureHeader = "webhook-signature";

    /// <summary>The prefix of a secret in its usual written form.</summary>
    public const string SecretPrefix = "whsec_";

    /// <summary>The tolerance <see cref="Verify"/> allows by default between timestamp and now: five minutes.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    private const string Version = "v1,";

    /// <summary>
    /// The key of a secret: <c>whsec_</c> (optional) followed by base64 of 24 to 64 bytes; false for anything else.
    /// </summary>
    public static bool TryDecodeSecret(string? secret, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        if (string.IsNullOrEmpty(secret))
        {
            return false;
        }

        var encoded = secret.StartsWith(SecretPrefix, StringComparison.Ordinal)
            ? secret[SecretPrefix.Length..]
            : secret;
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64String(encoded, buffer, out var written) || written is < 24 or > 64)
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }

    /// <summary>The <c>webhook-signature</c> value (<c>v1,</c> and base64) of a message.</summary>
    /// <exception cref="ArgumentException">The secret is not <c>whsec_</c> and base64 of 24 to 64 bytes.</exception>
    public static string Sign(string secret, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!TryDecodeSecret(secret, out var key))
        {
            throw new ArgumentException("The secret must be 'whsec_' and base64 of 24 to 64 bytes.", nameof(secret));
        }

        return Version + Convert.ToBase64String(Mac(key, id, timestamp.ToString(CultureInfo.InvariantCulture), body));
    }

    /// <summary>
    /// True when the headers' values sign the body with the secret and the timestamp is within
    /// <paramref name="tolerance"/> (five minutes by default) of <paramref name="now"/>; false for anything else (a
    /// missing header, a malformed secret or timestamp, a stale or future timestamp, no matching signature). Any one
    /// of several space-separated signatures may match (a sender rotating its secret signs with both).
    /// </summary>
    public static bool Verify(
        string secret,
        string? id,
        string? timestamp,
        string? signature,
        ReadOnlySpan<byte> body,
        DateTimeOffset now,
        TimeSpan? tolerance = null
    )
    {
        if (
            string.IsNullOrEmpty(id)
            || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || !TryDecodeSecret(secret, out var key)
        )
        {
            return false;
        }

        var allowed = (long)(tolerance ?? DefaultTolerance).TotalSeconds;
        if (Math.Abs(now.ToUnixTimeSeconds() - seconds) > allowed)
        {
            return false;
        }

        var expected = Mac(key, id, timestamp!, body);
        var candidate = new byte[expected.Length];
        foreach (var part in signature.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (
                part.StartsWith(Version, StringComparison.Ordinal)
                && Convert.TryFromBase64String(part[Version.Length..], candidate, out var written)
                && written == expected.Length
                && CryptographicOperations.FixedTimeEquals(candidate, expected)
            )
            {
                return true;
            }
        }

        return false;
    }

    private static byte[] Mac(byte[] key, string id, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(id + "." + timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return HMACSHA256.HashData(key, signed);
    }
}
