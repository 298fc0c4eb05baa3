using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>
/// Bulk writers of several instances (each its own context and connection) that get the same clicks stamped at other
/// instants (a retried request, a replayed queue) store each click id once on PostgreSQL, whose clicks key also
/// holds the partition column <c>occurred_at</c>.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClickBatchRaceTests(PostgresServer server)
{
    private const int Writers = 3;
    private const int ClicksPerBatch = 200;

    [PostgresFact]
    public async Task Batches_of_the_same_click_ids_at_other_instants_written_at_once_store_each_id_once()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        await using (var context = database.NewContext())
        {
            // March, April and May have partitions of their own, so each writer's rows would land in another table.
            await ClickPartitions.EnsureMonthsAsync(context, Instant.FromUtc(2026, 3, 1, 0, 0), 2);
        }

        for (var round = 0; round < 5; round++)
        {
            var ids = Enumerable.Range(0, ClicksPerBatch).Select(n => $"clk-{round}-{n:D4}").ToArray();
            var batches = Enumerable
                .Range(0, Writers)
                .Select(w =>
                {
                    // Each writer its own instants (another month) and its own order of the ids.
                    var at = Instant.FromUtc(2026, 3 + w, 5, 12, 0);
                    return ids.OrderBy(id => HashCode.Combine(id, w, round))
                        .Select((id, n) => SpecData.NewClick(id, at: at + Duration.FromSeconds(n)))
                        .Select(c => new ClickWrite(RowMapper.Row(c), ClickKit.Rollups(c)))
                        .ToList();
                })
                .ToArray();

            var inserted = await AtOnce.RunAsync(Writers, async w =>
            {
                await using var context = database.NewContext();
                return await ClickBatchSql.WriteAsync(context, batches[w], CancellationToken.None);
            });

            Assert.Equal(ClicksPerBatch, inserted.Sum());
            var counted = await Partitioned.QueryAsync(
                database,
                "SELECT SUM(clicks) FROM affiliate_daily_stats WHERE partner_id = '' AND dimension = 0"
            );
            Assert.Equal(
                (ClicksPerBatch * (round + 1)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                counted.Single()[0]
            );
            var stored = await Partitioned.QueryAsync(
                database,
                $"SELECT id, count(*) FROM affiliate_clicks WHERE id LIKE 'clk-{round}-%' GROUP BY id"
            );
            Assert.Equal(ClicksPerBatch, stored.Count);
            Assert.All(stored, row => Assert.Equal("1", row[1]));
        }

        // The single-click path agrees: every id is already there, whatever its instant.
        var store = new EntityFrameworkAffiliateStore(database.NewContext());
        var again = await store.AddClickAsync(
            SpecData.NewClick("clk-0-0000", at: Instant.FromUtc(2026, 6, 1, 0, 0)),
            RollupChange.None,
            CancellationToken.None
        );
        Assert.Equal(StoreWriteStatus.Duplicate, again.Status);
    }
}
