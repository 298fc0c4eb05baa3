using System.Net;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Privacy;

/// <summary>Anonymising and hashing visitors' IP addresses.</summary>
public sealed class IpAddressAnonymizerTests
{
    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static readonly IpAddressAnonymizer Anonymizer = new(Key);

    private static IPAddress Ip(string text) => IPAddress.Parse(text);

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.0")]
    [InlineData("203.0.113.0", "203.0.113.0")]
    [InlineData("255.255.255.255", "255.255.255.0")]
    [InlineData("10.1.2.3", "10.1.2.0")]
    public void IPv4_keeps_the_first_three_octets(string address, string expected) =>
        Assert.Equal(expected, Anonymizer.Anonymize(Ip(address)));

    [Theory]
    [InlineData("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::")]
    [InlineData("2001:db8:85a3:ffff:ffff:ffff:ffff:ffff", "2001:db8:85a3::")]
    [InlineData("2001:0db8:ab12:cd34::1", "2001:db8:ab12::")]
    [InlineData("::1", "::")]
    [InlineData("fe80::1%3", "fe80::")]
    public void IPv6_keeps_the_first_48_bits(string address, string expected) =>
        Assert.Equal(expected, Anonymizer.Anonymize(Ip(address)));

    [Fact]
    public void An_IPv4_mapped_IPv6_address_is_anonymised_as_IPv4() =>
        Assert.Equal("203.0.113.0", Anonymizer.Anonymize(Ip("::ffff:203.0.113.7")));

    [Fact]
    public void The_hash_is_32_lower_case_hex_digits_of_an_hmac_sha256_of_the_address_bytes()
    {
        // Reference values from Python: hmac.new(bytes(range(32)), address_bytes, hashlib.sha256).hexdigest()[:32]
        Assert.Equal("cf55c2dc8920ee34efc8bcd4966bcfe2", Anonymizer.Hash(Ip("203.0.113.7")));
        Assert.Equal("df134d4f4e188c9f97906d62fb0fc7f4", Anonymizer.Hash(Ip("2001:db8::1")));
    }

    [Fact]
    public void Equal_addresses_hash_equal_and_different_ones_differ()
    {
        Assert.Equal(Anonymizer.Hash(Ip("203.0.113.7")), Anonymizer.Hash(Ip("203.0.113.7")));
        Assert.Equal(Anonymizer.Hash(Ip("2001:db8::1")), Anonymizer.Hash(Ip("2001:0db8:0:0::0001")));
        Assert.NotEqual(Anonymizer.Hash(Ip("203.0.113.7")), Anonymizer.Hash(Ip("203.0.113.8")));

        // Two addresses that anonymise alike still hash apart: the hash is of the full address.
        Assert.Equal(Anonymizer.Anonymize(Ip("203.0.113.7")), Anonymizer.Anonymize(Ip("203.0.113.8")));
    }

    [Fact]
    public void Another_key_gives_another_hash()
    {
        var other = new IpAddressAnonymizer(Enumerable.Repeat((byte)7, 32).ToArray());

        Assert.NotEqual(Anonymizer.Hash(Ip("203.0.113.7")), other.Hash(Ip("203.0.113.7")));
    }

    [Fact]
    public void An_IPv4_mapped_IPv6_address_hashes_as_its_IPv4_address() =>
        Assert.Equal(Anonymizer.Hash(Ip("203.0.113.7")), Anonymizer.Hash(Ip("::ffff:203.0.113.7")));

    [Fact]
    public void The_key_is_copied_so_changing_the_callers_array_changes_nothing()
    {
        var key = Enumerable.Range(0, 16).Select(i => (byte)i).ToArray();
        var anonymizer = new IpAddressAnonymizer(key);
        var before = anonymizer.Hash(Ip("203.0.113.7"));

        Array.Clear(key);

        Assert.Equal(before, anonymizer.Hash(Ip("203.0.113.7")));
    }

    [Fact]
    public void A_key_shorter_than_16_bytes_is_rejected_naming_the_option_to_set()
    {
        var error = Assert.Throws<ArgumentException>(() => new IpAddressAnonymizer(new byte[15]));

        Assert.Contains("AffiliateOptions.IpHashKey", error.Message, StringComparison.Ordinal);
        Assert.Contains("16 bytes", error.Message, StringComparison.Ordinal);
        Assert.Equal("key", error.ParamName);
        Assert.Throws<ArgumentNullException>(() => new IpAddressAnonymizer(null!));
        Assert.NotNull(new IpAddressAnonymizer(new byte[16]).Hash(Ip("203.0.113.7")));
    }

    [Fact]
    public void A_null_address_is_a_mistake()
    {
        Assert.Throws<ArgumentNullException>(() => Anonymizer.Anonymize(null!));
        Assert.Throws<ArgumentNullException>(() => Anonymizer.Hash(null!));
    }

    [Fact]
    public void Hashing_from_many_threads_at_once_gives_the_same_answer()
    {
        var expected = Anonymizer.Hash(Ip("198.51.100.23"));
        var hashes = new string[1_000];

        Parallel.For(0, hashes.Length, i => hashes[i] = Anonymizer.Hash(Ip("198.51.100.23")));

        Assert.All(hashes, h => Assert.Equal(expected, h));
    }

    [Theory]
    [InlineData("203.0.113.7", "203.0.113.7")]
    [InlineData("  203.0.113.7\t", "203.0.113.7")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("2001:0DB8:0000::0001", "2001:db8::1")]
    [InlineData("::ffff:203.0.113.7", "::ffff:203.0.113.7")]
    [InlineData("fe80::1%3", "fe80::1%3")]
    public void TryParse_accepts_standard_addresses(string text, string expected)
    {
        Assert.True(IpAddressAnonymizer.TryParse(text, out var address));
        Assert.Equal(expected, address.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("not an address")]
    [InlineData("127.1")]
    [InlineData("1.2.3")]
    [InlineData("1.2.3.4.5")]
    [InlineData("256.1.1.1")]
    [InlineData("010.0.0.1")]
    [InlineData("0x7f.0.0.1")]
    [InlineData("2130706433")]
    [InlineData("1.2.3.-4")]
    [InlineData("1.2.3.4:80")]
    [InlineData("2001:db8::g")]
    [InlineData("2001:db8:::1")]
    public void TryParse_rejects_anything_else(string? text)
    {
        Assert.False(IpAddressAnonymizer.TryParse(text, out var address));
        Assert.Null(address);
    }

    private static Arbitrary<byte[]> IPv4Bytes { get; } =
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 4).ToArbitrary();

    [Fact]
    public void IPv4_Anonymisation_And_Hashing_Meet_Specification() =>
        Property.Check(Prop.ForAll(IPv4Bytes, IPv4Bytes, (a, b) =>
            {
                var first = new IPAddress(a);
                var second = new IPAddress(b);

                Assert.Equal($"{a[0]}.{a[1]}.{a[2]}.0", Anonymizer.Anonymize(first));
                Assert.Equal(Anonymizer.Hash(first), Anonymizer.Hash(first.MapToIPv6()));
                Assert.True(IpAddressAnonymizer.TryParse(first.ToString(), out var parsed) && parsed.Equals(first));
                Assert.Equal(a.SequenceEqual(b), Anonymizer.Hash(first) == Anonymizer.Hash(second));
            }));
}
