namespace Affiliate.Stores;

// The read side and the set-based jobs: rollups kept as dictionaries of sums, moved under the same lock as the rows.
public sealed partial class InMemoryAffiliateStore : IRollupStore
{
    private readonly Dictionary<StatsKey, StatsCounters> _stats = [];
    private readonly Dictionary<ActivityKey, ActivityCounters> _activity = [];
    private readonly Dictionary<BalanceKey, BalanceCounters> _balances = [];
    private readonly HashSet<VisitorMark> _visitors = [];

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StatsRow>> StatsAsync(StatsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            var everyPartner = query.GroupBy == StatsGrouping.Partner && query.PartnerId is null;
            var rows = _stats.Where(s =>
                s.Key.ProgramId == query.ProgramId
                && s.Key.Dimension == query.Dimension
                && s.Key.Day >= query.From
                && s.Key.Day < query.Until
                && (everyPartner ? s.Key.PartnerId is not null : s.Key.PartnerId == query.PartnerId)
            );
            IReadOnlyList<StatsRow> result = query.GroupBy switch
            {
                StatsGrouping.Day => rows.GroupBy(r => r.Key.Day)
                    .OrderBy(g => g.Key)
                    .Select(g => new StatsRow(g.Key, null, null, Sum(g)))
                    .ToArray(),
                StatsGrouping.Value => rows.GroupBy(r => r.Key.Value, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new StatsRow(null, null, g.Key, Sum(g)))
                    .ToArray(),
                _ => rows.GroupBy(r => r.Key.PartnerId)
                    .OrderBy(g => g.Key!.Value.Value, StringComparer.Ordinal)
                    .Select(g => new StatsRow(null, g.Key, null, Sum(g)))
                    .ToArray(),
            };
            return ValueTask.FromResult(result);
        }

        static StatsCounters Sum(IEnumerable<KeyValuePair<StatsKey, StatsCounters>> rows) =>
            rows.Aggregate(default(StatsCounters), (sum, row) => sum + row.Value);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<long>> UniqueVisitorsAsync(
        ProgramId programId,
        PartnerId? partnerId,
        IReadOnlyList<DateInterval> ranges,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(ranges);
        lock (_gate)
        {
            var marks = _visitors.Where(v => v.ProgramId == programId && v.PartnerId == partnerId).ToArray();
            IReadOnlyList<long> counts = ranges
                .Select(r =>
                    (long)
                        marks
                            .Where(v => r.Contains(v.Day))
                            .Select(v => v.VisitorId)
                            .Distinct(StringComparer.Ordinal)
                            .Count()
                )
                .ToArray();
            return ValueTask.FromResult(counts);
        }
    }

