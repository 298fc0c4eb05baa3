using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Affiliate.EntityFrameworkCore.Sqlite;

/// <summary>
/// SQLite for the affiliate stores: the schema scripts embedded here, the pragmas on every connection, multi-row click
/// inserts, and SQLite's busy, locked and constraint errors as collisions. Created by the neutral package's
/// <see cref="AffiliateDatabases"/> from its type name when a context's provider is
/// Microsoft.EntityFrameworkCore.Sqlite.
/// </summary>
internal sealed class SqliteAffiliateDatabase : AffiliateDatabase
{
    public override AffiliateSchema.Provider Dialect => AffiliateSchema.Provider.Sqlite;

    public override string PackageName => AffiliateDatabases.SqlitePackage;

    public override Task<int> WriteClicksAsync(
        DbConnection connection,
        AffiliateModelOptions options,
        IReadOnlyList<ClickWrite> clicks,
        CancellationToken cancellationToken
    ) => SqliteClickBatch.InsertAsync((SqliteConnection)connection, options, clicks, cancellationToken);

    /// <summary>
    /// SQLITE_BUSY (5), SQLITE_LOCKED (6) and SQLITE_CONSTRAINT (19): another writer got there first.
    /// </summary>
    protected override bool IsProviderCollision(Exception exception) =>
        exception is SqliteException { SqliteErrorCode: 5 or 6 or 19 };

    public override void ConnectionOpened(DbConnection connection) => SqlitePragmas.Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, CancellationToken cancellationToken) =>
        SqlitePragmas.ApplyAsync(connection, cancellationToken);
}
