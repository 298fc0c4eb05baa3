using System.Data.Common;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using static Affiliate.EntityFrameworkCore.Tests.Clicks.ClickKit;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>Writes clicks through the bulk writer and reads where PostgreSQL put them.</summary>
internal static class Partitioned
{
    public static Click At(string id, Instant at) => SpecData.NewClick(id, at: at);

    public static async Task WriteAsync(TestDatabase database, params Click[] clicks)
    {
        await using var writer = Writer(database, new FakeTime());
        await writer.StartAsync(CancellationToken.None);
        foreach (var click in clicks)
        {
            Assert.True(await writer.TryWriteAsync(click, ClickKit.Rollups(click)));
        }

        await writer.StopAsync(CancellationToken.None);
    }

    /// <summary>Each click id and the partition (table) that holds its row.</summary>
    public static async Task<Dictionary<string, string>> WhereAsync(TestDatabase database)
    {
        var rows = await QueryAsync(database, "SELECT id, tableoid::regclass::text FROM affiliate_clicks");
        return rows.ToDictionary(r => r[0], r => r[1], StringComparer.Ordinal);
    }

    /// <summary>The partitions attached to the clicks table (pg_inherits), by name.</summary>
    public static async Task<List<string>> PartitionsAsync(TestDatabase database) =>
        (
            await QueryAsync(
                database,
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = "
                    + "'affiliate_clicks'::regclass ORDER BY 1"
            )
        )
            .Select(r => r[0])
            .ToList();

    public static async Task<List<string[]>> QueryAsync(TestDatabase database, string sql)
    {
        await using var context = database.NewContext();
        await context.Database.OpenConnectionAsync();
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        var rows = new List<string[]>();
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
            }

