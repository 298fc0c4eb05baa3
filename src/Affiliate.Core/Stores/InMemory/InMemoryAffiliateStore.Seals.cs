namespace Affiliate.Stores;

// The ledger's hash chains: seals by line, each partner's chain in position order, and the unsealed lines in
// (created at, id) order (added by AddLines, removed when sealed).
public sealed partial class InMemoryAffiliateStore : ILedgerSealStore
{
    private readonly SortedSet<(long CreatedAt, string Id)> _unsealed = new(
        Comparer<(long CreatedAt, string Id)>.Create(
            (a, b) =>
                a.CreatedAt != b.CreatedAt ? a.CreatedAt.CompareTo(b.CreatedAt) : string.CompareOrdinal(a.Id, b.Id)
        )
    );

    // Each unsealed line's key in _unsealed, as written (an update that changes a line's instant moves no key).
    private readonly Dictionary<string, long> _unsealedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LedgerSeal> _sealsByLine = new(StringComparer.Ordinal);
    private readonly HashSet<(string PartnerId, long Position)> _sealPositions = [];
    private readonly Dictionary<string, List<LedgerSeal>> _chains = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerLineFacts>> UnsealedLinesAsync(int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<LedgerLineFacts> lines = _unsealed
                .Take(Math.Max(max, 0))
                .Select(u => LedgerLineFacts.From(_lines[new CommissionLineId(u.Id)]))
                .ToArray();
            return ValueTask.FromResult(lines);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LedgerSeal>> ChainHeadsAsync(
        IReadOnlyCollection<string> partnerIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(partnerIds);
        lock (_gate)
        {
            IReadOnlyList<LedgerSeal> heads = partnerIds
                .Distinct(StringComparer.Ordinal)
                .Select(p => _chains.TryGetValue(p, out var chain) && chain.Count > 0 ? chain[^1] : null)
                .OfType<LedgerSeal>()
                .ToArray();
            return ValueTask.FromResult(heads);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddSealsAsync(
        IReadOnlyList<LedgerSeal> seals,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(seals);
        lock (_gate)
        {
            var lines = new HashSet<string>(StringComparer.Ordinal);
            var positions = new HashSet<(string, long)>();
            foreach (var seal in seals)
            {
                var taken =
                    _sealsByLine.ContainsKey(seal.LineId)
                    || !lines.Add(seal.LineId)
                    || !positions.Add((seal.PartnerId, seal.Position))
                    || _sealPositions.Contains((seal.PartnerId, seal.Position));
                if (taken)
                {
                    return Result(StoreWriteResult.Duplicate($"a seal of line {seal.LineId} or its position exists"));
                }

                if (!_unsealedAt.ContainsKey(seal.LineId))
                {
                    return Result(StoreWriteResult.Conflict($"line {seal.LineId} is missing or already sealed"));
                }
            }

            foreach (var seal in seals)
            {
                _unsealed.Remove((_unsealedAt[seal.LineId], seal.LineId));
                _unsealedAt.Remove(seal.LineId);
                _sealsByLine[seal.LineId] = seal;
                _sealPositions.Add((seal.PartnerId, seal.Position));
                if (!_chains.TryGetValue(seal.PartnerId, out var chain))
                {
                    _chains[seal.PartnerId] = chain = [];
                }

                // Kept in position order, so a chain's head is its last seal.
                var at = chain.FindLastIndex(s => s.Position < seal.Position) + 1;
                chain.Insert(at, seal);
            }

            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SealedLine>> SealedLinesAsync(
        string partnerId,
        long afterPosition,
        int max,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            IReadOnlyList<SealedLine> page = !_chains.TryGetValue(partnerId, out var chain)
                ? []
                : chain
                    .Where(s => s.Position > afterPosition)
                    .Take(Math.Max(max, 0))
                    .Select(s => new SealedLine(
                        s,
                        CommissionLineId.TryParse(s.LineId, null, out var id) && _lines.TryGetValue(id, out var line)
                            ? LedgerLineFacts.From(line)
                            : null
                    ))
                    .ToArray();
            return ValueTask.FromResult(page);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> CountUnsealedAsync(string partnerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            long count = _unsealed.Count(u => _lines[new CommissionLineId(u.Id)].PartnerId.Value == partnerId);
            return ValueTask.FromResult(count);
        }
    }

    /// <summary>Adds a new line to the unsealed ones (called where lines are added).</summary>
    private void TrackUnsealed(CommissionLine line)
    {
        var at = line.CreatedAt.ToUnixTimeTicks();
        if (_unsealedAt.TryAdd(line.Id.Value, at))
        {
            _unsealed.Add((at, line.Id.Value));
        }
    }
}
