using System.Runtime.CompilerServices;

namespace Affiliate.Stores;

/// <summary>
/// Every store interface over in-process collections, for unit tests and demos. One lock makes every write atomic
/// and keeps reads consistent; nothing survives the process. Use the Entity Framework Core stores in production.
/// </summary>
public sealed partial class InMemoryAffiliateStore
    : IPartnerStore,
        ITouchStore,
        IConversionStore,
        ILedgerStore,
        IPayoutStore,
        IPlanStore,
        IOutboxStore,
        IJobLockStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<PartnerId, Partner> _partners = [];
    private readonly Dictionary<string, PartnerId> _codes = new(StringComparer.Ordinal);
    private readonly Dictionary<(ProgramId, ClickId), Click> _clicks = [];
    private readonly Dictionary<(ProgramId, CustomerId), CustomerBinding> _bindings = [];
    private readonly Dictionary<(ProgramId, ConversionId), Conversion> _conversions = [];
    private readonly Dictionary<(ProgramId, string), Refund> _refunds = [];
    private readonly Dictionary<(ProgramId, CustomerId), CustomerRecord> _customers = [];
    private readonly Dictionary<(ProgramId, string), CommissionLineId> _adjustments = [];
    private readonly Dictionary<CommissionLineId, CommissionLine> _lines = [];
    private readonly List<CommissionLineId> _lineOrder = [];
    private readonly Dictionary<PayoutId, Payout> _payouts = [];
    private readonly List<PayoutId> _payoutOrder = [];
    private readonly Dictionary<PlanId, CommissionPlan> _plans = [];
    private readonly List<OutboxSlot> _outbox = [];
    private readonly HashSet<string> _jobs = new(StringComparer.Ordinal);

    // ---- Partners ------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public ValueTask<Partner?> FindAsync(PartnerId id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_partners.GetValueOrDefault(id));
        }
    }

    /// <inheritdoc />
    public ValueTask<Partner?> FindByReferralCodeAsync(ReferralCode code, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_codes.TryGetValue(code.Normalized, out var id) ? _partners[id] : null);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> CreateAsync(
        Partner partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(partner);
        lock (_gate)
        {
            if (_partners.ContainsKey(partner.Id))
            {
                return Result(StoreWriteResult.Duplicate($"partner {partner.Id}"));
            }

            if (TakenCode(partner) is { } taken)
            {
                return Result(StoreWriteResult.Conflict($"referral code {taken} is taken"));
            }

            Put(partner with { Version = 1 });
            Append(events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> UpdateAsync(
        Versioned<Partner> partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            if (!_partners.TryGetValue(partner.Value.Id, out var current) || current.Version != partner.ExpectedVersion)
            {
                return Result(StoreWriteResult.Conflict($"partner {partner.Value.Id} changed"));
            }

            if (TakenCode(partner.Value) is { } taken)
            {
                return Result(StoreWriteResult.Conflict($"referral code {taken} is taken"));
            }

            foreach (var code in current.ReferralCodes)
            {
                _codes.Remove(code.Normalized);
            }

            Put(partner.Value with { Version = partner.ExpectedVersion + 1 });
            Append(events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Partner>> QueryAsync(PartnerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<Partner> found = _partners
                .Values.Where(p =>
                    (query.Status is null || p.Status == query.Status)
                    && (query.SponsorId is null || p.SponsorId == query.SponsorId)
                )
                .OrderBy(p => p.Id.Value, StringComparer.Ordinal)
                .Skip(query.Skip)
                .Take(query.Take)
                .ToArray();
            return ValueTask.FromResult(found);
        }
    }

    private string? TakenCode(Partner partner) =>
        partner
            .ReferralCodes.FirstOrDefault(c => _codes.TryGetValue(c.Normalized, out var owner) && owner != partner.Id)
            .Value;

    private void Put(Partner partner)
    {
        _partners[partner.Id] = partner;
        foreach (var code in partner.ReferralCodes)
        {
            _codes[code.Normalized] = partner.Id;
        }
    }

    // ---- Touches ------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddClickAsync(
        Click click,
        RollupChange rollups,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(click);
        ArgumentNullException.ThrowIfNull(rollups);
        lock (_gate)
        {
            if (!_clicks.TryAdd((click.ProgramId, click.Id), click))
            {
                return Result(StoreWriteResult.Duplicate($"click {click.Id}"));
            }

            ApplyRollups(rollups);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<int>> CountClicksUpToAsync(
        IReadOnlyList<ClickLimit> queries,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(queries);
        return ValueTask.FromResult<IReadOnlyList<int>>([
            .. queries.Select(q => Math.Min(Clicks(q.Query).Length, Math.Max(q.Limit, 0))),
        ]);
    }

    /// <inheritdoc />
    public ValueTask<Click?> FindClickAsync(ProgramId programId, ClickId clickId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_clicks.GetValueOrDefault((programId, clickId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Click>> FindClicksAsync(
        ProgramId programId,
        IReadOnlyCollection<ClickId> clickIds,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(clickIds);
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlyList<Click>>([
                .. clickIds
                    .Distinct()
                    .Select(id => _clicks.GetValueOrDefault((programId, id)))
                    .Where(c => c is not null)
                    .Select(c => c!),
            ]);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Click>> FindClicksByVisitorAsync(
        ProgramId programId,
        string visitorId,
        Instant from,
        Instant until,
        CancellationToken cancellationToken
    ) =>
        ValueTask.FromResult<IReadOnlyList<Click>>(
            Clicks(
                new ClickQuery
                {
                    ProgramId = programId,
                    VisitorId = visitorId,
                    From = from,
                    Until = until,
                }
            )
        );

    /// <inheritdoc />
    public ValueTask<ClickCounts> CountClicksAsync(ClickQuery query, CancellationToken cancellationToken)
    {
        var clicks = Clicks(query);
        return ValueTask.FromResult(
            new ClickCounts(
                clicks.Length,
                clicks.Select(c => c.VisitorId).Distinct(StringComparer.Ordinal).Count(),
                clicks.Select(c => c.PartnerId).Distinct().Count()
            )
        );
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Click> QueryClicksAsync(
        ClickQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        foreach (var click in Clicks(query))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return click;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask<CustomerBinding?> FindBindingAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_bindings.GetValueOrDefault((programId, customerId)));
        }
    }

    private Click[] Clicks(ClickQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            return _clicks
                .Values.Where(c =>
                    c.ProgramId == query.ProgramId
                    && c.OccurredAt >= query.From
                    && c.OccurredAt < query.Until
                    && (query.PartnerId is null || c.PartnerId == query.PartnerId)
                    && (query.IpHash is null || c.IpHash == query.IpHash)
                    && (query.VisitorId is null || c.VisitorId == query.VisitorId)
                )
                .OrderBy(c => c.OccurredAt)
                .ThenBy(c => c.Id.Value, StringComparer.Ordinal)
                .ToArray();
        }
    }

    // ---- Conversions --------------------------------------------------------------------------------------------

    /// <inheritdoc />
    ValueTask<Conversion?> IConversionStore.FindAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_conversions.GetValueOrDefault((programId, conversionId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> RecordAsync(ConversionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var conversion = record.Conversion;
        lock (_gate)
        {
            if (_conversions.ContainsKey((conversion.ProgramId, conversion.Id)))
            {
                return Result(StoreWriteResult.Duplicate($"conversion {conversion.Id}"));
            }

            if (record.Lines.FirstOrDefault(l => _lines.ContainsKey(l.Id)) is { } taken)
            {
                return Result(StoreWriteResult.Conflict($"line {taken.Id} exists"));
            }

            if (record.Customer is { } customer && !AddCustomer(customer) && record.CustomerMustBeNew)
            {
                return Result(StoreWriteResult.Conflict($"customer {customer.CustomerId} purchased meanwhile"));
            }

            _conversions[(conversion.ProgramId, conversion.Id)] = conversion with { Version = 1 };
            AddLines(record.Lines);
            ApplyRollups(record.Rollups);
            if (record.Binding is { } binding)
            {
                if (record.ReplacesBinding)
                {
                    _bindings[(binding.ProgramId, binding.CustomerId)] = binding;
                }
                else
                {
                    _bindings.TryAdd((binding.ProgramId, binding.CustomerId), binding);
                }
            }

            Append(record.Events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<Refund?> FindRefundAsync(ProgramId programId, string refundId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_refunds.GetValueOrDefault((programId, refundId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> RecordRefundAsync(RefundRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            if (_refunds.ContainsKey((record.Refund.ProgramId, record.Refund.Id)))
            {
                return Result(StoreWriteResult.Duplicate($"refund {record.Refund.Id}"));
            }

            var write = Apply(record.UpdatedLines, record.NewLines, record.Conversion, record.Events, record.Rollups);
            if (write.Succeeded)
            {
                _refunds[(record.Refund.ProgramId, record.Refund.Id)] = record.Refund;
            }

            return Result(write);
        }
    }

    /// <inheritdoc />
    public ValueTask<VolumeTotals> VolumeAsync(
        ProgramId programId,
        PartnerId partnerId,
        Instant? from,
        Instant until,
        CancellationToken cancellationToken
    )
    {
        lock (_gate)
        {
            var count = 0;
            var revenue = 0m;
            foreach (var conversion in _conversions.Values)
            {
                if (
                    conversion.ProgramId == programId
                    && conversion.Status
                        is ConversionStatus.Attributed
                            or ConversionStatus.Held
                            or ConversionStatus.PartiallyRefunded
                    && (from is null || conversion.OccurredAt >= from)
                    && conversion.OccurredAt < until
                    && conversion.Shares.Any(s => s.PartnerId == partnerId)
                )
                {
                    count++;
                    revenue += conversion.ProgramAmount.Amount;
                }
            }

            return ValueTask.FromResult(new VolumeTotals(count, revenue));
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<Conversion> QueryAsync(
        ConversionQuery query,
        [EnumeratorCancellation] CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        Conversion[] found;
        lock (_gate)
        {
            found = _conversions
                .Values.Where(c =>
                    c.ProgramId == query.ProgramId
                    && c.OccurredAt >= query.From
                    && c.OccurredAt < query.Until
                    && (query.PartnerId is null || c.Shares.Any(s => s.PartnerId == query.PartnerId))
                    && (query.CustomerId is null || c.CustomerId == query.CustomerId)
                    && (query.IpHash is null || c.IpHash == query.IpHash)
                )
                .OrderBy(c => c.OccurredAt)
                .ThenBy(c => c.Id.Value, StringComparer.Ordinal)
                .ToArray();
        }

        foreach (var conversion in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return conversion;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    // ---- Ledger -------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    public ValueTask<CommissionLine?> FindLineAsync(CommissionLineId lineId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_lines.GetValueOrDefault(lineId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<CommissionLine>> QueryLinesAsync(
        LineQuery query,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<CommissionLine> found = _lineOrder
                .Select(id => _lines[id])
                .Where(l =>
                    (query.ProgramId is null || l.ProgramId == query.ProgramId)
                    && (query.PartnerId is null || l.PartnerId == query.PartnerId)
                    && (query.ConversionId is null || l.ConversionId == query.ConversionId)
                    && (query.States.Count == 0 || query.States.Contains(l.State))
                    && (query.ApprovableAtOrBefore is null || l.ApprovableAt <= query.ApprovableAtOrBefore)
                    && (query.PayoutId is null || l.PayoutId == query.PayoutId)
                    && (query.Unclaimed is null || (l.PayoutId is null) == query.Unclaimed)
                    && (query.CreatedFrom is null || l.CreatedAt >= query.CreatedFrom)
                    && (query.CreatedUntil is null || l.CreatedAt < query.CreatedUntil)
                )
                .Take(query.Take)
                .ToArray();
            return ValueTask.FromResult(found);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> WriteAsync(LedgerChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            return Result(Apply(change.Updates, change.NewLines, change.Conversion, change.Events, change.Rollups));
        }
    }

    // ---- Payouts ------------------------------------------------------------------------------------------------

    /// <inheritdoc />
    ValueTask<Payout?> IPayoutStore.FindAsync(PayoutId payoutId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_payouts.GetValueOrDefault(payoutId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<Payout>> QueryAsync(PayoutQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_gate)
        {
            IReadOnlyList<Payout> found = _payoutOrder
                .Select(id => _payouts[id])
                .Where(p =>
                    (query.ProgramId is null || p.ProgramId == query.ProgramId)
                    && (query.PartnerId is null || p.PartnerId == query.PartnerId)
                    && (query.Status is null || p.Status == query.Status)
                )
                .ToArray();
            return ValueTask.FromResult(found);
        }
    }

    // ---- Plans and outbox ---------------------------------------------------------------------------------------

    /// <inheritdoc />
    ValueTask<CommissionPlan?> IPlanStore.FindAsync(PlanId planId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_plans.GetValueOrDefault(planId));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> SaveAsync(CommissionPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        lock (_gate)
        {
            PutPlan(plan, _planRevisions.GetValueOrDefault(plan.Id) + 1, []);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<AffiliateEvent>> PendingAsync(int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<AffiliateEvent> pending = _outbox
                .Where(e => e.DispatchedAt is null)
                .Take(max)
                .Select(e => e.Event)
                .ToArray();
            return ValueTask.FromResult(pending);
        }
    }

    /// <inheritdoc />
    public ValueTask MarkDispatchedAsync(
        IReadOnlyList<Guid> eventIds,
        Instant dispatchedAt,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        lock (_gate)
        {
            var ids = eventIds.ToHashSet();
            foreach (var slot in _outbox.Where(s => ids.Contains(s.Event.EventId)))
            {
                slot.DispatchedAt = dispatchedAt;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEntry>> DueAsync(Instant now, int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxEntry> due = _outbox
                .Where(s => s.DispatchedAt is null && s.FailedAt is null && s.NextAttemptAt <= now)
                .OrderBy(s => s.NextAttemptAt) // stable: equal times keep the order written
                .Take(max)
                .Select(s => s.Entry())
                .ToArray();
            return ValueTask.FromResult(due);
        }
    }

    /// <inheritdoc />
    public ValueTask RecordFailuresAsync(IReadOnlyList<OutboxFailure> failures, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failures);
        lock (_gate)
        {
            var byId = failures.ToDictionary(f => f.EventId);
            foreach (var slot in _outbox.Where(s => s.DispatchedAt is null && byId.ContainsKey(s.Event.EventId)))
            {
                var failure = byId[slot.Event.EventId];
                slot.Attempts = failure.Attempts;
                slot.NextAttemptAt = failure.NextAttemptAt;
                slot.DeliveredTo = [.. failure.DeliveredTo];
                slot.LastError = failure.LastError;
                slot.FailedAt = failure.FailedAt;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEntry>> FailedAsync(int max, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<OutboxEntry> failed = _outbox
                .Where(s => s.DispatchedAt is null && s.FailedAt is not null)
                .OrderBy(s => s.FailedAt) // stable: equal times keep the order written
                .Take(max)
                .Select(s => s.Entry())
                .ToArray();
            return ValueTask.FromResult(failed);
        }
    }

    /// <inheritdoc />
    public ValueTask<int> RetryFailedAsync(
        IReadOnlyList<Guid> eventIds,
        Instant at,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(eventIds);
        lock (_gate)
        {
            var ids = eventIds.ToHashSet();
            var retried = 0;
            var failed = _outbox.Where(s => s.DispatchedAt is null && s.FailedAt is not null);
            foreach (var slot in failed.Where(s => ids.Contains(s.Event.EventId)))
            {
                slot.FailedAt = null;
                slot.Attempts = 0;
                slot.NextAttemptAt = at;
                retried++;
            }

            return ValueTask.FromResult(retried);
        }
    }

    /// <inheritdoc />
    public ValueTask<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IAsyncDisposable?>(_jobs.Add(job) ? new JobLock(this, job) : null);
        }
    }

    private sealed class JobLock(InMemoryAffiliateStore store, string job) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            lock (store._gate)
            {
                store._jobs.Remove(job);
            }

            return ValueTask.CompletedTask;
        }
    }

    // ---- Shared -------------------------------------------------------------------------------------------------

    /// <summary>Checks every expected version first, then writes everything; so a conflict writes nothing.</summary>
    private StoreWriteResult Apply(
        IReadOnlyList<Versioned<CommissionLine>> updates,
        IReadOnlyList<CommissionLine> newLines,
        Versioned<Conversion>? conversion,
        IReadOnlyList<AffiliateEvent> events,
        RollupChange rollups
    )
    {
        foreach (var update in updates)
        {
            if (!_lines.TryGetValue(update.Value.Id, out var current) || current.Version != update.ExpectedVersion)
            {
                return StoreWriteResult.Conflict($"line {update.Value.Id} changed");
            }
        }

        if (updates.Select(u => u.Value.Id).Distinct().Count() != updates.Count)
        {
            return StoreWriteResult.Conflict("a line is updated twice in one change");
        }

        if (
            newLines.Any(l =>
                _lines.ContainsKey(l.Id)
                || (l.AdjustmentId is { } adjustment && _adjustments.ContainsKey((l.ProgramId, adjustment)))
            )
        )
        {
            return StoreWriteResult.Duplicate("line id or adjustment id exists");
        }

        if (conversion is { } c)
        {
            if (
                !_conversions.TryGetValue((c.Value.ProgramId, c.Value.Id), out var current)
                || current.Version != c.ExpectedVersion
            )
            {
                return StoreWriteResult.Conflict($"conversion {c.Value.Id} changed");
            }

            _conversions[(c.Value.ProgramId, c.Value.Id)] = c.Value with { Version = c.ExpectedVersion + 1 };
        }

        foreach (var update in updates)
        {
            _lines[update.Value.Id] = update.Value with { Version = update.ExpectedVersion + 1 };
        }

        AddLines(newLines);
        Append(events);
        ApplyRollups(rollups);
        return StoreWriteResult.Written;
    }

    private void AddLines(IReadOnlyList<CommissionLine> lines)
    {
        foreach (var line in lines)
        {
            _lines[line.Id] = line with { Version = 1 };
            _lineOrder.Add(line.Id);
            TrackUnsealed(line);
            if (line.AdjustmentId is { } adjustment)
            {
                _adjustments[(line.ProgramId, adjustment)] = line.Id;
            }
        }
    }

    private void Append(IReadOnlyList<AffiliateEvent> events)
    {
        foreach (var e in events)
        {
            _outbox.Add(new OutboxSlot(e));
        }
    }

    private static ValueTask<StoreWriteResult> Result(StoreWriteResult result) => ValueTask.FromResult(result);

    /// <summary>An outbox event and its delivery state; changed under the store's lock only.</summary>
    private sealed class OutboxSlot(AffiliateEvent e)
    {
        public AffiliateEvent Event { get; } = e;

        public Instant? DispatchedAt { get; set; }

        public int Attempts { get; set; }

        // Never attempted: due at once, as the database stores it (0 ticks).
        public Instant NextAttemptAt { get; set; } = NodaConstants.UnixEpoch;

        public string[] DeliveredTo { get; set; } = [];

        public string? LastError { get; set; }

        public Instant? FailedAt { get; set; }

        public OutboxEntry Entry() => new(Event, Attempts, NextAttemptAt, DeliveredTo, LastError, FailedAt);
    }
}
