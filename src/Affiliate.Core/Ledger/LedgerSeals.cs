using System.Globalization;
using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate;

/// <summary>
/// Tamper evidence for the ledger: seals commission lines into one hash chain per partner (<see cref="LedgerChain"/>)
/// and verifies a chain against the lines as stored now, naming the first broken link. Sealing runs off the write
/// path, in the <c>ledger-seal</c> job (<see cref="LedgerSealJob"/>): a line is sealed within one job interval of
/// being written, and lines not sealed yet are counted, not reported as broken.
/// </summary>
/// <remarks>
/// The chain makes an edit visible; it does not stop one. Whoever can rewrite both a line and every later seal of
/// the partner can hide the edit, unless the head's hash (<see cref="LedgerVerification.HeadHash"/>) was kept
/// somewhere else; verify and record it from time to time for that.
/// </remarks>
public sealed partial class LedgerSeals(ILedgerSealStore seals, IPartnerStore partners, ILogger<LedgerSeals> logger)
{
    /// <summary>How many seals verification reads at a time: memory stays bounded however long the chain.</summary>
    public const int VerifyPage = 1000;

    /// <summary>
    /// Seals every line not sealed yet, <paramref name="batchSize"/> at a time (one read of unsealed lines, one read
    /// of the chain heads of the partners in the batch and one multi-row write per batch), per partner in (created at,
    /// id) order. Running it again seals nothing new. A write refused because another instance sealed some of the
    /// same lines ends the call early (the next run goes on).
    /// </summary>
    /// <returns>How many lines it sealed, and whether it stopped because the store refused a batch.</returns>
    public async ValueTask<(int Sealed, bool Interrupted)> SealAsync(
        int batchSize,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var heads = new Dictionary<string, LedgerSeal>(StringComparer.Ordinal);
        var total = 0;
        while (true)
        {
            var lines = await seals.UnsealedLinesAsync(batchSize, cancellationToken).ConfigureAwait(false);
            if (lines.Count == 0)
            {
                return (total, false);
            }

            var unknown = lines
                .Select(l => l.PartnerId)
                .Distinct(StringComparer.Ordinal)
                .Where(p => !heads.ContainsKey(p));
            foreach (
                var head in await seals.ChainHeadsAsync(unknown.ToArray(), cancellationToken).ConfigureAwait(false)
            )
            {
                heads[head.PartnerId] = head;
            }

            var batch = new List<LedgerSeal>(lines.Count);
            foreach (var line in lines)
            {
                var (position, previous) = heads.TryGetValue(line.PartnerId, out var head)
                    ? (head.Position, head.Hash)
                    : (0L, LedgerChain.Genesis);
                var seal = new LedgerSeal(line.Id, line.PartnerId, position + 1, LedgerChain.Link(previous, line));
                heads[line.PartnerId] = seal;
                batch.Add(seal);
            }

            var written = await seals.AddSealsAsync(batch, cancellationToken).ConfigureAwait(false);
            if (!written.Succeeded)
            {
                LogSealRefused(logger, batch.Count, written.ToString());
                return (total, true);
            }

            total += batch.Count;
            if (lines.Count < batchSize)
            {
                return (total, false);
            }
        }
    }

