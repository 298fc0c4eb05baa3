using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Affiliate;

/// <summary>
/// The facts of a commission line that never change once it is written, as a ledger seal covers them
/// (<see cref="LedgerChain"/>). Plain text and numbers, as stored, so that a line edited into an impossible id or
/// currency can still be read and named.
/// </summary>
/// <param name="Id">The line's id.</param>
/// <param name="ProgramId">Its program.</param>
/// <param name="PartnerId">Its partner.</param>
/// <param name="ConversionId">The conversion it comes from, if any.</param>
/// <param name="Kind">Its <see cref="LedgerEntryKind"/> as a number.</param>
/// <param name="Level">1 for the seller, 2 for the sponsor...</param>
/// <param name="AmountMinor">The amount in minor units (cents).</param>
/// <param name="Currency">The currency's code.</param>
/// <param name="CurrencyDigits">The currency's minor unit digits (2 for EUR).</param>
/// <param name="CreatedAtTicks">When it was written, in 100 ns ticks since the Unix epoch.</param>
/// <param name="ReversesLineId">For reversal and clawback lines: the line they reverse.</param>
/// <param name="RefundId">
/// The line's refund id. Sealed only on lines that reverse another (written with them); a line that a refund reverses
/// outright gets the refund's id later, so on other lines it is left out of the hash.
/// </param>
/// <param name="AdjustmentId">For manual adjustments: the caller's id.</param>
/// <param name="AdjustmentKind">For manual adjustments: its <see cref="Affiliate.AdjustmentKind"/> as a number.</param>
/// <param name="PlanId">The plan that priced the line.</param>
/// <param name="PlanVersion">The plan version.</param>
/// <param name="Explanation">The sentence that explains the line.</param>
public sealed record LedgerLineFacts(
    string Id,
    string ProgramId,
    string PartnerId,
    string? ConversionId,
    int Kind,
    int Level,
    long AmountMinor,
    string Currency,
    int CurrencyDigits,
    long CreatedAtTicks,
    string? ReversesLineId,
    string? RefundId,
    string? AdjustmentId,
    int? AdjustmentKind,
    string? PlanId,
    int? PlanVersion,
    string Explanation
)
{
    /// <summary>The sealed facts of a line.</summary>
    public static LedgerLineFacts From(CommissionLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var digits = line.Amount.Currency.MinorUnits;
        var scale = 1m;
        for (var i = 0; i < digits; i++)
        {
            scale *= 10m;
        }

        return new(
            line.Id.Value,
            line.ProgramId.Value,
            line.PartnerId.Value,
            line.ConversionId?.Value,
            (int)line.Kind,
            line.Level,
            decimal.ToInt64(decimal.Round(line.Amount.Amount * scale, 0, MidpointRounding.AwayFromZero)),
            line.Amount.Currency.Code,
            digits,
            line.CreatedAt.ToUnixTimeTicks(),
            line.ReversesLineId?.Value,
            line.RefundId,
            line.AdjustmentId,
            (int?)line.AdjustmentKind,
            line.PlanId?.Value,
            line.PlanVersion,
            line.Explanation
        );
    }
}

/// <summary>
/// A link of a partner's ledger chain: the line at <paramref name="Position"/> (1, 2, ... per partner) and the hash
/// that seals it (<see cref="LedgerChain.Link"/> over the previous link's hash and the line's facts).
/// </summary>
/// <param name="LineId">The sealed line.</param>
/// <param name="PartnerId">The partner whose chain it is in.</param>
/// <param name="Position">Its place in the chain, from 1 without gaps.</param>
/// <param name="Hash">SHA-256 as 64 lowercase hexadecimal digits.</param>
public sealed record LedgerSeal(string LineId, string PartnerId, long Position, string Hash);

/// <summary>A seal with its line as stored now (null when the line is gone).</summary>
/// <param name="Seal">The seal.</param>
/// <param name="Line">The sealed facts of the line as stored now, or null.</param>
public sealed record SealedLine(LedgerSeal Seal, LedgerLineFacts? Line);

