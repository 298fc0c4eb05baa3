using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Specification;
using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.Clicks;

// The writer's facts on a real SQLite file (multi-row INSERT OR IGNORE) and a real PostgreSQL server (binary COPY).

public sealed class SqliteBulkClickWriterTests(ITestOutputHelper output) : BulkClickWriterFacts(output)
{
    protected override string ProviderName => "SQLite";

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.SqliteAsync();

    [Fact]
    public Task Flushes_when_a_batch_is_full() => Writes_a_batch_as_soon_as_BatchSize_clicks_are_buffered();

    [Fact]
    public Task Flushes_on_the_interval() => Writes_what_is_buffered_when_the_interval_passes();

    [Fact]
    public Task Flushes_everything_on_StopAsync() => StopAsync_writes_everything_buffered_and_then_refuses_clicks();

    [Fact]
    public Task Wait_mode_applies_back_pressure() => Wait_mode_makes_writers_wait_for_room();

    [Fact]
    public Task DropNewest_mode_drops_and_counts() => DropNewest_mode_refuses_clicks_when_full_and_counts_them();

    [Fact]
    public Task Ignores_duplicates() => Duplicates_within_and_across_batches_are_ignored();

    [Fact]
    public Task Writes_every_column() => Every_column_is_written_exactly();

    [Fact]
    public Task Crash_loses_only_the_unwritten_clicks() => A_crash_loses_exactly_the_clicks_not_yet_written();

    [Fact]
    public Task Throughput_of_100_000_clicks() => Measures_throughput();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBulkClickWriterTests(PostgresServer server, ITestOutputHelper output)
    : BulkClickWriterFacts(output)
{
    protected override string ProviderName => "PostgreSQL";

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync(server);

    [PostgresFact]
    public Task Flushes_when_a_batch_is_full() => Writes_a_batch_as_soon_as_BatchSize_clicks_are_buffered();

    [PostgresFact]
    public Task Flushes_on_the_interval() => Writes_what_is_buffered_when_the_interval_passes();

    [PostgresFact]
    public Task Flushes_everything_on_StopAsync() => StopAsync_writes_everything_buffered_and_then_refuses_clicks();

    [PostgresFact]
    public Task Wait_mode_applies_back_pressure() => Wait_mode_makes_writers_wait_for_room();

    [PostgresFact]
    public Task DropNewest_mode_drops_and_counts() => DropNewest_mode_refuses_clicks_when_full_and_counts_them();

    [PostgresFact]
    public Task Ignores_duplicates() => Duplicates_within_and_across_batches_are_ignored();

    [PostgresFact]
    public Task Writes_every_column_through_COPY() => Every_column_is_written_exactly();

    [PostgresFact]
    public Task Crash_loses_only_the_unwritten_clicks() => A_crash_loses_exactly_the_clicks_not_yet_written();

    [PostgresFact]
    public Task Throughput_of_100_000_clicks() => Measures_throughput();
}
