using System.Globalization;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Npgsql;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// The one throwaway PostgreSQL cluster of a benchmark run (the tests' <see cref="PostgresServer"/>), started the
/// first time a PostgreSQL benchmark needs it and stopped by <see cref="StopAsync"/> when the run ends. Benchmarks run
/// in-process, so every benchmark of the run shares it, and the template databases made in it.
/// </summary>
public static class PostgresCluster
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _server;

    /// <summary>The running server; starts it on first use. Throws with the reason when PostgreSQL is
    /// unavailable.</summary>
    public static async Task<PostgresServer> ServerAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is null)
            {
                var server = new PostgresServer();
                await server.InitializeAsync();
                if (!server.Available)
                {
                    throw new InvalidOperationException(
                        $"PostgreSQL benchmarks need a local PostgreSQL 15: {server.UnavailableReason}"
                    );
                }

                _server = server;
            }

            return _server;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The connection string of a database of the cluster.</summary>
    public static async Task<string> ConnectionStringAsync(string database) =>
        new NpgsqlConnectionStringBuilder((await ServerAsync()).ConnectionString)
        {
            Database = database,
        }.ConnectionString;

    /// <summary>Creates a database, empty or as a copy of <paramref name="template"/> (which nobody may be connected
    /// to).</summary>
    public static async Task<string> CreateDatabaseAsync(string name, string? template = null)
    {
        var sql = template is null
            ? string.Create(CultureInfo.InvariantCulture, $"CREATE DATABASE \"{name}\"")
            : string.Create(CultureInfo.InvariantCulture, $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
        await ExecuteAsync(sql);
        return await ConnectionStringAsync(name);
    }

    /// <summary>Drops a database, closing this process's pooled connections to it first.</summary>
    public static async Task DropDatabaseAsync(string name)
    {
        using (var connection = new NpgsqlConnection(await ConnectionStringAsync(name)))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync(
            string.Create(CultureInfo.InvariantCulture, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)")
        );
    }

    /// <summary>Stops and deletes the cluster, if it was started.</summary>
    public static async Task StopAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
                _server = null;
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection((await ServerAsync()).ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
