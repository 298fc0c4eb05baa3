using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// Seeds each <see cref="Template"/> once and hands out copies, so seeding is never measured and each iteration that
/// changes data can start from the same state. SQLite templates are files under
/// <c>artifacts/benchmarks/data/sqlite</c>, copied per use. PostgreSQL templates are databases of the run's cluster,
/// copied with <c>CREATE DATABASE ... TEMPLATE</c>; since the cluster is thrown away after the run, their tables are
/// also kept as binary COPY files under <c>artifacts/benchmarks/data/postgres</c> and loaded back by the next run
/// instead of seeding again.
/// </summary>
public static class TemplateCache
{
    private const string CompleteMarker = "complete";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly ConcurrentDictionary<string, string> PostgresTemplates = new(StringComparer.Ordinal);

    /// <summary>A fresh copy of the template on the provider; dispose it to delete the copy.</summary>
    public static async Task<BenchDatabase> CopyAsync(Provider provider, Template template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return provider == Provider.Sqlite ? await CopySqliteAsync(template) : await CopyPostgresAsync(template);
    }

    /// <summary>Deletes leftovers of an earlier run that died (copies are only valid within one run).</summary>
    public static void SweepWork()
    {
        if (Directory.Exists(Paths.Work))
        {
            Directory.Delete(Paths.Work, recursive: true);
        }
    }

    // ---- SQLite --------------------------------------------------------------------------------------------------

    private static async Task<BenchDatabase> CopySqliteAsync(Template template)
    {
        string file;
        await Gate.WaitAsync();
        try
        {
            file = await EnsureSqliteAsync(template);
        }
        finally
        {
            Gate.Release();
        }

        Directory.CreateDirectory(Paths.Work);
        var copy = Path.Combine(Paths.Work, Guid.NewGuid().ToString("N") + ".db");
        File.Copy(file, copy);
        return new BenchDatabase(Provider.Sqlite, SqliteConnectionString(copy), () =>
        {
            // Pooled connections keep the file open; close them, then delete the file with its WAL and shared memory.
            SqliteConnection.ClearAllPools();
            DeleteSqlite(copy);
            return ValueTask.CompletedTask;
        });
    }

