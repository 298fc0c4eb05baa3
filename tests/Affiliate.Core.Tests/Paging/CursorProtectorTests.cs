using System.Buffers.Text;
using Affiliate.Stores;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Paging;

/// <summary>List cursors: opaque, bound to their list's filters and key, refused (never thrown on) otherwise.</summary>
public sealed class CursorProtectorTests
{
    private const string Scope = "conversions;program=8:prg-spec;status=1:2";

    private static readonly byte[] Key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();

    private static readonly CursorProtector Protector = new(Key);

    private static readonly ListPosition Position = new(
        Instant.FromUtc(2026, 3, 2, 9, 0) + Duration.FromTicks(7),
        "cnv-42"
    );

    public static TheoryData<string> Ids =>
        ["a", "cnv-1", "Anna Łukasiewicz ✓", "emoji-😀", new string('x', 128), "semi;colon=1:x"];

    [Theory]
    [MemberData(nameof(Ids))]
    public void A_cursor_gives_back_its_position_for_the_same_scope(string id)
    {
        var position = new ListPosition(Instant.FromUnixTimeTicks(638_000_000_000_000_123), id);

        var cursor = Protector.Protect(position, Scope);

        Assert.True(Protector.TryUnprotect(cursor, Scope, out var read));
        Assert.Equal(position, read);
        Assert.DoesNotContain(cursor, c => c is '+' or '/' or '=');
    }

    [Fact]
    public void Instants_at_both_ends_of_the_range_survive()
    {
        foreach (var at in new[] { Instant.MinValue, Instant.FromUnixTimeTicks(0), Instant.MaxValue })
        {
            var position = ListPosition.Of(at, "id");
            Assert.True(Protector.TryUnprotect(Protector.Protect(position, Scope), Scope, out var read));
            Assert.Equal(position, read);
        }
    }

