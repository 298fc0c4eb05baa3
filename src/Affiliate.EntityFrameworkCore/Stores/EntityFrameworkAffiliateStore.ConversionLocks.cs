using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Affiliate.EntityFrameworkCore;

public sealed partial class EntityFrameworkAffiliateStore : IConversionLockStore
{
    /// <summary>
    /// A transaction held until the handle is disposed (or the host's own transaction, when one is open), in which
    /// the refund's reads and its write run. On PostgreSQL it takes a transaction-scoped advisory lock keyed by the
    /// conversion (<c>pg_advisory_xact_lock</c>), released by the commit; the refund's reads, each a statement of its
    /// own under READ COMMITTED, then see the previous refund committed. On SQLite the transaction is
    /// <c>BEGIN IMMEDIATE</c> (Microsoft.Data.Sqlite's default), which already holds the database's one write lock.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Disposing the handle commits the transaction it opened: the refund's write inside it used a savepoint, so
    /// what the commit makes durable is exactly what the refund wrote, or nothing. A failed commit throws from the
    /// dispose, so the caller never sees a refund reported as written that was not.
    /// </para>
    /// <para>
    /// With a retrying execution strategy (<c>EnableRetryOnFailure</c>) and no transaction of the host's, no lock is
    /// taken: a transaction held across the refund's reads is exactly what such a strategy refuses (it could not
    /// replay them), so the refund relies on the conversion's version and the recorder's retries, as with a store
    /// without this capability. A host that wants the lock then runs the refund in its own transaction inside
    /// <c>strategy.ExecuteAsync</c>: the lock joins that transaction.
    /// </para>
    /// </remarks>
    public async ValueTask<IAsyncDisposable> LockConversionAsync(
        ProgramId programId,
        ConversionId conversionId,
        CancellationToken cancellationToken
    )
    {
        if (context.Database.CurrentTransaction is null && context.Database.CreateExecutionStrategy().RetriesOnFailure)
        {
            return new ConversionLock(null);
        }

        var own = context.Database.CurrentTransaction is null
            ? await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            if (AffiliateSchema.ProviderOf(context) == AffiliateSchema.Provider.PostgreSql)
            {
                var key = $"affiliate:conversion:{programId.Value}/{conversionId.Value}";
                await context
                    .Database.ExecuteSqlAsync(
                        $"SELECT pg_advisory_xact_lock(hashtextextended({key}, 0))",
                        cancellationToken
                    )
                    .ConfigureAwait(false);
            }
        }
        catch
        {
            if (own is not null)
            {
                await own.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new ConversionLock(own);
    }

    private sealed class ConversionLock(IDbContextTransaction? own) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            if (own is null)
            {
                return; // the host's transaction (the lock lasts until the host commits), or no lock at all
            }

            await using (own.ConfigureAwait(false))
            {
                await own.CommitAsync().ConfigureAwait(false);
            }
        }
    }
}
