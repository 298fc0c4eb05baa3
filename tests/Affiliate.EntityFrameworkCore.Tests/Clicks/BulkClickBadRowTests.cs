using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using static Affiliate.EntityFrameworkCore.Tests.Clicks.ClickKit;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

/// <summary>
/// A row the database refuses, written straight to the bulk writer (past the core's checks, as a bug or another
/// caller could): it is isolated by splitting its batch, dropped and counted alone; the rest of the batch is written.
/// PostgreSQL refuses a NUL in text; SQLite stores it, so the case is PostgreSQL's.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BulkClickBadRowTests(PostgresServer server)
{
    private static readonly CancellationToken None = CancellationToken.None;

    [PostgresFact]
    public async Task One_bad_row_among_500_is_dropped_alone_and_the_other_499_are_written()
    {
        await using var database = await TestDatabase.PostgresAsync(server);
        var writer = Writer(database, new FakeTime(), o =>
        {
            o.BatchSize = 500;
            o.MaxRetries = 2;
            o.RetryDelay = Duration.Zero;
        });
        await using var _ = writer;
        using var meter = new MeterReader(writer.Meter);
        await writer.StartAsync(None);

        const int bad = 137;
        for (var n = 0; n < 500; n++)
        {
            var click =
                n == bad
                    ? SpecData.NewClick(Id(n), visitor: "visitor\0nul", at: SpecData.T0 + Duration.FromMilliseconds(n))
                    : Click(n);
            Assert.True(await writer.TryWriteAsync(click, Rollups(click)));
        }

        await WaitUntilAsync(writer, () => writer.Written + writer.Dropped == 500);

        Assert.Equal(499, writer.Written);
        Assert.Equal(1, writer.Dropped);
        Assert.Equal(1, meter.Counter("clicks.dropped", "failed"));
        Assert.Equal(0, writer.Pending);
        var expected = Ids(0, 500);
        expected.Remove(Id(bad));
        Assert.Equal(expected, await IdsAsync(database));
        await writer.StopAsync(None);
    }
}
