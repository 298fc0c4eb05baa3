using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// Creates and upgrades the affiliate tables from SQL scripts shipped in the provider package
/// (Affiliate.EntityFrameworkCore.Sqlite or .PostgreSql, found from the context's provider), recording each applied
/// version in a schema version table. No EF design-time package or migrations needed.
/// Safe to run from several instances at once: PostgreSQL serialises on an advisory lock, SQLite on a write lock.
/// </summary>
/// <example><code>
/// await using var scope = app.Services.CreateAsyncScope();
/// await AffiliateSchema.EnsureCreatedAsync(scope.ServiceProvider.GetRequiredService&lt;ShopDbContext&gt;());
/// </code></example>
public static class AffiliateSchema
{
    private const long AdvisoryLockKey = 0x41_66_66_69_6C_69_61; // "Affilia"

    /// <summary>
    /// The schema versions this package's SQL is written against, in order (numbers may be skipped): every provider
    /// package ships exactly these scripts. A new script adds its version here.
    /// </summary>
    private static readonly int[] KnownVersions = [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14];

    /// <summary>The newest schema version this package knows.</summary>
    public static int LatestVersion => KnownVersions[^1];

    /// <summary>The versions of the scripts the provider packages ship, in order (numbers may be skipped).</summary>
    internal static IReadOnlyList<int> Versions => KnownVersions;