            rows.Add(row);
        }

        return rows;
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresClickPartitionTests(PostgresServer server)
{
    private static readonly Duration Tick = Duration.FromTicks(1);

    [PostgresFact]
    public async Task EnsureMonthsAsync_creates_utc_months_once_and_clicks_land_in_them()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        await using var context = database.NewContext();

        var created = await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 3, 15, 12, 0), 2);
        Assert.Equal(["affiliate_clicks_y2026m03", "affiliate_clicks_y2026m04", "affiliate_clicks_y2026m05"], created);
        Assert.Empty(await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 3, 1, 0, 0), 2));

        // The last tick of April is April in UTC, so two months ahead adds only June.
        Assert.Equal(
            ["affiliate_clicks_y2026m06"],
            await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 5, 1, 0, 0) - Tick, 2)
        );
        Assert.Equal(
            [
                "affiliate_clicks_default",
                "affiliate_clicks_y2026m03",
                "affiliate_clicks_y2026m04",
                "affiliate_clicks_y2026m05",
                "affiliate_clicks_y2026m06",
            ],
            await Partitioned.PartitionsAsync(database)
        );

        var bounds = await Partitioned.QueryAsync(
            database,
            "SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'affiliate_clicks_y2026m03'"
        );
        Assert.Equal(
            $"FOR VALUES FROM ('{Instant.FromUtc(2026, 3, 1, 0, 0).ToUnixTimeTicks()}') TO "
                + $"('{Instant.FromUtc(2026, 4, 1, 0, 0).ToUnixTimeTicks()}')",
            bounds.Single()[0]
        );

        // The key and the parent's five indexes (three of them the lists', schema 4; two dropped in schema 14) exist on
        // every month.
        var indexes = await Partitioned.QueryAsync(
            database,
            "SELECT count(*) FROM pg_indexes WHERE tablename = 'affiliate_clicks_y2026m04'"
        );
        Assert.Equal("6", indexes.Single()[0]);

        await Partitioned.WriteAsync(
            database,
            Partitioned.At("mar-first", Instant.FromUtc(2026, 3, 1, 0, 0)),
            Partitioned.At("mar-last", Instant.FromUtc(2026, 4, 1, 0, 0) - Tick),
            Partitioned.At("apr-first", Instant.FromUtc(2026, 4, 1, 0, 0)),
            Partitioned.At("jun", Instant.FromUtc(2026, 6, 15, 8, 30)),
            Partitioned.At("feb-last", Instant.FromUtc(2026, 3, 1, 0, 0) - Tick),
            Partitioned.At("aug", Instant.FromUtc(2026, 8, 1, 0, 0))
        );

        var where = await Partitioned.WhereAsync(database);
        Assert.Equal("affiliate_clicks_y2026m03", where["mar-first"]);
        Assert.Equal("affiliate_clicks_y2026m03", where["mar-last"]);
        Assert.Equal("affiliate_clicks_y2026m04", where["apr-first"]);
        Assert.Equal("affiliate_clicks_y2026m06", where["jun"]);
        Assert.Equal("affiliate_clicks_default", where["feb-last"]);
        Assert.Equal("affiliate_clicks_default", where["aug"]);
    }

    [PostgresFact]
    public async Task Clicks_already_in_the_default_partition_move_into_their_new_month()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        var july = Enumerable
            .Range(0, 3)
            .Select(n =>
                SpecData.FullClick($"jul-{n}") with
                {
                    OccurredAt = Instant.FromUtc(2026, 7, 1 + (n * 10), 9, 0) + Duration.FromTicks(1_234_560),
                }
            )
            .ToArray();
        var september = Partitioned.At("sep", Instant.FromUtc(2026, 9, 2, 0, 0));
        var august = Partitioned.At("aug-last", Instant.FromUtc(2026, 9, 1, 0, 0) - Tick);
        await Partitioned.WriteAsync(database, [.. july, september, august]);
        Assert.All((await Partitioned.WhereAsync(database)).Values, p => Assert.Equal("affiliate_clicks_default", p));

        await using (var context = database.NewContext())
        {
            Assert.Equal(
                ["affiliate_clicks_y2026m07"],
                await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 7, 20, 0, 0), 0)
            );
        }

        var where = await Partitioned.WhereAsync(database);
        Assert.Equal(5, where.Count);
        Assert.All(july, c => Assert.Equal("affiliate_clicks_y2026m07", where[c.Id.Value]));
        Assert.Equal("affiliate_clicks_default", where["sep"]);
        Assert.Equal("affiliate_clicks_default", where["aug-last"]);

        // Moved rows are intact, and still recognised as duplicates.
        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        foreach (var click in july)
        {
            SpecAssert.Equivalent(
                click,
                await store.FindClickAsync(SpecData.Program, click.Id, CancellationToken.None)
            );
        }

        await Partitioned.WriteAsync(
            database,
            july[0] with
            {
                OccurredAt = Instant.FromUtc(2026, 9, 5, 0, 0),
            },
            july[1]
        );
        Assert.Equal(5, (await Partitioned.WhereAsync(database)).Count);

        // August, moved too (its last tick is in the default), then September with nothing to move.
        await using (var context = database.NewContext())
        {
            Assert.Equal(
                ["affiliate_clicks_y2026m08", "affiliate_clicks_y2026m09"],
                await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 8, 1, 0, 0), 1)
            );
        }

        where = await Partitioned.WhereAsync(database);
        Assert.Equal("affiliate_clicks_y2026m08", where["aug-last"]);
        Assert.Equal("affiliate_clicks_y2026m09", where["sep"]);
    }

    [PostgresFact]
    public async Task Retention_drops_months_before_the_cutoff_and_deletes_older_rows_elsewhere()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        await using (var context = database.NewContext())
        {
            await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 1, 1, 0, 0), 3);
        }

        var cutoff = Instant.FromUtc(2026, 3, 10, 0, 0);
        await Partitioned.WriteAsync(
            database,
            Partitioned.At("dec-a", Instant.FromUtc(2025, 12, 5, 0, 0)),
            Partitioned.At("dec-b", Instant.FromUtc(2025, 12, 31, 23, 0)),
            Partitioned.At("jan-a", Instant.FromUtc(2026, 1, 1, 0, 0)),
            Partitioned.At("jan-b", Instant.FromUtc(2026, 1, 20, 0, 0)),
            Partitioned.At("feb", Instant.FromUtc(2026, 2, 28, 23, 59)),
            Partitioned.At("mar-before", cutoff - Tick),
            Partitioned.At("mar-at", cutoff),
            Partitioned.At("apr", Instant.FromUtc(2026, 4, 2, 0, 0)),
            Partitioned.At("jun", Instant.FromUtc(2026, 6, 2, 0, 0))
        );

        ClickRetentionResult result;
        await using (var context = database.NewContext())
        {
            result = await ClickPartitions.DeleteClicksOlderThanAsync(context, cutoff);
        }

        Assert.Equal(["affiliate_clicks_y2026m01", "affiliate_clicks_y2026m02"], result.DroppedPartitions);
        Assert.Equal(2, result.PartitionsDropped);
        Assert.Equal(3, result.RowsDeleted); // dec-a and dec-b from the default partition, mar-before from March
        Assert.Equal(
            ["affiliate_clicks_default", "affiliate_clicks_y2026m03", "affiliate_clicks_y2026m04"],
            await Partitioned.PartitionsAsync(database)
        );
        var where = await Partitioned.WhereAsync(database);
        Assert.Equal(["apr", "jun", "mar-at"], where.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("affiliate_clicks_y2026m03", where["mar-at"]);
        Assert.Equal("affiliate_clicks_default", where["jun"]);

        await using (var context = database.NewContext())
        {
            var again = await ClickPartitions.DeleteClicksOlderThanAsync(context, cutoff);
            Assert.Empty(again.DroppedPartitions);
            Assert.Equal(0, again.RowsDeleted);
        }

        // The ids go with their clicks: a deleted id may be recorded again, a kept one is still a duplicate.
        Assert.Equal(
            ["apr", "jun", "mar-at"],
            (await Partitioned.QueryAsync(database, "SELECT id FROM affiliate_click_ids ORDER BY id")).Select(r => r[0])
        );
        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        Assert.Equal(
            StoreWriteStatus.Written,
            (
                await store.AddClickAsync(Partitioned.At("jan-a", cutoff), RollupChange.None, CancellationToken.None)
            ).Status
        );
        Assert.Equal(
            StoreWriteStatus.Duplicate,
            (
                await store.AddClickAsync(Partitioned.At("mar-at", cutoff), RollupChange.None, CancellationToken.None)
            ).Status
        );
    }

    [PostgresFact]
    public async Task Retention_with_a_cutoff_inside_a_tick_deletes_what_a_query_from_the_cutoff_leaves_out()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        await CutoffInsideATick.AssertAsync(database);
    }
}

