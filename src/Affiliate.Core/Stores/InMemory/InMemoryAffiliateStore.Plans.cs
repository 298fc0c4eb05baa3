namespace Affiliate.Stores;

public sealed partial class InMemoryAffiliateStore
{
    private readonly Dictionary<PlanId, long> _planRevisions = [];

    /// <inheritdoc />
    public ValueTask<StoredPlan?> FindStoredAsync(PlanId planId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(
                _plans.TryGetValue(planId, out var plan) ? new StoredPlan(plan, _planRevisions[planId]) : null
            );
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StoredPlan>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<StoredPlan> plans = _plans
                .Values.OrderBy(p => p.Id.Value, StringComparer.Ordinal)
                .Select(p => new StoredPlan(p, _planRevisions[p.Id]))
                .ToArray();
            return ValueTask.FromResult(plans);
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> SaveAsync(
        Versioned<CommissionPlan> plan,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(plan.Value);
        ArgumentNullException.ThrowIfNull(events);
        lock (_gate)
        {
            if (_planRevisions.GetValueOrDefault(plan.Value.Id) != plan.ExpectedVersion)
            {
                return Result(StoreWriteResult.Conflict($"plan {plan.Value.Id} changed"));
            }

            PutPlan(plan.Value, plan.ExpectedVersion + 1, events);
            return Result(StoreWriteResult.Written);
        }
    }

    /// <summary>Stores a plan at a revision with its events; the caller holds the gate.</summary>
    private void PutPlan(CommissionPlan plan, long revision, IReadOnlyList<AffiliateEvent> events)
    {
        _plans[plan.Id] = plan;
        _planRevisions[plan.Id] = revision;
        Append(events);
    }
}
