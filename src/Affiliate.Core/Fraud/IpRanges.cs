using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Affiliate;

/// <summary>
/// Parses the CIDR ranges of <see cref="BlockedIpRangeOptions"/> strictly, with messages that say what to write.
/// </summary>
internal static class IpRanges
{
    public static bool TryParse(string? text, out IPNetwork network, [NotNullWhen(false)] out string? problem)
    {
        network = default;
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "is empty; remove it or write a range such as '203.0.113.0/24' or '2001:db8::/32'";
            return false;
        }

        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? trimmed : trimmed[..slash];
        if (!TryParseAddress(addressText, out var address))
        {
            problem = $"'{text}' is not an IP address or CIDR range; write it like '203.0.113.0/24' or '2001:db8::/32'";
            return false;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (
            slash >= 0
            && (
                !int.TryParse(trimmed.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
                || prefix > maxPrefix
            )
        )
        {
            problem = $"'{text}' needs a prefix length from 0 to {maxPrefix} after the '/'";
            return false;
        }

        var bytes = address.GetAddressBytes();
        var hostBitsSet = false;
        for (var bit = prefix; bit < bytes.Length * 8; bit++)
        {
            var mask = (byte)(0x80 >> (bit % 8));
            if ((bytes[bit / 8] & mask) != 0)
            {
                hostBitsSet = true;
                bytes[bit / 8] &= unchecked((byte)~mask);
            }
        }

        if (hostBitsSet)
        {
            var suggestion = string.Create(CultureInfo.InvariantCulture, $"{new IPAddress(bytes)}/{prefix}");
            problem =
                $"'{text}' has address bits set past the /{prefix} prefix; write '{suggestion}' (or /{maxPrefix} for "
                + "the single address)";
            return false;
        }

        network = new IPNetwork(address, prefix);
        problem = null;
        return true;
    }

    public static bool Contains(IPNetwork network, IPAddress address) =>
        network.Contains(address) || address.IsIPv4MappedToIPv6 && network.Contains(address.MapToIPv4());

    // IPAddress.TryParse also takes shorthand such as "10" or "10.1" and scoped IPv6 addresses; ranges in
    // configuration should be written out, so anything but four dotted IPv4 parts or a plain IPv6 address is refused.
    private static bool TryParseAddress(string text, [NotNullWhen(true)] out IPAddress? address)
    {
        address = null;
        if (text.Contains('%', StringComparison.Ordinal) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        // Four decimal parts without leading zeros: "010.0.0.0" would otherwise be read as octal (8.0.0.0).
        if (parsed.AddressFamily == AddressFamily.InterNetwork && !IpAddressAnonymizer.IsDottedQuad(text))
        {
            return false;
        }

        address = parsed;
        return parsed.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6;
    }
}
