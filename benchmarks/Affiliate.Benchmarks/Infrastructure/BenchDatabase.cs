using System.Data.Common;
using Affiliate.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// One database a benchmark works on (a copy of a template, usually): how to reach it through EF Core or plain
/// ADO.NET, and how to get rid of it.
/// </summary>
public sealed class BenchDatabase(Provider provider, string connectionString, Func<ValueTask> drop) : IAsyncDisposable
{
    /// <summary>The library's default table prefix, which the hand-written SQL of the baselines uses too.</summary>
    public const string TablePrefix = "affiliate_";

    private Func<ValueTask>? _drop = drop;

    /// <summary>SQLite or PostgreSQL.</summary>
    public Provider Provider { get; } = provider;

    /// <summary>The connection string.</summary>
    public string ConnectionString { get; } = connectionString;

    /// <summary>A table's name with the library's prefix, for hand-written SQL.</summary>
    public static string Table(string name) => TablePrefix + name;

    /// <summary>Points EF Core at this database.</summary>
    public void Use(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Provider == Provider.Sqlite)
        {
            options.UseSqlite(ConnectionString);
        }
        else
        {
            options.UseNpgsql(ConnectionString);
        }
    }

    /// <summary>A context of its own over the database (for seeding, counting and the naive baselines).</summary>
    public AffiliateDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AffiliateDbContext>();
        Use(options);
        return new AffiliateDbContext(options.Options);
    }

    /// <summary>
    /// An open ADO.NET connection. On SQLite it gets the pragmas the library's store sets on every connection (WAL,
    /// synchronous=FULL), so that a hand-written baseline pays for the same durability as the library.
    /// </summary>
    public async Task<DbConnection> OpenAsync()
    {
        DbConnection connection =
            Provider == Provider.Sqlite
                ? new SqliteConnection(ConnectionString)
                : new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        if (Provider == Provider.Sqlite)
        {
            await using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 30000;";
            await pragmas.ExecuteNonQueryAsync();
        }

        return connection;
    }

    /// <summary>Runs a scalar query on a connection of its own.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Deletes the database (the copy); the template stays.</summary>
    public async ValueTask DisposeAsync()
    {
        var drop = Interlocked.Exchange(ref _drop, null);
        if (drop is not null)
        {
            await drop();
        }
    }
}
