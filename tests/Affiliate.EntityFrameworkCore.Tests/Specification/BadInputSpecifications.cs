using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Affiliate.Stores.Specification.ReadSide;

namespace Affiliate.EntityFrameworkCore.Tests.Specification;

// The bad-input specification on a real SQLite file and a real PostgreSQL server, through the services as a host
// wires them; each fact gets a new database.

public sealed class SqliteBadInputSpecification : BadInputSpecification
{
    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(await Fleet.SqliteAsync(1, configure), start);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresBadInputSpecification(PostgresServer server) : BadInputSpecification
{
    protected override async Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        await FleetHost.StartAsync(await Fleet.PostgresAsync(server, 1, configure), start);
}
