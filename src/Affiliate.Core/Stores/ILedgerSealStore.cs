namespace Affiliate.Stores;

/// <summary>
/// Keeps the seals of the ledger's hash chains (<see cref="LedgerSeals"/>): one per commission line, per partner in
/// positions 1..n. Kept apart from the lines so that recording a sale never waits on a partner's chain: lines are
/// written unsealed and a job seals them later in batches.
/// </summary>
public interface ILedgerSealStore
{
    /// <summary>
    /// Lines not sealed yet, oldest first (created at, then id in ordinal order), at most <paramref name="max"/>: read
    /// from an index of the unsealed lines only, so the cost is the batch, not the ledger.
    /// </summary>
    ValueTask<IReadOnlyList<LedgerLineFacts>> UnsealedLinesAsync(int max, CancellationToken cancellationToken);

    /// <summary>The last seal (highest position) of each of these partners' chains; partners without one are left
    /// out.</summary>
    ValueTask<IReadOnlyList<LedgerSeal>> ChainHeadsAsync(
        IReadOnlyCollection<string> partnerIds,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Writes the seals and marks their lines sealed, all in one transaction. Duplicate (nothing written) when a line
    /// already has a seal or a partner's position is taken; Conflict (nothing written) when a line is missing or
    /// already marked sealed (another instance sealed it meanwhile).
    /// </summary>
    ValueTask<StoreWriteResult> AddSealsAsync(IReadOnlyList<LedgerSeal> seals, CancellationToken cancellationToken);

    /// <summary>
    /// A partner's seals after <paramref name="afterPosition"/> in position order, at most <paramref name="max"/>,
    /// each with its line as stored now (null when the line is gone).
    /// </summary>
    ValueTask<IReadOnlyList<SealedLine>> SealedLinesAsync(
        string partnerId,
        long afterPosition,
        int max,
        CancellationToken cancellationToken
    );

    /// <summary>How many of the partner's lines are not sealed yet.</summary>
    ValueTask<long> CountUnsealedAsync(string partnerId, CancellationToken cancellationToken);
}
