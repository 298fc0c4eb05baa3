using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Affiliate;

/// <summary>
/// Turns a <see cref="ListPosition"/> into an opaque cursor and back. A cursor is base64url of the position and an
/// HMAC-SHA256 tag over the position and the list's scope (the list's name and every filter), so a client can hold it
/// but not forge, edit or reuse it: an edited byte, a cursor of another list, partner or filter, one signed with
/// another key, or any other text is refused (<see cref="TryUnprotect"/> returns false, never throws).
/// </summary>
/// <remarks>
/// <para>
/// Layout: a format byte, the instant as 8 bytes of Unix ticks, the id's UTF-8 bytes, then the first 16 bytes of the
/// tag (128 bits: forging one takes 2^128 tries on average). The position is readable by whoever holds the cursor
/// (an id and an instant of a row they were shown); it is protected against change, not hidden.
/// </para>
/// <para>
/// The key is <see cref="AffiliateOptions.CursorKey"/>, else one derived from <see cref="AffiliateOptions.IpHashKey"/>
/// (HKDF-SHA256, so the IP hash key cannot be recovered from it), else a random key made when the protector is
/// created: cursors then work only within that process and stop working on a restart or on another instance.
/// </para>
/// <para>Immutable and thread-safe; registered as a singleton by <c>AddAffiliates</c>.</para>
/// </remarks>
public sealed class CursorProtector
{
    /// <summary>The shortest key accepted: 128 bits.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>Longer texts are refused undecoded; real ones (ids of at most 128 characters) are shorter.</summary>
    private const int MaxCursorLength = 1024;

    private const byte Format = 1;
    private const int TicksLength = sizeof(long);
    private const int TagLength = 16;
    private const int KeyLength = 32;

    private static readonly byte[] DerivationLabel = "Affiliate.Stores.CursorProtector/1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(
        encoderShouldEmitUTF8Identifier: false,
        throwOnInvalidBytes: true
    );

    private readonly byte[] _key;

    /// <summary>Creates a protector with a secret key.</summary>
    /// <param name="key">A random secret of <see cref="MinimumKeyLength"/> bytes or more (32 advised); copied.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is shorter than <see cref="MinimumKeyLength"/> bytes.</exception>
    public CursorProtector(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException(
                $"A cursor key has at least {MinimumKeyLength} bytes; got {key.Length}. Set "
                    + "AffiliateOptions.CursorKey to a random secret of 32 bytes in base64, the same on every "
                    + "instance.",
                nameof(key)
            );
        }

        // A copy, so a caller who reuses or clears the array cannot change the tags under concurrent readers.
        _key = (byte[])key.Clone();
    }

    /// <summary>
    /// The protector the options ask for: <see cref="AffiliateOptions.CursorKey"/>, else a key derived from
    /// <see cref="AffiliateOptions.IpHashKey"/>, else a random key for this process only.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><see cref="AffiliateOptions.CursorKey"/> is set but too short.</exception>
    public static CursorProtector FromOptions(AffiliateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.CursorKeyBytes() is { } key)
        {
            return new CursorProtector(key);
        }

        var ipHashKey = options.IpHashKeyBytes();
        if (ipHashKey.Length >= MinimumKeyLength)
        {
            // A key of its own for cursors: a cursor tag then says nothing about the key IPs are hashed with.
            var derived = HKDF.DeriveKey(HashAlgorithmName.SHA256, ipHashKey, KeyLength, [], DerivationLabel);
            return new CursorProtector(derived);
        }

        return new CursorProtector(RandomNumberGenerator.GetBytes(KeyLength));
    }

    /// <summary>A cursor for a position in the list that <paramref name="scope"/> describes.</summary>
    /// <param name="position">The position of the last item of a page.</param>
    /// <param name="scope">The list's name and filters, in a form that differs whenever they differ.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scope"/> or the position's id is null.</exception>
    public string Protect(ListPosition position, string scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(position.Id);
        var id = Encoding.UTF8.GetBytes(position.Id);
        var payload = new byte[1 + TicksLength + id.Length + TagLength];
        payload[0] = Format;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), position.At.ToUnixTimeTicks());
        id.CopyTo(payload.AsSpan(1 + TicksLength));
        var body = payload.AsSpan(0, payload.Length - TagLength);
        Tag(body, id.Length, scope).AsSpan(0, TagLength).CopyTo(payload.AsSpan(body.Length));
        return Base64Url.EncodeToString(payload);
    }

    /// <summary>
    /// Reads a cursor made by <see cref="Protect"/> with the same key and scope. False for anything else (null, empty,
    /// not base64url, too short or long, an unknown format, a tag that does not match); never throws.
    /// </summary>
    /// <param name="cursor">The cursor a client sent back.</param>
    /// <param name="scope">The scope of the list being read now.</param>
    /// <param name="position">The position, when the cursor is valid.</param>
    public bool TryUnprotect(string? cursor, string scope, out ListPosition position)
    {
        ArgumentNullException.ThrowIfNull(scope);
        position = default;
        if (string.IsNullOrEmpty(cursor) || cursor.Length > MaxCursorLength)
        {
            return false;
        }

        // The OperationStatus overload: TryDecodeFromChars throws on characters outside the alphabet.
        var payload = new byte[Base64Url.GetMaxDecodedLength(cursor.Length)];
        if (
            Base64Url.DecodeFromChars(cursor, payload, out _, out var length) != OperationStatus.Done
            || length < 1 + TicksLength + 1 + TagLength
            || payload[0] != Format
        )
        {
            return false;
        }

        var body = payload.AsSpan(0, length - TagLength);
        var idLength = body.Length - 1 - TicksLength;
        var expected = Tag(body, idLength, scope);
        var tag = payload.AsSpan(body.Length, TagLength);
        if (!CryptographicOperations.FixedTimeEquals(expected.AsSpan(0, TagLength), tag))
        {
            return false;
        }

        // The tag matched, so these are bytes this protector wrote; decoding them strictly still costs nothing.
        string id;
        try
        {
            id = StrictUtf8.GetString(body[(1 + TicksLength)..]);
        }
        catch (DecoderFallbackException)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(body.Slice(1, TicksLength));
        if (ticks < Instant.MinValue.ToUnixTimeTicks() || ticks > Instant.MaxValue.ToUnixTimeTicks())
        {
            return false;
        }

        position = new ListPosition(Instant.FromUnixTimeTicks(ticks), id);
        return true;
    }

    /// <summary>
    /// HMAC-SHA256 over the format, the instant, the id's length and bytes, then the scope: the length keeps the id
    /// and the scope apart, so no cursor can be read as another id under another scope.
    /// </summary>
    private byte[] Tag(ReadOnlySpan<byte> body, int idLength, string scope)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, _key);
        Span<byte> length = stackalloc byte[sizeof(int)];
        hmac.AppendData(body[..(1 + TicksLength)]);
        BinaryPrimitives.WriteInt32BigEndian(length, idLength);
        hmac.AppendData(length);
        hmac.AppendData(body[(1 + TicksLength)..]);
        hmac.AppendData(Encoding.UTF8.GetBytes(scope));
        return hmac.GetHashAndReset();
    }
}