    [Fact]
    public void Every_edited_byte_is_refused()
    {
        var bytes = Base64Url.DecodeFromChars(Protector.Protect(Position, Scope));

        for (var i = 0; i < bytes.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var edited = (byte[])bytes.Clone();
                edited[i] ^= (byte)(1 << bit);
                var cursor = Base64Url.EncodeToString(edited);
                Assert.False(Protector.TryUnprotect(cursor, Scope, out _), $"byte {i} bit {bit}");
            }
        }
    }

    [Fact]
    public void A_cursor_cut_short_or_lengthened_is_refused()
    {
        var bytes = Base64Url.DecodeFromChars(Protector.Protect(Position, Scope));

        for (var length = 0; length < bytes.Length; length++)
        {
            Assert.False(Protector.TryUnprotect(Base64Url.EncodeToString(bytes.AsSpan(0, length)), Scope, out _));
        }

        Assert.False(Protector.TryUnprotect(Base64Url.EncodeToString([.. bytes, 0]), Scope, out _));
        Assert.False(Protector.TryUnprotect(Base64Url.EncodeToString([0, .. bytes]), Scope, out _));
    }

    [Fact]
    public void A_cursor_for_another_scope_or_signed_with_another_key_is_refused()
    {
        var cursor = Protector.Protect(Position, Scope);
        var otherKey = new CursorProtector(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

        Assert.False(Protector.TryUnprotect(cursor, Scope + ";partner=4:anna", out _));
        var otherStatus = Scope.Replace("status=1:2", "status=1:3", StringComparison.Ordinal);
        Assert.False(Protector.TryUnprotect(cursor, otherStatus, out _));
        Assert.False(Protector.TryUnprotect(cursor, "payouts;program=8:prg-spec;status=1:2", out _));
        Assert.False(Protector.TryUnprotect(cursor, string.Empty, out _));
        Assert.False(otherKey.TryUnprotect(cursor, Scope, out _));
    }

    [Fact]
    public void The_id_and_the_scope_cannot_trade_bytes()
    {
        // With the id "ab" and the scope "c", a naive MAC over id + scope would fit the id "a" with the scope "bc".
        var cursor = Protector.Protect(new ListPosition(Position.At, "ab"), "c");
        var bytes = Base64Url.DecodeFromChars(cursor);
        var shorter = bytes.Where((_, i) => i != 1 + 8 + 1).ToArray(); // drop the id's 'b'

        Assert.False(Protector.TryUnprotect(Base64Url.EncodeToString(shorter), "bc", out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("not a cursor")]
    [InlineData("AQAAAAAAAAAA")]
    [InlineData("AQAAAAAAAAAAYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo=")]
    [InlineData("%00%ff")]
    [InlineData("////////////////////////////////////////////")]
    public void Garbage_is_refused_without_an_exception(string? cursor) =>
        Assert.False(Protector.TryUnprotect(cursor, Scope, out _));

    [Fact]
    public void A_huge_text_is_refused_without_decoding_it() =>
        Assert.False(Protector.TryUnprotect(new string('A', 1_000_000), Scope, out _));

    [Fact]
    public void Any_text_is_refused_and_nothing_throws() =>
        Property.Check(
            Prop.ForAll(ArbMap.Default.ArbFor<string>(), text => !Protector.TryUnprotect(text, Scope, out _))
        );

    [Fact]
    public void Any_byte_string_is_refused_and_nothing_throws() =>
        Property.Check(
            Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
                !Protector.TryUnprotect(Base64Url.EncodeToString(bytes), Scope, out _)
            )
        );

    [Fact]
    public void A_key_shorter_than_16_bytes_or_none_is_misuse()
    {
        Assert.Throws<ArgumentNullException>(() => new CursorProtector(null!));
        var error = Assert.Throws<ArgumentException>(() => new CursorProtector(new byte[15]));
        Assert.Contains("AffiliateOptions.CursorKey", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => Protector.Protect(Position, null!));
        Assert.Throws<ArgumentNullException>(() => Protector.TryUnprotect("x", null!, out _));
    }

    [Fact]
    public void Instances_with_the_same_cursor_key_read_each_others_cursors()
    {
        var options = new AffiliateOptions
        {
            CursorKey = Convert.ToBase64String(Key),
            IpHashKey = "ip-hash-key-0123456789abcdef",
        };
        var cursor = CursorProtector.FromOptions(options).Protect(Position, Scope);

        Assert.True(CursorProtector.FromOptions(options).TryUnprotect(cursor, Scope, out var read));
        Assert.Equal(Position, read);
        Assert.True(Protector.TryUnprotect(cursor, Scope, out _)); // the base64 key decodes to Key
    }

    [Fact]
    public void Without_a_cursor_key_one_is_derived_from_the_ip_hash_key_and_differs_from_it()
    {
        var options = new AffiliateOptions { IpHashKey = Convert.ToBase64String(Key) };
        var cursor = CursorProtector.FromOptions(options).Protect(Position, Scope);

        Assert.True(CursorProtector.FromOptions(options).TryUnprotect(cursor, Scope, out _));
        Assert.False(Protector.TryUnprotect(cursor, Scope, out _)); // not the IP hash key itself
        var otherIpKey = new AffiliateOptions { IpHashKey = Convert.ToBase64String(Key.Reverse().ToArray()) };
        Assert.False(CursorProtector.FromOptions(otherIpKey).TryUnprotect(cursor, Scope, out _));
    }

    [Fact]
    public void Without_any_key_cursors_hold_only_within_one_protector()
    {
        var options = new AffiliateOptions();
        var protector = CursorProtector.FromOptions(options);
        var cursor = protector.Protect(Position, Scope);

        Assert.True(protector.TryUnprotect(cursor, Scope, out _));
        Assert.False(CursorProtector.FromOptions(options).TryUnprotect(cursor, Scope, out _));
    }

    [Fact]
    public void A_cursor_key_shorter_than_16_bytes_is_an_option_problem()
    {
        var options = new AffiliateOptions { CursorKey = "too-short", IpHashKey = "ip-hash-key-0123456789abcdef" };

        Assert.Contains(options.Validate(), p => p.Contains("AffiliateOptions.CursorKey", StringComparison.Ordinal));
        Assert.DoesNotContain(
            new AffiliateOptions { CursorKey = null, IpHashKey = "ip-hash-key-0123456789abcdef" }.Validate(),
            p => p.Contains("CursorKey", StringComparison.Ordinal)
        );
    }
}
