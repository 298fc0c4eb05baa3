using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Affiliate.Benchmarks.Data;

/// <summary>
/// <c>--check-seeder</c>: seeds one small history both ways, through the library (<see cref="Seeder"/>) and in bulk
/// (<see cref="BulkSeeder"/>), into two databases that start as copies of one partners-only database, then compares
/// every table row by row and the library's reports and balances on both. <c>--time-seeder</c>: times one seeder's
/// history on an empty database.
/// </summary>
public static class SeederCheck
{
    /// <summary>Differences printed per table before the rest are only counted.</summary>
    private const int Shown = 5;

    /// <summary>Partners whose reads are compared (reads of all 200 would double the check's time).</summary>
    private const int ReadPartners = 20;

    private static readonly LocalDate From = (BenchProgram.Now - BenchProgram.Window).InUtc().Date;
    private static readonly LocalDate Until = BenchProgram.Now.InUtc().Date.PlusDays(1);

    /// <summary>
    /// Runs the check on each provider, all at once (most of the time goes to the library's round trips, which
    /// overlap well); 0 when both seeders wrote the same everywhere, 1 otherwise.
    /// </summary>
    public static async Task<int> RunAsync(IEnumerable<Provider> providers, int lines)
    {
        var checks = providers
            .Select(async provider =>
            {
                using var output = new StringWriter(CultureInfo.InvariantCulture);
                var found = await CheckAsync(provider, lines, output);
                return (found, output.ToString());
            })
            .ToArray();
        var differences = 0;
        foreach (var (found, output) in await Task.WhenAll(checks))
        {
            Console.Write(output);
            differences += found;
        }

        return differences == 0 ? 0 : 1;
    }

