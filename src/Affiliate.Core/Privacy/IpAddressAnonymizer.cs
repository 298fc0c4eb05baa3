using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Affiliate;

/// <summary>
/// Turns a visitor's IP address into what the library may keep: an anonymised address (the last IPv4 octet, or the
/// last 80 bits of IPv6, zeroed) for reports and country look-ups, and a keyed hash of the full address so velocity
/// and self-referral rules can tell equal addresses apart without storing them.
/// </summary>
/// <remarks>
/// IPv4-mapped IPv6 addresses (<c>::ffff:203.0.113.7</c>) are treated as the IPv4 address they carry, so a dual-stack
/// server gives the same results as an IPv4 one. Without the key the hash cannot be reversed by trying all 2^32 IPv4
/// addresses, which a plain SHA-256 would allow. Immutable and thread-safe.
/// </remarks>
/// <example><code>
/// var ips = new IpAddressAnonymizer(options.IpHashKey);
/// var click = click with { AnonymizedIp = ips.Anonymize(remoteIp), IpHash = ips.Hash(remoteIp) };
/// </code></example>
public sealed class IpAddressAnonymizer
{
    /// <summary>The shortest key accepted: 128 bits, so the key cannot be guessed.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>How many bytes of the HMAC are kept: 128 bits, ample to keep addresses apart, half the text.</summary>
    private const int HashBytes = 16;

    /// <summary>IPv6 keeps its first 48 bits (the site prefix a provider routes), the rest identify a host.</summary>
    private const int KeptIPv6Bytes = 6;

    private readonly byte[] _key;

    /// <summary>Creates an anonymizer with the program's secret hash key.</summary>
    /// <param name="key">A random secret of at least <see cref="MinimumKeyLength"/> bytes (32 recommended); it is
    /// copied.</param> <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception> <exception
    /// cref="ArgumentException"><paramref name="key"/> is shorter than <see cref="MinimumKeyLength"/>
    /// bytes.</exception>
    public IpAddressAnonymizer(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException(
                $"The IP hash key must be at least {MinimumKeyLength} bytes; got {key.Length}. Set "
                    + "AffiliateOptions.IpHashKey to a random secret of 32 bytes (for example "
                    + "RandomNumberGenerator.GetBytes(32)), kept the same across restarts so hashes stay comparable.",
                nameof(key)
            );
        }

        // A copy, so a caller who reuses or clears the array cannot change the hashes under concurrent readers.
        _key = (byte[])key.Clone();
    }

    /// <summary>
    /// The address with its host part zeroed, as text: <c>203.0.113.0</c> for <c>203.0.113.7</c>,
    /// <c>2001:db8:85a3::</c> for <c>2001:db8:85a3:8d3:1319:8a2e:370:7348</c>. An IPv6 zone (scope id) is dropped.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="address"/> is neither IPv4 nor IPv6.</exception>
    [SuppressMessage(
        "Performance",
        "CA1822:Mark members as static",
        Justification = "Part of the instance API so hosts inject one IpAddressAnonymizer for both steps."
    )]
    public string Anonymize(IPAddress address)
    {
        var bytes = Normalize(address).GetAddressBytes();
        var kept = bytes.Length == 4 ? 3 : KeptIPv6Bytes;
        Array.Clear(bytes, kept, bytes.Length - kept);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>
    /// A keyed hash of the full address: the first 16 bytes of HMAC-SHA256(key, address bytes) as 32 lower-case hex
    /// digits. Equal for equal addresses under one key (an IPv4-mapped IPv6 address hashes as its IPv4 address), and
    /// different under another key.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="address"/> is neither IPv4 nor IPv6.</exception>
    public string Hash(IPAddress address)
    {
        Span<byte> data = stackalloc byte[16];
        if (!Normalize(address).TryWriteBytes(data, out var written))
        {
            throw new ArgumentException("The address does not fit in 16 bytes.", nameof(address));
        }

        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, data[..written], mac);
        return Convert.ToHexStringLower(mac[..HashBytes]);
    }

    /// <summary>
    /// Parses an address from text such as a header or a postback parameter. Surrounding white space is ignored.
    /// IPv4 must be four decimal numbers of 0-255 without leading zeros: the shorthand, octal and hexadecimal forms
    /// <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also accepts (<c>127.1</c>, <c>0x7f.0.0.1</c>,
    /// <c>010.0.0.1</c>) are rejected, because they are rarely meant and would hash as another address.
    /// IPv6 may have any standard form, with an IPv4 tail or a zone.
    /// </summary>
    /// <param name="text">The text to parse.</param>
    /// <param name="address">The address, or null when the text is not one.</param>
    /// <returns>True when <paramref name="text"/> is an IPv4 or IPv6 address.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (trimmed.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(trimmed, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                address = v6;
                return true;
            }

            return false;
        }

        if (!IsDottedQuad(trimmed) || !IPAddress.TryParse(trimmed, out var v4))
        {
            return false;
        }

        address = v4;
        return true;
    }

    internal static bool IsDottedQuad(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            if (
                part.Length is 0 or > 3
                || (part.Length > 1 && part[0] == '0')
                || !part.All(char.IsAsciiDigit)
                || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255
            )
            {
                return false;
            }
        }

        return true;
    }

    private static IPAddress Normalize(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => address,
            AddressFamily.InterNetworkV6 => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address,
            _ => throw new ArgumentException(
                $"Only IPv4 and IPv6 addresses can be anonymised; got {address.AddressFamily}.",
                nameof(address)
            ),
        };
    }
}
