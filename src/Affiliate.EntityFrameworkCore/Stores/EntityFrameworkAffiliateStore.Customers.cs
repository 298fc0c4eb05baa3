using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.RowMapper;

namespace Affiliate.EntityFrameworkCore;

// Customer records and adjustment ids (schema 6): lookups by primary key and by a unique index.
public sealed partial class EntityFrameworkAffiliateStore
{
    /// <inheritdoc />
    public async ValueTask<CustomerRecord?> FindCustomerAsync(
        ProgramId programId,
        CustomerId customerId,
        CancellationToken cancellationToken
    )
    {
        // The primary key (program_id, customer_id).
        var row = await Set<CustomerRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(
                c => c.ProgramId == programId.Value && c.CustomerId == customerId.Value,
                cancellationToken
            )
            .ConfigureAwait(false);
        return row is null ? null : Customer(row);
    }

    /// <inheritdoc />
    public async ValueTask<CommissionLine?> FindAdjustmentAsync(
        ProgramId programId,
        string adjustmentId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(adjustmentId);

        // The unique index (program_id, adjustment_id).
        var row = await Set<CommissionLineRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(
                l => l.ProgramId == programId.Value && l.AdjustmentId == adjustmentId,
                cancellationToken
            )
            .ConfigureAwait(false);
        return row is null ? null : Line(row);
    }

    private async Task<bool> AdjustmentTakenAsync(
        IReadOnlyList<CommissionLine> lines,
        CancellationToken cancellationToken
    )
    {
        foreach (var line in lines)
        {
            if (
                line.AdjustmentId is { } id
                && await FindAdjustmentAsync(line.ProgramId, id, cancellationToken).ConfigureAwait(false) is not null
            )
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Adds the customer's record unless they have one: the insert ignores an existing key (waiting for a racing
    /// writer's transaction first), so two first purchases of one customer never fail each other on the key. When the
    /// conversion was priced as a new customer's and the record turns out to exist, the whole write is a conflict.
    /// </summary>
    private async Task AddCustomerAsync(CustomerRecord customer, bool mustBeNew, CancellationToken cancellationToken)
    {
        var provider = AffiliateSchema.ProviderOf(context);
        var table = AffiliateSchema.Table(AffiliateModelOptions.Of(context), provider, "customers");
        var row = Row(customer);
        const string Columns =
            " (program_id, customer_id, first_conversion_id, first_purchase_at) VALUES ({0}, {1}, {2}, {3})";
        var sql =
            provider == AffiliateSchema.Provider.PostgreSql
                ? "INSERT INTO " + table + Columns + " ON CONFLICT (program_id, customer_id) DO NOTHING"
                : "INSERT OR IGNORE INTO " + table + Columns;
        var added = await context
            .Database.ExecuteSqlRawAsync(
                sql,
                [row.ProgramId, row.CustomerId, row.FirstConversionId, row.FirstPurchaseAt],
                cancellationToken
            )
            .ConfigureAwait(false);
        if (added == 0 && mustBeNew)
        {
            throw new ConflictException($"customer {customer.CustomerId} purchased meanwhile");
        }
    }
}