    /// <summary>The template's file, seeded first when missing (its base first, recursively). Called holding the
    /// gate.</summary>
    private static async Task<string> EnsureSqliteAsync(Template template)
    {
        var file = Path.Combine(Paths.Data, "sqlite", template.Key + ".db");
        if (File.Exists(file))
        {
            return file;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var seeding = file + ".seeding";

        // A pooled connection to a file of an earlier, failed attempt would keep reading that file after it is deleted.
        SqliteConnection.ClearAllPools();
        DeleteSqlite(seeding);
        if (template.Base is { } start)
        {
            File.Copy(await EnsureSqliteAsync(start), seeding);
        }

        var clock = Stopwatch.StartNew();
        var database = new BenchDatabase(Provider.Sqlite, SqliteConnectionString(seeding), Keep);
        try
        {
            await using var host = BenchHost.Create(database);
            await host.EnsureSchemaAsync();
            await template.Seed(host);
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            DeleteSqlite(seeding);
            throw;
        }

        // Fold the write-ahead log into the file and close every connection, so the one file is the whole database.
        await using (var connection = new SqliteConnection(database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        File.Delete(seeding + "-wal");
        File.Delete(seeding + "-shm");
        File.Move(seeding, file, overwrite: true);
        Report(template, "SQLite", clock.Elapsed);
        return file;
    }

    private static void DeleteSqlite(string file)
    {
        foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
        {
            File.Delete(file + suffix);
        }
    }

    private static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ConnectionString;

    /// <summary>The "drop" of a template being seeded: nothing, it is kept.</summary>
    private static ValueTask Keep() => ValueTask.CompletedTask;

    // ---- PostgreSQL ----------------------------------------------------------------------------------------------

    private static async Task<BenchDatabase> CopyPostgresAsync(Template template)
    {
        string name;
        await Gate.WaitAsync();
        try
        {
            name = await EnsurePostgresAsync(template);
        }
        finally
        {
            Gate.Release();
        }

        var copy = "work_" + Guid.NewGuid().ToString("N");
        var connectionString = await PostgresCluster.CreateDatabaseAsync(copy, name);
        return new BenchDatabase(Provider.PostgreSql, connectionString, async () =>
            await PostgresCluster.DropDatabaseAsync(copy)
        );
    }

    /// <summary>
    /// The template's database in this run's cluster: made from the cached COPY files when there are some, else from
    /// its base (made first, recursively) or empty, and seeded. Called holding the gate.
    /// </summary>
    private static async Task<string> EnsurePostgresAsync(Template template)
    {
        if (PostgresTemplates.TryGetValue(template.Key, out var made))
        {
            return made;
        }

        var name = "tmpl_" + template.Key.Replace('-', '_');
        var dump = Path.Combine(Paths.Data, "postgres", template.Key);
        var loaded = File.Exists(Path.Combine(dump, CompleteMarker));
        var start = !loaded && template.Base is { } based ? await EnsurePostgresAsync(based) : null;
        var clock = Stopwatch.StartNew();
        await PostgresCluster.DropDatabaseAsync(name); // left by an attempt that failed earlier in this run
        var connectionString = await PostgresCluster.CreateDatabaseAsync(name, start);
        var database = new BenchDatabase(Provider.PostgreSql, connectionString, Keep);
        await using (var host = BenchHost.Create(database))
        {
            await host.EnsureSchemaAsync();
            if (loaded)
            {
                await LoadAsync(database, dump);
            }
            else
            {
                await template.Seed(host);
            }
        }

        await using (var connection = (NpgsqlConnection)await database.OpenAsync())
        {
            // A production database has statistics from autovacuum; a fresh copy would get them at a random moment
            // during the measurements. Taking them now makes every copy start planned the same way.
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
            if (!loaded)
            {
                await DumpAsync(connection, dump);
            }
        }

        // CREATE DATABASE ... TEMPLATE refuses a template anybody is connected to.
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        PostgresTemplates[template.Key] = name;
        Report(template, loaded ? "PostgreSQL (loaded from the cached COPY files)" : "PostgreSQL", clock.Elapsed);
        return name;
    }

    /// <summary>The library's tables (the schema version table excepted), partitioned parents instead of their
    /// partitions.</summary>
    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        const string sql =
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition "
            + "AND c.relname NOT LIKE '%schema_version' ORDER BY c.relname";
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var tables = new List<string>();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static async Task DumpAsync(NpgsqlConnection connection, string dump)
    {
        var staging = dump + ".writing";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        foreach (var table in await TablesAsync(connection))
        {
            // COPY (SELECT ...) because a partitioned table cannot be copied from directly.
            var copy = $"COPY (SELECT * FROM \"{table}\") TO STDOUT (FORMAT BINARY)";
            await using var source = await connection.BeginRawBinaryCopyAsync(copy);
            await using var file = File.Create(Path.Combine(staging, table + ".bin"));
            await source.CopyToAsync(file);
        }

        await File.WriteAllTextAsync(Path.Combine(staging, CompleteMarker), string.Empty);
        if (Directory.Exists(dump))
        {
            Directory.Delete(dump, recursive: true);
        }

        Directory.Move(staging, dump);
    }

    private static async Task LoadAsync(BenchDatabase database, string dump)
    {
        await using var connection = (NpgsqlConnection)await database.OpenAsync();
        foreach (var table in await TablesAsync(connection))
        {
            var path = Path.Combine(dump, table + ".bin");
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"The cached template {dump} has no {table}.bin; delete the folder to seed it again."
                );
            }

            await using var file = File.OpenRead(path);
            var copy = $"COPY \"{table}\" FROM STDIN (FORMAT BINARY)";
            await using var target = await connection.BeginRawBinaryCopyAsync(copy);
            await file.CopyToAsync(target);
        }

        // Rows came with their serial values; move the sequences past them, as inserts through the library would have.
        const string serials =
            "SELECT table_name, column_name FROM information_schema.columns "
            + "WHERE table_schema = 'public' "
            + "AND (column_default LIKE 'nextval(%' OR is_identity = 'YES')";
        var columns = new List<(string Table, string Column)>();
        await using (var command = new NpgsqlCommand(serials, connection))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                columns.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (table, column) in columns)
        {
            var sql = string.Create(
                CultureInfo.InvariantCulture,
                $"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                    + $"COALESCE((SELECT MAX(\"{column}\") FROM \"{table}\"), 0) + 1, false)"
            );
            await using var setval = new NpgsqlCommand(sql, connection);
            await setval.ExecuteScalarAsync();
        }
    }

    private static void Report(Template template, string where, TimeSpan elapsed) =>
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"// Seeded template {template.Key} on {where} in {elapsed.TotalSeconds:0.0} s"
            )
        );
}
