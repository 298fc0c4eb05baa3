using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

public sealed partial class EntityFrameworkAffiliateStore
{
    /// <inheritdoc />
    public async ValueTask<StoredPlan?> FindStoredAsync(PlanId planId, CancellationToken cancellationToken)
    {
        // The primary key serves it.
        var row = await Set<PlanRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.Id == planId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : new StoredPlan(Plan(row), row.Version);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StoredPlan>> ListAsync(CancellationToken cancellationToken)
    {
        // Ordinal order of ids on every provider, as the partners' query: PostgreSQL's "C" collation compares bytes.
        var rows = Set<PlanRow>().AsNoTracking();
        rows =
            AffiliateSchema.ProviderOf(context) == AffiliateSchema.Provider.PostgreSql
                ? rows.OrderBy(p => EF.Functions.Collate(p.Id, "C"))
                : rows.OrderBy(p => p.Id);
        return (await rows.ToListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => new StoredPlan(Plan(r), r.Version))
            .ToArray();
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
        return SavePlanAsync(plan.Value, plan.ExpectedVersion, events, cancellationToken);
    }

    /// <summary>
    /// Inserts the plan at revision 1 or updates it to the next revision, checked in the UPDATE (the version column
    /// is a concurrency token): a concurrent save, or an insert racing another on the primary key, is a Conflict.
    /// Without <paramref name="expectedRevision"/> the revision read in the same transaction is expected.
    /// </summary>
    private ValueTask<StoreWriteResult> SavePlanAsync(
        CommissionPlan plan,
        long? expectedRevision,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    ) =>
        WriteAsync(
            async staged =>
            {
                var expected = expectedRevision
                    ?? await Set<PlanRow>()
                        .AsNoTracking()
                        .Where(p => p.Id == plan.Id.Value)
                        .Select(p => p.Version)
                        .FirstOrDefaultAsync(cancellationToken)
                        .ConfigureAwait(false);
                var row = Row(plan);
                row.Version = expected + 1;
                if (expected == 0)
                {
                    staged.Add(row);
                }
                else
                {
                    staged.Update(row, expected);
                }

                staged.AddRange(events.Select(Row));
                return null;
            },
            () => ValueTask.FromResult(StoreWriteResult.Conflict($"plan {plan.Id} changed or was saved concurrently")),
            cancellationToken
        );
}
