using System.Data.Common;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.PostgreSql;

/// <summary>
/// PostgreSQL for the affiliate stores: the schema scripts embedded here, binary COPY of clicks, session advisory
/// locks for jobs, and serialization failures, deadlocks and unique violations as collisions. Created by the neutral
/// package's <see cref="AffiliateDatabases"/> from its type name when a context's provider is
/// Npgsql.EntityFrameworkCore.PostgreSQL.
/// </summary>
internal sealed class PostgreSqlAffiliateDatabase : AffiliateDatabase
{
    public override AffiliateSchema.Provider Dialect => AffiliateSchema.Provider.PostgreSql;

    public override string PackageName => AffiliateDatabases.PostgreSqlPackage;

    public override Task<int> WriteClicksAsync(
        DbConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken
    ) => PostgreSqlClickBatch.CopyAsync((NpgsqlConnection)connection, options, clicks, cancellationToken);

    /// <summary>
    /// Serialization failures (40001) and deadlocks (40P01), and unique violations (23505) raised by bulk statements.
    /// </summary>
    protected override bool IsProviderCollision(Exception exception) =>
        exception is PostgresException { SqlState: "40001" or "40P01" or "23505" };

    public override ValueTask<IAsyncDisposable?> TryAcquireJobLockAsync(
        DbConnection contextConnection,
        string job,
        CancellationToken cancellationToken
    ) =>
        contextConnection is NpgsqlConnection npgsql
            ? PostgreSqlJobLock.TryAcquireAsync(npgsql, job, cancellationToken)
            : base.TryAcquireJobLockAsync(contextConnection, job, cancellationToken);
}
