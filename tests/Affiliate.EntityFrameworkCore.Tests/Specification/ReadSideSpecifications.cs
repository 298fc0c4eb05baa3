using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Affiliate.Stores;
using Affiliate.Stores.Specification.ReadSide;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.Specification;

// The read-side property on a real SQLite file and a real PostgreSQL server, through the services as a host wires
// them; each sequence gets a new database. Fewer cases than in memory: each one writes to a real database.

public sealed class SqliteReadSideSpecification : ReadSideSpecification
{
    protected override int Cases => 60;

    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(await Fleet.SqliteAsync(1, Configure(configure)), start);

    internal static Action<AffiliateOptions> Configure(Action<AffiliateOptions> configure) =>
        o =>
        {
            configure(o);

            // The fleet turns this rule off for its races; here it holds the sales made seconds after their click.
            o.Fraud.ClickToConversion.Enabled = true;
        };
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresReadSideSpecification(PostgresServer server) : ReadSideSpecification
{
    protected override int Cases => 20;

    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(
            await Fleet.PostgresAsync(server, 1, SqliteReadSideSpecification.Configure(configure)),
            start
        );
}

/// <summary>One instance of a fleet, one scope (one DbContext) for the whole sequence, and the fleet's clock.</summary>
internal sealed class FleetHost : IReadSideHost
{
    private readonly Fleet _fleet;
    private readonly AsyncServiceScope _scope;

    private FleetHost(Fleet fleet, Instant start)
    {
        _fleet = fleet;
        fleet.Clock.Advance(start - fleet.Clock.Now);
        _scope = fleet.Instances[0].Services.CreateAsyncScope();
    }

    public IServiceProvider Services => _scope.ServiceProvider;

    public Instant Now => _fleet.Clock.Now;

    public static Task<IReadSideHost> StartAsync(Fleet fleet, Instant start) =>
        Task.FromResult<IReadSideHost>(new FleetHost(fleet, start));

    public void Advance(Duration duration) => _fleet.Clock.Advance(duration);

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _fleet.DisposeAsync();
    }
}

/// <summary>Batch click ingestion against one by one on SQLite files (a new pair per case).</summary>
public sealed class SqliteClickBatchSpecification : ClickBatchSpecification
{
    protected override int Cases => 12;

    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(await Fleet.SqliteAsync(1, configure), start);
}

/// <summary>Batch click ingestion against one by one on PostgreSQL (a new pair of databases per case).</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresClickBatchSpecification(PostgresServer server) : ClickBatchSpecification
{
    protected override int Cases => 4;

    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(await Fleet.PostgresAsync(server, 1, configure), start);
}
