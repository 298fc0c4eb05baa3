using System.Data.Common;
using System.Globalization;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>
/// The database the hosts share, read directly by the test (plain SQL over the library's tables, not through the
/// library) so that what a crash left behind is seen as it is stored.
/// </summary>
internal sealed class ReliabilityDatabase : IAsyncDisposable
{
    private readonly SqliteFile? _file;
    private readonly string _connectionString;

    private ReliabilityDatabase(string provider, string hostConnection, string connectionString, SqliteFile? file)
    {
        Provider = provider;
        HostConnection = hostConnection;
        _connectionString = connectionString;
        _file = file;
    }

    /// <summary><c>sqlite</c> or <c>postgresql</c>, as the host's <c>--provider</c>.</summary>
    public string Provider { get; }

    /// <summary>The host's <c>--database</c>: the SQLite file's path or the PostgreSQL connection string.</summary>
    public string HostConnection { get; }

    public bool IsPostgres => Provider == "postgresql";

    public static ReliabilityDatabase Sqlite()
    {
        var file = new SqliteFile();
        return new ReliabilityDatabase("sqlite", file.Path, file.ConnectionString, file);
    }

    public static async Task<ReliabilityDatabase> PostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        return new ReliabilityDatabase("postgresql", connectionString, connectionString, null);
    }

    /// <summary>Every row of a query, each column as long, string or null.</summary>
    public async Task<IReadOnlyList<object?[]>> RowsAsync(string sql)
    {
        await using var connection = Open();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
#pragma warning disable CA2100 // the test's own fixed queries
        command.CommandText = sql;
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<object?[]>();
        while (await reader.ReadAsync())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i)
                    ? null
                    : reader.GetValue(i) switch
                    {
                        string s => s,
                        byte[] b => Convert.ToHexString(b),
                        var v => Convert.ToInt64(v, CultureInfo.InvariantCulture),
                    };
            }

            rows.Add(row);
        }

        return rows;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        var rows = await RowsAsync(sql);
        return rows.Count == 0 || rows[0][0] is null ? 0 : (long)rows[0][0]!;
    }

    public ValueTask DisposeAsync()
    {
        if (_file is null)
        {
            NpgsqlConnection.ClearAllPools();
        }
        else
        {
            SqliteConnection.ClearAllPools();
            _file.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private DbConnection Open() =>
        IsPostgres ? new NpgsqlConnection(_connectionString) : new SqliteConnection(_connectionString);
}