/// <summary>
/// The hash chain of a partner's ledger lines: how a line is written down (its canonical form) and how each link's
/// hash follows from the previous one, so that another implementation can verify a chain.
/// </summary>
/// <remarks>
/// <para><b>Canonical form, version 1.</b> One byte <c>0x01</c>, then 17 fields in this order, each written as its
/// length in bytes (a signed 32-bit big-endian integer) followed by its UTF-8 bytes; an absent value is the length
/// -1 (<c>FF FF FF FF</c>) and no bytes. Numbers are written as invariant decimal text (<c>-1250</c>), instants as
/// 100 ns ticks since 1970-01-01T00:00:00Z (<c>17670000000000000</c>). The fields: line id, program id, partner id,
/// conversion id, kind (the number of <see cref="LedgerEntryKind"/>), level, amount in minor units, currency code,
/// currency digits, created at, reverses-line id, refund id (absent unless the reverses-line id is present),
/// adjustment id, adjustment kind (the number of <see cref="AdjustmentKind"/>), plan id, plan version, explanation.
/// </para>
/// <para><b>Links.</b> The hash of the line at position n is SHA-256 over the 32 bytes of the hash at position n-1
/// followed by the line's canonical form; the line at position 1 follows 32 zero bytes.</para>
/// <para><b>Not sealed:</b> a line's state, approval, payment, payout, reason, fraud codes, details and report
/// placement change legitimately as the line moves (payouts are checked against their lines elsewhere).</para>
/// </remarks>
public static class LedgerChain
{
    /// <summary>The version of the canonical form this class writes (the first byte).</summary>
    public const byte FormVersion = 1;

    /// <summary>The hash before the first link: 32 zero bytes, as hexadecimal.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The canonical form (version 1) of a line's sealed facts.</summary>
    public static byte[] Canonical(LedgerLineFacts line)
    {
        ArgumentNullException.ThrowIfNull(line);
        string? Number(long? value) => value?.ToString(CultureInfo.InvariantCulture);
        string?[] fields =
        [
            line.Id,
            line.ProgramId,
            line.PartnerId,
            line.ConversionId,
            Number(line.Kind),
            Number(line.Level),
            Number(line.AmountMinor),
            line.Currency,
            Number(line.CurrencyDigits),
            Number(line.CreatedAtTicks),
            line.ReversesLineId,
            line.ReversesLineId is null ? null : line.RefundId,
            line.AdjustmentId,
            Number(line.AdjustmentKind),
            line.PlanId,
            Number(line.PlanVersion),
            line.Explanation,
        ];
        using var buffer = new MemoryStream();
        buffer.WriteByte(FormVersion);
        Span<byte> length = stackalloc byte[4];
        foreach (var field in fields)
        {
            var bytes = field is null ? null : Encoding.UTF8.GetBytes(field);
            BinaryPrimitives.WriteInt32BigEndian(length, bytes?.Length ?? -1);
            buffer.Write(length);
            if (bytes is not null)
            {
                buffer.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>
    /// The hash of a link: SHA-256 over the previous link's hash (<see cref="Genesis"/> for the first) and the line's
    /// canonical form, as 64 lowercase hexadecimal digits.
    /// </summary>
    /// <exception cref="FormatException"><paramref name="previousHash"/> is not 64 hexadecimal digits.</exception>
    public static string Link(string previousHash, LedgerLineFacts line)
    {
        ArgumentNullException.ThrowIfNull(previousHash);
        var previous =
            previousHash.Length == 64
                ? Convert.FromHexString(previousHash)
                : throw new FormatException("A link's hash is 64 hexadecimal digits.");
        var canonical = Canonical(line);
        var input = new byte[previous.Length + canonical.Length];
        previous.CopyTo(input, 0);
        canonical.CopyTo(input, previous.Length);
        return Convert.ToHexStringLower(SHA256.HashData(input));
    }
}
