using Microsoft.Data.Sqlite;
using Npgsql;
using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

[Collection(PostgresCollection.Name)]
public sealed class PostgresServerTests(PostgresServer server, ITestOutputHelper output)
{
    [PostgresFact]
    public async Task Server_accepts_connections_and_is_PostgreSQL_15()
    {
        output.WriteLine(
            $"cluster on 127.0.0.1:{server.Port}: initdb {server.InitDbTime.TotalMilliseconds:0} ms, "
                + $"whole start {server.StartupTime.TotalMilliseconds:0} ms ({PostgresProbe.Version}, "
                + $"{PostgresProbe.BinDirectory})"
        );
        Assert.True(server.Available);
        Assert.Null(server.UnavailableReason);

        await using var connection = new NpgsqlConnection(server.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select version()", connection);
        var version = (string?)await command.ExecuteScalarAsync();

        Assert.NotNull(version);
        Assert.StartsWith("PostgreSQL 15", version, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Connection_strings_include_error_detail_and_a_pool_of_100()
    {
        var builder = new NpgsqlConnectionStringBuilder(await server.CreateDatabaseAsync());

        Assert.True(builder.IncludeErrorDetail);
        Assert.Equal(100, builder.MaxPoolSize);
        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal(server.Port, builder.Port);
        Assert.StartsWith("test_", builder.Database, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Each_created_database_is_isolated()
    {
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await ExecuteAsync(first, "create table marker (id int primary key); insert into marker values (1);");

        Assert.Equal(1L, await ScalarAsync<long>(first, "select count(*) from marker"));
        Assert.Equal(
            0L,
            await ScalarAsync<long>(
                second,
                "select count(*) from information_schema.tables where table_name = 'marker'"
            )
        );
        Assert.NotEqual(
            await ScalarAsync<string>(first, "select current_database()"),
            await ScalarAsync<string>(second, "select current_database()")
        );
    }

    [PostgresFact]
    public async Task A_database_can_be_named_and_names_are_checked()
    {
        var name = "named_" + Guid.NewGuid().ToString("N")[..12];
        var connectionString = await server.CreateDatabaseAsync(name);

        Assert.Equal(name, await ScalarAsync<string>(connectionString, "select current_database()"));
        await Assert.ThrowsAsync<PostgresException>(() => server.CreateDatabaseAsync(name));
        await Assert.ThrowsAsync<ArgumentException>(() =>
            server.CreateDatabaseAsync("Robert'); drop table students;--")
        );
    }

    [PostgresFact]
    public async Task Thirty_connections_work_at_once()
    {
        const int count = 30;
        var connectionString = await server.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var opened = 0;

        async Task<(int Pid, long Seen)> Query()
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            if (Interlocked.Increment(ref opened) == count)
            {
                allOpen.SetResult();
            }

            // Every connection stays open until all are: the server really serves 30 sessions at once.
            await allOpen.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await using var command = new NpgsqlCommand(
                "select pg_backend_pid(), (select count(*) from pg_stat_activity where datname = current_database())",
                connection
            );
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            return (reader.GetInt32(0), reader.GetInt64(1));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(Query)));

        Assert.Equal(count, results.Select(r => r.Pid).Distinct().Count());
        Assert.All(results, r => Assert.True(r.Seen >= count, $"saw only {r.Seen} sessions"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}

public sealed class SqliteFileTests
{
    [Fact]
    public async Task Creates_a_real_file_that_is_gone_after_dispose()
    {
        string path;
        string directory;
        await using (var db = new SqliteFile())
        {
            path = db.Path;
            directory = db.DirectoryPath;
            Assert.True(File.Exists(path));
            Assert.StartsWith(Path.GetTempPath(), path, StringComparison.Ordinal);

            await using (var connection = await db.OpenConnectionAsync())
            {
                await using var command = connection.CreateCommand();
                command.CommandText = "create table marker (id integer primary key); insert into marker values (1);";
                await command.ExecuteNonQueryAsync();
                Assert.True(File.Exists(path));
            }

            // Data lives in the file, not in a connection: a new connection sees it.
            await using var again = await db.OpenConnectionAsync();
            await using var count = again.CreateCommand();
            count.CommandText = "select count(*) from marker";
            Assert.Equal(1L, await count.ExecuteScalarAsync());
            Assert.True(new FileInfo(path).Length > 0);
        }

        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(directory));
    }

    [Fact]
    public void Connection_string_names_the_file_with_a_busy_timeout()
    {
        using var db = new SqliteFile();
        var builder = new SqliteConnectionStringBuilder(db.ConnectionString);

        Assert.Equal(db.Path, builder.DataSource);
        Assert.Equal(30, builder.DefaultTimeout);
        Assert.False(builder.Pooling);
    }

    [Fact]
    public async Task Each_file_is_fresh_and_pooled_files_are_deleted_too()
    {
        await using var first = new SqliteFile(pooling: true);
        await using var second = new SqliteFile(pooling: true);
        Assert.NotEqual(first.Path, second.Path);

        await using (var connection = await first.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "pragma journal_mode = wal; create table marker (id integer primary key);";
            await command.ExecuteNonQueryAsync();
        }

        await using (var connection = await second.OpenConnectionAsync())
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "select count(*) from sqlite_master";
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        await first.DisposeAsync();
        Assert.False(Directory.Exists(first.DirectoryPath));
    }
}