    /// <summary>
    /// Applies every script newer than the database's version (up to <paramref name="upToVersion"/> when given, for
    /// upgrade tests); returns the versions applied. Table names come from the context's <c>UseAffiliates</c> options.
    /// </summary>
    /// <remarks>
    /// Runs in the context's execution strategy: with <c>EnableRetryOnFailure</c> a transient failure rolls the
    /// attempt back and the whole upgrade is tried again (it starts from the version the database holds).
    /// </remarks>
    public static async Task<IReadOnlyList<int>> EnsureCreatedAsync(
        DbContext context,
        int? upToVersion = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        return await context
            .Database.CreateExecutionStrategy()
            .ExecuteAsync(
                upToVersion,
                static (context, upTo, token) => ApplyAsync(context, upTo, token),
                verifySucceeded: null,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<int>> ApplyAsync(
        DbContext context,
        int? upToVersion,
        CancellationToken cancellationToken
    )
    {
        var options = AffiliateModelOptions.Of(context);
        var database = AffiliateDatabases.Default.For(context);
        var provider = database.Dialect;
        var scripts = Scripts(database);
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await using var transaction = await BeginAsync(connection, provider, cancellationToken)
                .ConfigureAwait(false);
            if (provider == Provider.PostgreSql)
            {
                // The lock first: CREATE SCHEMA IF NOT EXISTS is not safe against itself (two sessions can both find
                // the schema missing, and the second fails on pg_namespace's unique key).
                await ExecuteAsync(
                        connection,
                        transaction,
                        $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})",
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                if (options.Schema is { } schema)
                {
                    await ExecuteAsync(
                            connection,
                            transaction,
                            $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"",
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                }
            }

            var versionTable = Table(options, provider, "schema_version");
            await ExecuteAsync(
                    connection,
                    transaction,
                    provider == Provider.PostgreSql
                        ? $"CREATE TABLE IF NOT EXISTS {versionTable} (version integer NOT NULL PRIMARY KEY, "
                            + "description text NOT NULL, applied_at bigint NOT NULL)"
                        : $"CREATE TABLE IF NOT EXISTS {versionTable} (version INTEGER NOT NULL PRIMARY KEY, "
                            + "description TEXT NOT NULL, applied_at INTEGER NOT NULL)",
                    cancellationToken
                )
                .ConfigureAwait(false);

            var current = Convert.ToInt32(
                await ScalarAsync(
                        connection,
                        transaction,
                        $"SELECT COALESCE(MAX(version), 0) FROM {versionTable}",
                        cancellationToken
                    )
                    .ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture
            );
            var applied = new List<int>();
            var pending = scripts.Where(s => s.Version > current && (upToVersion is null || s.Version <= upToVersion));
            foreach (var script in pending.OrderBy(s => s.Version))
            {
                var sql = script
                    .Sql.Replace("{prefix}", Table(options, provider, string.Empty), StringComparison.Ordinal)
                    .Replace("{name}", options.TablePrefix, StringComparison.Ordinal)
                    .Replace("{schema}", SchemaQualifier(options, provider), StringComparison.Ordinal);
                await ExecuteAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
                // The database's own clock stamps the version (as Unix ticks): the library reads no system clock.
                var now =
                    provider == Provider.PostgreSql
                        ? "(extract(epoch from clock_timestamp()) * 10000000)::bigint"
                        : "CAST((julianday('now') - 2440587.5) * 864000000000 AS INTEGER)";
                await ExecuteAsync(
                        connection,
                        transaction,
                        $"INSERT INTO {versionTable} (version, description, applied_at) VALUES ({script.Version}, "
                            + $"'{script.Description}', {now})",
                        cancellationToken
                    )
                    .ConfigureAwait(false);
                applied.Add(script.Version);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return applied;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The schema version of the database (0 when the tables have never been created).</summary>
    public static async Task<int> VersionAsync(DbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var options = AffiliateModelOptions.Of(context);
        var provider = ProviderOf(context);
        var connection = context.Database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var exists =
                provider == Provider.PostgreSql
                    ? $"SELECT to_regclass('{Unquoted(Table(options, provider, "schema_version"))}') IS NOT NULL"
                    : "SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = "
                        + $"'{options.TablePrefix}schema_version'";
            if (
                !Convert.ToBoolean(
                    await ScalarAsync(connection, null, exists, cancellationToken).ConfigureAwait(false),
                    System.Globalization.CultureInfo.InvariantCulture
                )
            )
            {
                return 0;
            }

            return Convert.ToInt32(
                await ScalarAsync(
                        connection,
                        null,
                        $"SELECT COALESCE(MAX(version), 0) FROM {Table(options, provider, "schema_version")}",
                        cancellationToken
                    )
                    .ConfigureAwait(false),
                System.Globalization.CultureInfo.InvariantCulture
            );
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync().ConfigureAwait(false);
            }
        }
    }

    private static string Unquoted(string table) => table.Replace("\"", string.Empty, StringComparison.Ordinal);

    internal enum Provider
    {
        Sqlite,
        PostgreSql,
    }

    /// <summary>
    /// The SQL dialect of a context, from its provider package (see <see cref="AffiliateDatabases"/>).
    /// </summary>
    internal static Provider ProviderOf(DbContext context) => AffiliateDatabases.Default.For(context).Dialect;

    /// <summary>What names an index in the library's schema in a script (<c>{schema}ix_{name}...</c>): an index lives
    /// in its table's schema, so dropping one there must name it.</summary>
    private static string SchemaQualifier(AffiliateModelOptions options, Provider provider) =>
        provider == Provider.PostgreSql && options.Schema is { } schema ? $"\"{schema}\"." : string.Empty;

    internal static string Table(AffiliateModelOptions options, Provider provider, string name) =>
        provider == Provider.PostgreSql && options.Schema is { } schema
            ? $"\"{schema}\".{options.TablePrefix}{name}"
            : options.TablePrefix + name;

    private static async Task<DbTransaction> BeginAsync(
        DbConnection connection,
        Provider provider,
        CancellationToken cancellationToken
    )
    {
        if (provider == Provider.Sqlite)
        {
            // BEGIN IMMEDIATE takes the write lock at once, so two migrators cannot both read version 0.
            await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 30000", cancellationToken)
                .ConfigureAwait(false);
        }

        return await connection
            .BeginTransactionAsync(
                provider == Provider.Sqlite ? IsolationLevel.Serializable : IsolationLevel.ReadCommitted,
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(
        DbConnection connection,
        DbTransaction? transaction,
        string sql,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The provider package's scripts, checked against the versions this package's SQL expects: a provider package of
    /// another version than this one would otherwise create tables the stores do not know.
    /// </summary>
    internal static IReadOnlyList<SchemaScript> Scripts(AffiliateDatabase database)
    {
        var scripts = database.Scripts;
        if (!scripts.Select(s => s.Version).SequenceEqual(KnownVersions))
        {
            var shipped = string.Join(", ", scripts.Select(s => s.Version));
            throw new InvalidOperationException(
                $"'{database.PackageName}' ships schema versions [{shipped}] but 'Affiliate.EntityFrameworkCore' "
                    + $"expects [{string.Join(", ", KnownVersions)}]: reference the same version of both packages."
            );
        }

        return scripts;
    }
}
