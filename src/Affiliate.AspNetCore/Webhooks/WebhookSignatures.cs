using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Affiliate.AspNetCore;

/// <summary>What checking a webhook signature found.</summary>
public enum SignatureCheck
{
    /// <summary>The signature matches the body under one of the secrets, and its timestamp is recent.</summary>
    Valid = 0,

    /// <summary>Missing, malformed, or matching under no secret.</summary>
    Invalid = 1,

    /// <summary>It matches, but its timestamp is outside the tolerance: a replay, or a wrong clock.</summary>
    Stale = 2,
}

/// <summary>
/// The vendors' webhook signature schemes, as pure functions over the raw body: Stripe's (and the postback's)
/// <c>t=..,v1=..</c> HMAC-SHA256 hex over <c>{t}.{body}</c> with a timestamp tolerance, and Shopify's and
/// WooCommerce's base64 HMAC-SHA256 of the body. Every comparison is constant-time; several secrets are tried (for
/// rotation); a signature never throws, whatever the header holds.
/// </summary>
public static class WebhookSignatures
{
    // Instants NodaTime can represent, in Unix seconds: a timestamp outside them is malformed, not an overflow.
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <summary>
    /// Checks a <c>t=..,v1=..</c> header (Stripe-Signature, X-Affiliate-Signature): any <c>v1</c> may match under
    /// any secret; other schemes (<c>v0</c>) are ignored. A matching signature older or newer than
    /// <paramref name="tolerance"/> against <paramref name="now"/> is <see cref="SignatureCheck.Stale"/>.
    /// </summary>
    public static SignatureCheck VerifyTimestamped(
        string? header,
        ReadOnlySpan<byte> body,
        IEnumerable<string> secrets,
        Instant now,
        Duration tolerance
    )
    {
        ArgumentNullException.ThrowIfNull(secrets);
        if (!TryParseTimestamped(header, out var timestamp, out var signatures) || signatures.Count == 0)
        {
            return SignatureCheck.Invalid;
        }

        var matched = false;
        foreach (var secret in secrets)
        {
            var expected = TimestampedHmac(secret, timestamp, body);
            matched |= signatures.Any(s => CryptographicOperations.FixedTimeEquals(s, expected));
        }

        if (!matched)
        {
            return SignatureCheck.Invalid;
        }

        var age = now - Instant.FromUnixTimeSeconds(timestamp);
        return age > tolerance || age < -tolerance ? SignatureCheck.Stale : SignatureCheck.Valid;
    }

    /// <summary>
    /// Checks a base64 HMAC-SHA256 of the body (X-Shopify-Hmac-SHA256, X-WC-Webhook-Signature) under any secret.
    /// </summary>
    public static SignatureCheck VerifyBase64(string? header, ReadOnlySpan<byte> body, IEnumerable<string> secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var given = new byte[32];
        if (
            string.IsNullOrWhiteSpace(header)
            || !Convert.TryFromBase64String(header.Trim(), given, out var written)
            || written != given.Length
        )
        {
            return SignatureCheck.Invalid;
        }

        var matched = false;
        foreach (var secret in secrets)
        {
            matched |= CryptographicOperations.FixedTimeEquals(
                given,
                HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body)
            );
        }

        return matched ? SignatureCheck.Valid : SignatureCheck.Invalid;
    }

    /// <summary>The <c>t=..,v1=..</c> header for a body, as Stripe and a postback sender make it.</summary>
    public static string SignTimestamped(string secret, long unixSeconds, ReadOnlySpan<byte> body) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"t={unixSeconds},v1={Convert.ToHexStringLower(TimestampedHmac(secret, unixSeconds, body))}"
        );

    /// <summary>The base64 HMAC-SHA256 of a body, as Shopify and WooCommerce send it.</summary>
    public static string SignBase64(string secret, ReadOnlySpan<byte> body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    private static byte[] TimestampedHmac(string secret, long unixSeconds, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var prefix = Encoding.ASCII.GetBytes(unixSeconds.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        return hmac.GetHashAndReset();
    }

    private static bool TryParseTimestamped(string? header, out long timestamp, out List<byte[]> signatures)
    {
        timestamp = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header) || header.Length > 4096)
        {
            return false;
        }

        var haveTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var (key, value) = (part[..equals], part[(equals + 1)..]);
            if (key == "t")
            {
                haveTimestamp =
                    long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp)
                    && timestamp is >= MinUnixSeconds and <= MaxUnixSeconds;
                if (!haveTimestamp)
                {
                    return false;
                }
            }
            else if (key == "v1" && value.Length == 64)
            {
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // Not hex: not a signature; the others may still match.
                }
            }
        }

        return haveTimestamp;
    }
}