/// <summary>
/// Instants are stored as whole ticks (100 ns). A cutoff inside a tick is, like every query bound, rounded up to the
/// next whole tick: the clicks stored in the cutoff's own tick are before it for queries and for retention alike.
/// </summary>
internal static class CutoffInsideATick
{
    public static async Task AssertAsync(TestDatabase database)
    {
        var tick = Instant.FromUtc(2026, 3, 10, 0, 0);
        var cutoff = tick + Duration.FromNanoseconds(50);
        await Partitioned.WriteAsync(
            database,
            Partitioned.At("tick-before", tick - Duration.FromTicks(1)),
            Partitioned.At("tick-start", tick),
            Partitioned.At("tick-inside", tick + Duration.FromNanoseconds(30)),
            Partitioned.At("tick-next", tick + Duration.FromTicks(1))
        );

        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        var fromCutoff = await store.FindClicksByVisitorAsync(
            SpecData.Program,
            "v-1",
            cutoff,
            cutoff + Duration.FromDays(1),
            CancellationToken.None
        );
        Assert.Equal(["tick-next"], fromCutoff.Select(c => c.Id.Value));

        await using var context = database.NewContext();
        var result = await ClickPartitions.DeleteClicksOlderThanAsync(context, cutoff);

        Assert.Equal(3, result.RowsDeleted);
        Assert.Equal(["tick-next"], await IdsAsync(database));
    }
}

public sealed class SqliteClickRetentionTests
{
    [Fact]
    public async Task Retention_deletes_older_clicks_and_partitions_are_a_no_op()
    {
        await using var database = await TestDatabase.SqliteAsync();
        var cutoff = Instant.FromUtc(2026, 3, 10, 0, 0);
        await Partitioned.WriteAsync(
            database,
            Partitioned.At("jan", Instant.FromUtc(2026, 1, 20, 0, 0)),
            Partitioned.At("before", cutoff - Duration.FromTicks(1)),
            Partitioned.At("at", cutoff),
            SpecData.NewClick(
                "other-program-old",
                at: Instant.FromUtc(2026, 2, 1, 0, 0),
                program: SpecData.OtherProgram
            ),
            Partitioned.At("later", Instant.FromUtc(2026, 5, 1, 0, 0))
        );

        await using var context = database.NewContext();
        Assert.Empty(await ClickPartitions.EnsureMonthsAsync(context, cutoff, 3));
        var result = await ClickPartitions.DeleteClicksOlderThanAsync(context, cutoff);

        Assert.Empty(result.DroppedPartitions);
        Assert.Equal(3, result.RowsDeleted);
        Assert.Equal(["at", "later"], await IdsAsync(database));
    }

    [Fact]
    public async Task Retention_with_a_cutoff_inside_a_tick_deletes_what_a_query_from_the_cutoff_leaves_out()
    {
        await using var database = await TestDatabase.SqliteAsync();
        await CutoffInsideATick.AssertAsync(database);
    }
}