    /// <inheritdoc />
    public ValueTask<ActivityCounters> ActivityAsync(
        ProgramId programId,
        PartnerId? partnerId,
        long fromHour,
        long untilHour,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            var sum = default(ActivityCounters);
            if (untilHour <= fromHour)
            {
                return ValueTask.FromResult(sum);
            }

            // Looking every hour up would never end for a range like "all time" (0 to long.MaxValue): when the range
            // has more hours than there are counters, sum the counters in it instead.
            if (unchecked((ulong)(untilHour - fromHour)) > (ulong)_activity.Count)
            {
                foreach (var (key, value) in _activity)
                {
                    if (
                        key.ProgramId == programId
                        && key.PartnerId == partnerId
                        && key.Hour >= fromHour
                        && key.Hour < untilHour
                    )
                    {
                        sum += value;
                    }
                }

                return ValueTask.FromResult(sum);
            }

            for (var hour = fromHour; hour < untilHour; hour++)
            {
                sum += _activity.GetValueOrDefault(new ActivityKey(programId, partnerId, hour));
            }

            return ValueTask.FromResult(sum);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<BalanceRow>> BalancesAsync(
        PartnerId partnerId,
        ProgramId? programId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            IReadOnlyList<BalanceRow> rows = _balances
                .Where(b => b.Key.PartnerId == partnerId && (programId is null || b.Key.ProgramId == programId))
                .OrderBy(b => b.Key.ProgramId.Value, StringComparer.Ordinal)
                .ThenBy(b => b.Key.Currency.Code, StringComparer.Ordinal)
                .Select(b => new BalanceRow(b.Key.ProgramId, b.Key.Currency, b.Value))
                .ToArray();
            return ValueTask.FromResult(rows);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<LineRef>> DueLinesAsync(
        ProgramId? programId,
        Instant asOf,
        int max,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            IReadOnlyList<LineRef> due = _lines
                .Values.Where(l =>
                    l.State == CommissionState.Pending
                    && l.ApprovableAt is { } at
                    && at <= asOf
                    && (programId is null || l.ProgramId == programId)
                )
                .OrderBy(l => l.ApprovableAt)
                .ThenBy(l => l.Id.Value, StringComparer.Ordinal)
                .Take(Math.Max(max, 0))
                .Select(l => new LineRef(l.Id, l.ProgramId, l.PartnerId, l.Amount))
                .ToArray();
            return ValueTask.FromResult(due);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> MoveAsync(LineMove move, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(move);
        lock (_gate)
        {
            if (move.LineIds.Distinct().Count() != move.LineIds.Count)
            {
                return Result(StoreWriteResult.Conflict("a line is moved twice in one change"));
            }

            foreach (var id in move.LineIds)
            {
                if (!_lines.TryGetValue(id, out var line) || line.State != move.From)
                {
                    return Result(StoreWriteResult.Conflict($"line {id} is not {move.From}"));
                }
            }

            var rollups = new RollupChange();
            foreach (var id in move.LineIds)
            {
                var line = _lines[id];
                var moved = line with
                {
                    State = move.To,
                    ApprovedAt = move.To == CommissionState.Approved ? move.At : line.ApprovedAt,
                    ClosedAt = move.To is CommissionState.Rejected or CommissionState.Reversed
                        ? move.At
                        : line.ClosedAt,
                    Reason = move.Reason ?? line.Reason,
                    Version = line.Version + 1,
                };
                _lines[id] = moved;
                rollups.LineChanged(line, moved);
            }

            ApplyRollups(rollups);
            Append(move.Events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PayableBalance>> PayableAsync(
        ProgramId programId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            IReadOnlyList<PayableBalance> payable = _lines
                .Values.Where(l =>
                    l.ProgramId == programId && l.State == CommissionState.Approved && l.PayoutId is null
                )
                .GroupBy(l => (l.PartnerId, l.Amount.Currency))
                .OrderBy(g => g.Key.PartnerId.Value, StringComparer.Ordinal)
                .ThenBy(g => g.Key.Currency.Code, StringComparer.Ordinal)
                .Select(g => new PayableBalance(
                    g.Key.PartnerId,
                    Money.Sum(g.Select(l => l.Amount), g.Key.Currency),
                    g.Count()
                ))
                .ToArray();
            return ValueTask.FromResult(payable);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> ClaimAsync(
        Payout payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(payout);
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            if (_payouts.ContainsKey(payout.Id))
            {
                return Result(StoreWriteResult.Duplicate($"payout {payout.Id}"));
            }

            var claimed = _lines
                .Values.Where(l =>
                    l.ProgramId == payout.ProgramId
                    && l.PartnerId == payout.PartnerId
                    && l.Amount.Currency == payout.Amount.Currency
                    && l.State == CommissionState.Approved
                    && l.PayoutId is null
                )
                .ToArray();
            if (
                claimed.Length != payout.LineCount
                || Money.Sum(claimed.Select(l => l.Amount), payout.Amount.Currency) != payout.Amount
            )
            {
                return Result(StoreWriteResult.Conflict($"the payable lines of payout {payout.Id} changed"));
            }

            var rollups = new RollupChange();
            foreach (var line in claimed)
            {
                var after = line with { PayoutId = payout.Id, Version = line.Version + 1 };
                _lines[line.Id] = after;
                rollups.LineChanged(line, after);
            }

            _payouts[payout.Id] = payout with { Version = 1 };
            _payoutOrder.Add(payout.Id);
            ApplyRollups(rollups);
            Append(events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> CloseAsync(
        Versioned<Payout> payout,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(events);
        var closed = payout.Value;
        if (closed.Status == PayoutStatus.Pending)
        {
            throw new ArgumentException("A payout is closed as paid or failed, not pending.", nameof(payout));
        }

        lock (_gate)
        {
            if (!_payouts.TryGetValue(closed.Id, out var current) || current.Version != payout.ExpectedVersion)
            {
                return Result(StoreWriteResult.Conflict($"payout {closed.Id} changed"));
            }

            var lines = _lines
                .Values.Where(l => l.PayoutId == closed.Id && l.State == CommissionState.Approved)
                .ToArray();
            if (lines.Length != current.LineCount)
            {
                return Result(StoreWriteResult.Conflict($"the lines of payout {closed.Id} changed"));
            }

            var rollups = new RollupChange();
            foreach (var line in lines)
            {
                var after =
                    closed.Status == PayoutStatus.Paid
                        ? line with
                        {
                            State = CommissionState.Paid,
                            PaidAt = closed.ClosedAt,
                            Version = line.Version + 1,
                        }
                        : line with
                        {
                            PayoutId = null,
                            Version = line.Version + 1,
                        };
                _lines[line.Id] = after;
                rollups.LineChanged(line, after);
            }

            _payouts[closed.Id] = closed with { Version = payout.ExpectedVersion + 1 };
            ApplyRollups(rollups);
            Append(events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <summary>Adds a write's change to the rollups; the caller holds the lock.</summary>
    private void ApplyRollups(RollupChange rollups)
    {
        foreach (var (key, value) in rollups.Stats)
        {
            _stats[key] = _stats.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in rollups.Activity)
        {
            _activity[key] = _activity.GetValueOrDefault(key) + value;
        }

        foreach (var (key, value) in rollups.Balances)
        {
            _balances[key] = _balances.GetValueOrDefault(key) + value;
        }

        _visitors.UnionWith(rollups.Visitors);
    }
}
