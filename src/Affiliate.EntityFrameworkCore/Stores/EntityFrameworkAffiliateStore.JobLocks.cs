using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

public sealed partial class EntityFrameworkAffiliateStore : IJobLockStore
{
    /// <summary>
    /// On PostgreSQL, a session advisory lock (<c>pg_try_advisory_lock</c>) held on a connection of its own for as long
    /// as the job runs, so it spans the job's many short transactions; the server releases it if the instance dies.
    /// SQLite has no such lock across processes: the job always runs and row versions keep it correct.
    /// </summary>
    /// <remarks>
    /// The lock's connection is a clone of the context's, so it comes from the same place: the same data source (with
    /// its password provider, certificates and initializers) when the context was configured with one, the same
    /// connection string and pool otherwise. The lock itself is the provider package's.
    /// </remarks>
    public ValueTask<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        return AffiliateDatabases
            .Default.For(context)
            .TryAcquireJobLockAsync(context.Database.GetDbConnection(), job, cancellationToken);
    }
}