    private static async Task<int> CheckAsync(Provider provider, int lines, TextWriter output)
    {
        var clock = Stopwatch.StartNew();
        var phases = new List<string>();
        void Phase(string what)
        {
            phases.Add(string.Create(CultureInfo.InvariantCulture, $"{what} {clock.Elapsed.TotalSeconds:0.0} s"));
            clock.Restart();
        }

        await using var partners = await NewDatabaseAsync(provider, "check_partners");
        await using (var host = BenchHost.Create(partners))
        {
            await host.EnsureSchemaAsync();
            await new Seeder().PartnersAsync(host);
        }

        await using var library = await CopyAsync(partners, "check_library");
        await using var bulk = await CopyAsync(partners, "check_bulk");
        Phase("partners");
        await using (var host = BenchHost.Create(library))
        {
            await new Seeder().HistoryAsync(host, lines: lines);
        }

        Phase("library");
        await using (var host = BenchHost.Create(bulk))
        {
            await new BulkSeeder().HistoryAsync(host, lines: lines);
        }

        Phase("bulk");
        var (found, rows, tables) = await CompareTablesAsync(library, bulk, output);
        var (readDifferences, reads) = await CompareReadsAsync(library, bulk, output);
        found += readDifferences;
        Phase("comparing");
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"// Seeder check on {provider}, {lines} lines: {(found == 0 ? "same" : $"{found} differences")} "
                    + $"({rows} rows in {tables} tables, {reads} reads; {string.Join(", ", phases)})"
            )
        );
        return found;
    }

    /// <summary>Seeds partners, then times the history of one seeder (<c>bulk</c> or <c>library</c>).</summary>
    public static async Task<int> TimeAsync(IEnumerable<Provider> providers, string seeder, int lines)
    {
        ISeeder history = seeder switch
        {
            "bulk" => new BulkSeeder(),
            "library" => new Seeder(),
            _ => throw new ArgumentException($"--time-seeder: '{seeder}' is not bulk or library."),
        };
        foreach (var provider in providers)
        {
            await using var database = await NewDatabaseAsync(provider, "time_" + seeder);
            await using var host = BenchHost.Create(database);
            await host.EnsureSchemaAsync();
            await history.PartnersAsync(host);
            var clock = Stopwatch.StartNew();
            await history.HistoryAsync(host, lines: lines);
            Console.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"// {seeder} seeder: {lines} lines on {provider} in {clock.Elapsed.TotalSeconds:0.0} s"
                )
            );
        }

        return 0;
    }

    // ---- Databases -----------------------------------------------------------------------------------------------

    private static async Task<BenchDatabase> NewDatabaseAsync(Provider provider, string name)
    {
        if (provider == Provider.PostgreSql)
        {
            var database = name + "_" + Guid.NewGuid().ToString("N");
            return new BenchDatabase(provider, await PostgresCluster.CreateDatabaseAsync(database), async () =>
                await PostgresCluster.DropDatabaseAsync(database)
            );
        }

        Directory.CreateDirectory(Paths.Work);
        var file = Path.Combine(Paths.Work, name + "_" + Guid.NewGuid().ToString("N") + ".db");
        return new BenchDatabase(provider, SqliteConnectionString(file), () =>
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { string.Empty, "-wal", "-shm", "-journal" })
            {
                File.Delete(file + suffix);
            }

            return ValueTask.CompletedTask;
        });
    }

    /// <summary>A copy of a database nobody writes to any more: the SQLite file (its log folded in first), or a
    /// PostgreSQL database made from it as a template.</summary>
    private static async Task<BenchDatabase> CopyAsync(BenchDatabase source, string name)
    {
        if (source.Provider == Provider.PostgreSql)
        {
            var template = new NpgsqlConnectionStringBuilder(source.ConnectionString).Database!;
            using (var connection = new NpgsqlConnection(source.ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            var database = name + "_" + Guid.NewGuid().ToString("N");
            return new BenchDatabase(
                Provider.PostgreSql,
                await PostgresCluster.CreateDatabaseAsync(database, template),
                async () => await PostgresCluster.DropDatabaseAsync(database)
            );
        }

        await using (var connection = await source.OpenAsync())
        {
            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            await checkpoint.ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        var from = new SqliteConnectionStringBuilder(source.ConnectionString).DataSource;
        var copy = await NewDatabaseAsync(Provider.Sqlite, name);
        File.Copy(from, new SqliteConnectionStringBuilder(copy.ConnectionString).DataSource);
        return copy;
    }

    private static string SqliteConnectionString(string file) =>
        new SqliteConnectionStringBuilder
        {
            DataSource = file,
            Mode = SqliteOpenMode.ReadWriteCreate,
            DefaultTimeout = 30,
        }.ConnectionString;

    // ---- Tables --------------------------------------------------------------------------------------------------

    /// <summary>Every table of both databases, all rows in the order of all their columns, compared value by
    /// value.</summary>
    private static async Task<(int Differences, int Rows, int Tables)> CompareTablesAsync(
        BenchDatabase expected,
        BenchDatabase actual,
        TextWriter output
    )
    {
        await using var left = await expected.OpenAsync();
        await using var right = await actual.OpenAsync();
        var tables = await TablesAsync(left);
        var otherTables = await TablesAsync(right);
        if (!tables.SequenceEqual(otherTables))
        {
            output.WriteLine($"Tables differ: [{string.Join(", ", tables)}] and [{string.Join(", ", otherTables)}]");
            return (1, 0, 0);
        }

        var (differences, rows) = (0, 0);
        foreach (var table in tables)
        {
            // The one column that legitimately differs: when the schema scripts ran (each database was created at its
            // own moment). Nothing else may: both histories start from the same copy of the partners.
            var columns = (await ColumnsAsync(left, table))
                .Where(c => !(table.EndsWith("schema_version", StringComparison.Ordinal) && c == "applied_at"))
                .ToArray();
            var order = string.Join(", ", Enumerable.Range(1, columns.Length));
            var sql = $"SELECT {string.Join(", ", columns)} FROM {table} ORDER BY {order}";
            var (found, count) = await CompareRowsAsync(table, columns, left, right, sql, output);
            (differences, rows) = (differences + found, rows + count);
        }

        return (differences, rows, tables.Count);
    }

    private static async Task<(int Differences, int Rows)> CompareRowsAsync(
        string table,
        string[] columns,
        DbConnection left,
        DbConnection right,
        string sql,
        TextWriter output
    )
    {
        await using var leftCommand = left.CreateCommand();
        leftCommand.CommandText = sql;
        await using var rightCommand = right.CreateCommand();
        rightCommand.CommandText = sql;
        await using var expected = await leftCommand.ExecuteReaderAsync();
        await using var actual = await rightCommand.ExecuteReaderAsync();
        var (row, differences) = (0, 0);
        while (true)
        {
            var more = await expected.ReadAsync();
            var moreActual = await actual.ReadAsync();
            if (!more && !moreActual)
            {
                break;
            }

            if (more != moreActual)
            {
                var what = more ? "the library's seeder wrote more rows" : "the bulk seeder wrote more rows";
                output.WriteLine($"{table}: {what} (row {row} and later)");
                return (differences + 1, row);
            }

            for (var i = 0; i < columns.Length; i++)
            {
                var (a, b) = (expected.GetValue(i), actual.GetValue(i));
                if (!Equals(a, b))
                {
                    if (differences < Shown)
                    {
                        output.WriteLine(
                            $"{table} row {row} ({Describe(expected, columns)}): {columns[i]} is "
                                + $"{Show(a)} through the library, {Show(b)} in bulk"
                        );
                    }

                    differences++;
                }
            }

            row++;
        }

        if (differences > Shown)
        {
            output.WriteLine($"{table}: {differences} differing values in all");
        }

        return (differences, row);
    }

    private static string Describe(DbDataReader reader, string[] columns) =>
        string.Join(", ", columns.Take(3).Select((c, i) => $"{c} = {Show(reader.GetValue(i))}"));

    private static string Show(object value) => value is DBNull ? "NULL" : $"'{value}' ({value.GetType().Name})";

    private static async Task<List<string>> TablesAsync(DbConnection connection)
    {
        var sql =
            connection is NpgsqlConnection
                ? "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    + "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY "
                    + "c.relname"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name";
        return await StringsAsync(connection, sql);
    }

    private static Task<List<string>> ColumnsAsync(DbConnection connection, string table) =>
        StringsAsync(
            connection,
            connection is NpgsqlConnection
                ? "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' "
                    + $"AND table_name = '{table}' ORDER BY ordinal_position"
                : $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
        );

    private static async Task<List<string>> StringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }

    // ---- Reads ---------------------------------------------------------------------------------------------------

    /// <summary>
    /// The library's reads on both databases, compared as their JSON: the program summary, and the daily report and
    /// balances of the first <see cref="ReadPartners"/> partners (the busiest sellers, and the top of the sponsor
    /// tree, where upline lines pile up). The table comparison has already covered every row of every partner.
    /// </summary>
    private static async Task<(int Differences, int Reads)> CompareReadsAsync(
        BenchDatabase expected,
        BenchDatabase actual,
        TextWriter output
    )
    {
        var left = await ReadsAsync(expected);
        var right = await ReadsAsync(actual);
        var differences = 0;
        foreach (var (what, json) in left)
        {
            if (!right.TryGetValue(what, out var other) || other != json)
            {
                if (differences < Shown)
                {
                    output.WriteLine($"{what}: {json} through the library, {other ?? "nothing"} in bulk");
                }

                differences++;
            }
        }

        return (differences, left.Count);
    }

    private static async Task<Dictionary<string, string>> ReadsAsync(BenchDatabase database)
    {
        await using var host = BenchHost.Create(database);
        var reads = new Dictionary<string, string>(StringComparer.Ordinal);
        var period = new ReportPeriod(From, Until, ReportGranularity.Day);
        for (var i = 0; i < ReadPartners; i++)
        {
            var partner = BenchProgram.Partner(i);
            var report = await host.RunAsync<AffiliateReports, AffiliateResult<PerformanceReport>>(r =>
                r.PartnerAsync(partner, period).AsTask()
            );
            reads[$"report of {partner}"] = AffiliateJson.Serialize(report.GetValueOrThrow());
            var balances = await host.RunAsync<CommissionLedger, IReadOnlyList<PartnerBalance>>(l =>
                l.BalancesAsync(partner, BenchProgram.ProgramId).AsTask()
            );
            reads[$"balances of {partner}"] = AffiliateJson.Serialize(balances);
        }

        var summary = await host.RunAsync<AffiliateReports, AffiliateResult<ProgramSummary>>(r =>
            r.SummaryAsync(From, Until).AsTask()
        );
        reads["program summary"] = AffiliateJson.Serialize(summary.GetValueOrThrow());
        return reads;
    }
}