    /// <summary>
    /// Walks a partner's chain in position order, a page at a time, recomputes each link from its line as stored now
    /// and the previous seal's hash, and names the first broken link: the line was edited (the hash differs), deleted
    /// (the seal has no line), or seals are missing (a gap in positions). Lines not sealed yet are counted.
    /// </summary>
    /// <returns>The verification, or <c>unknown_partner</c> when no partner has this id.</returns>
    public async ValueTask<AffiliateResult<LedgerVerification>> VerifyAsync(
        PartnerId partnerId,
        CancellationToken cancellationToken = default
    )
    {
        if (await partners.FindAsync(partnerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return AffiliateResult<LedgerVerification>.Failure(
                AffiliateErrorCodes.UnknownPartner,
                $"Partner '{partnerId}' is not registered."
            );
        }

        var (count, expected, previous) = (0L, 1L, LedgerChain.Genesis);
        LedgerBreak? broken = null;
        while (true)
        {
            var page = await seals
                .SealedLinesAsync(partnerId.Value, expected - 1, VerifyPage, cancellationToken)
                .ConfigureAwait(false);
            foreach (var (seal, line) in page)
            {
                count++;
                broken ??= Check(seal, line, expected, previous);
                (expected, previous) = (seal.Position + 1, seal.Hash);
            }

            if (page.Count < VerifyPage)
            {
                break;
            }
        }

        var unsealed = await seals.CountUnsealedAsync(partnerId.Value, cancellationToken).ConfigureAwait(false);
        if (broken is not null)
        {
            LogBroken(logger, partnerId.Value, broken.Position, broken.LineId, broken.Reason);
        }

        return AffiliateResult<LedgerVerification>.Success(
            new LedgerVerification(partnerId, count, unsealed, broken, count == 0 ? null : previous)
        );
    }

    private static LedgerBreak? Check(LedgerSeal seal, LedgerLineFacts? line, long expected, string previous)
    {
        if (seal.Position != expected)
        {
            return new(seal.LineId, seal.Position, LedgerBreakReason.PositionGap);
        }

        if (line is null)
        {
            return new(seal.LineId, seal.Position, LedgerBreakReason.LineMissing);
        }

        // A malformed stored hash never equals a computed one, so the break is named at the seal that holds it.
        var computed = IsHash(previous) ? LedgerChain.Link(previous, line) : null;
        return string.Equals(computed, seal.Hash, StringComparison.Ordinal)
            ? null
            : new(seal.LineId, seal.Position, LedgerBreakReason.LineEdited);
    }

    private static bool IsHash(string value) =>
        value.Length == 64 && value.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    [LoggerMessage(
        EventId = 1951,
        Level = LogLevel.Warning,
        Message = "Sealing {Count} ledger line(s) was refused ({Result}); another instance sealed them, or a sealed "
            + "line's mark was reset"
    )]
    private static partial void LogSealRefused(ILogger logger, int count, string result);

    [LoggerMessage(
        EventId = 1952,
        Level = LogLevel.Warning,
        Message = "The ledger chain of partner {PartnerId} is broken at position {Position}, line {LineId}: {Reason}"
    )]
    private static partial void LogBroken(
        ILogger logger,
        string partnerId,
        long position,
        string lineId,
        LedgerBreakReason reason
    );
}

/// <summary>What verifying a partner's ledger chain found (<see cref="LedgerSeals.VerifyAsync"/>).</summary>
/// <param name="PartnerId">The partner.</param>
/// <param name="SealedLines">How many seals the chain holds.</param>
/// <param name="UnsealedLines">How many of the partner's lines wait for the <c>ledger-seal</c> job (not an error).
/// </param>
/// <param name="Broken">The first broken link, or null when every link holds.</param>
/// <param name="HeadHash">The hash of the last seal (null for an empty chain): keep it elsewhere to notice a chain
/// rewritten from an edited line to its end.</param>
public sealed record LedgerVerification(
    PartnerId PartnerId,
    long SealedLines,
    long UnsealedLines,
    LedgerBreak? Broken,
    string? HeadHash
)
{
    /// <summary>True when no link is broken.</summary>
    public bool Intact => Broken is null;

    /// <inheritdoc />
    public override string ToString()
    {
        var state = Broken is null
            ? "intact"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"broken at {Broken.Position} ({Broken.LineId}, {Broken.Reason})"
            );
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{PartnerId}: {SealedLines} sealed, {UnsealedLines} unsealed, {state}"
        );
    }
}

/// <summary>The first broken link of a chain.</summary>
/// <param name="LineId">The line the broken seal covers.</param>
/// <param name="Position">The seal's position.</param>
/// <param name="Reason">Why it is broken.</param>
public sealed record LedgerBreak(string LineId, long Position, LedgerBreakReason Reason);

/// <summary>Why a link of a ledger chain is broken.</summary>
public enum LedgerBreakReason
{
    /// <summary>The line's sealed facts (or its seal's hash) changed since it was sealed.</summary>
    LineEdited = 0,

    /// <summary>The seal's line is gone: it was deleted.</summary>
    LineMissing = 1,

    /// <summary>Seals are missing before this one: its position is not the one after the previous seal's.</summary>
    PositionGap = 2,
}
