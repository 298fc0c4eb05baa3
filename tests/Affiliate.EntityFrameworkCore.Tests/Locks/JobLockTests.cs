using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.Locks;

[Collection(PostgresCollection.Name)]
public sealed class PostgresJobLockTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_job_lock_is_held_by_one_instance_until_it_lets_go()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        var first = new EntityFrameworkAffiliateStore(database.NewContext());
        var second = new EntityFrameworkAffiliateStore(database.NewContext());

        var held = await first.TryAcquireAsync("approve:default", default);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync("approve:default", default));
        await using (var other = await second.TryAcquireAsync("payouts:default", default))
        {
            Assert.NotNull(other);
        }

        await held!.DisposeAsync();
        await using var again = await second.TryAcquireAsync("approve:default", default);
        Assert.NotNull(again);
    }

    [PostgresFact]
    public async Task A_context_over_a_data_source_locks_on_a_connection_of_that_data_source()
    {
        // Settings a data source has and its connection string lacks (here an initializer that names every physical
        // connection; in production a password provider, certificates, type mappings) apply to the lock's session too.
        const string name = "affiliate-lock-test";
        var connectionString = await server.CreateDatabaseAsync();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UsePhysicalConnectionInitializer(
            connection =>
            {
                using var command = new NpgsqlCommand($"SET application_name = '{name}'", connection);
                command.ExecuteNonQuery();
            },
            async connection =>
            {
                await using var command = new NpgsqlCommand($"SET application_name = '{name}'", connection);
                await command.ExecuteNonQueryAsync();
            }
        );
        await using var dataSource = builder.Build();
        var options = new DbContextOptionsBuilder<AffiliateDbContext>().UseNpgsql(dataSource).Options;
        await using var firstContext = new AffiliateDbContext(options);
        await using var secondContext = new AffiliateDbContext(options);
        var first = new EntityFrameworkAffiliateStore(firstContext);
        var second = new EntityFrameworkAffiliateStore(secondContext);

        var held = await first.TryAcquireAsync("approve:default", default);
        Assert.NotNull(held);
        Assert.Null(await second.TryAcquireAsync("approve:default", default));
        Assert.Equal([name], await AdvisoryLockHoldersAsync(connectionString));

        await held!.DisposeAsync();
        Assert.Empty(await AdvisoryLockHoldersAsync(connectionString));
        await using var again = await second.TryAcquireAsync("approve:default", default);
        Assert.NotNull(again);
    }

    [PostgresTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task When_the_unlock_fails_the_session_is_closed_so_the_lock_is_not_pooled_with_it(bool overDataSource)
    {
        // A session whose search path puts a schema before pg_catalog finds that schema's pg_advisory_unlock first:
        // this one fails while the session stays alive and keeps the lock.
        var connectionString = await server.CreateDatabaseAsync();
        await using (var setup = NpgsqlDataSource.Create(connectionString))
        {
            await using var command = setup.CreateCommand(
                "CREATE SCHEMA trap; "
                    + "CREATE FUNCTION trap.pg_advisory_unlock(bigint) RETURNS boolean LANGUAGE plpgsql AS $$ BEGIN "
                    + "RAISE EXCEPTION 'unlock refused'; END $$"
            );
            await command.ExecuteNonQueryAsync();
        }

        // Idle connections are kept long (the fixture's connection string prunes them after 10 s, which would end a
        // pooled session and its lock on its own).
        var trapped = new NpgsqlConnectionStringBuilder(connectionString)
        {
            SearchPath = "trap,pg_catalog,public",
            ApplicationName = "trapped",
            ConnectionIdleLifetime = 300,
        }.ConnectionString;
        await using var dataSource = NpgsqlDataSource.Create(trapped);
        var options = overDataSource
            ? new DbContextOptionsBuilder<AffiliateDbContext>().UseNpgsql(dataSource).Options
            : new DbContextOptionsBuilder<AffiliateDbContext>().UseNpgsql(trapped).Options;
        await using var trappedContext = new AffiliateDbContext(options);
        await using var otherContext = new AffiliateDbContext(
            new DbContextOptionsBuilder<AffiliateDbContext>().UseNpgsql(connectionString).Options
        );

        var held = await new EntityFrameworkAffiliateStore(trappedContext).TryAcquireAsync("approve:default", default);
        Assert.NotNull(held);
        Assert.Equal(["trapped"], await AdvisoryLockHoldersAsync(connectionString));

        var error = await Assert.ThrowsAsync<PostgresException>(() => held!.DisposeAsync().AsTask());
        Assert.Contains("unlock refused", error.MessageText, StringComparison.Ordinal);

        // The server releases a terminated session's locks as its backend exits, a moment after the client hears of
        // it. Wait for that on the lock itself: a blocking pg_advisory_lock returns when the lock is free (the server
        // gives the signal), bounded by a statement timeout so a lock that is never released fails the test.
        await WaitUntilFreeAsync(connectionString, "affiliate:approve:default");

        Assert.Empty(await AdvisoryLockHoldersAsync(connectionString));
        await using var again = await new EntityFrameworkAffiliateStore(otherContext).TryAcquireAsync(
            "approve:default",
            default
        );
        Assert.NotNull(again);
    }

    /// <summary>
    /// Blocks until nobody holds the advisory lock <paramref name="key"/> (at most 5 s), then lets it go again.
    /// </summary>
    private static async Task WaitUntilFreeAsync(string connectionString, string key)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "waiter",
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SET statement_timeout = '5s'; SELECT pg_advisory_lock(hashtextextended(@key, 0)); SELECT "
                + "pg_advisory_unlock(hashtextextended(@key, 0));",
            connection
        );
        command.Parameters.AddWithValue("key", key);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// The application name of each session that holds an advisory lock in the database, seen from a connection of
    /// no pool: borrowing a pooled connection could reuse the lock's own session, whose reset (DISCARD ALL) unlocks.
    /// </summary>
    private static async Task<List<string>> AdvisoryLockHoldersAsync(string connectionString)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString)
        {
            Pooling = false,
            ApplicationName = "observer",
        }.ConnectionString;
        await using var connection = new NpgsqlConnection(unpooled);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                + "WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE "
                + "datname = current_database())",
            connection
        );
        await using var reader = await command.ExecuteReaderAsync();
        var holders = new List<string>();
        while (await reader.ReadAsync())
        {
            holders.Add(reader.GetString(0));
        }

        return holders;
    }
}
