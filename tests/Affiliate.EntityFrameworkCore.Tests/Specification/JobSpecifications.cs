using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Affiliate.Stores;
using Affiliate.Stores.Specification;

namespace Affiliate.EntityFrameworkCore.Tests.Specification;

// The period-close and performance-tier jobs on a real SQLite file (no job lock: the deterministic line id and the
// partner's version keep a second instance from changing anything) and on a real PostgreSQL server (advisory lock).

public sealed class SqliteJobSpecification : JobSpecification
{
    protected override async Task<JobHosts> CreateHostsAsync(int count, Action<AffiliateOptions> configure) =>
        FleetJobHosts.Of(await Fleet.SqliteAsync(count, configure));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresJobSpecification(PostgresServer server) : JobSpecification
{
    protected override async Task<JobHosts> CreateHostsAsync(int count, Action<AffiliateOptions> configure) =>
        FleetJobHosts.Of(await Fleet.PostgresAsync(server, count, configure));
}

internal static class FleetJobHosts
{
    /// <summary>The fleet's instances, moved by the fleet's clock.</summary>
    public static JobHosts Of(Fleet fleet) =>
        new(
            fleet.Instances.Select(i => (IServiceProvider)i.Services).ToArray(),
            now => fleet.Clock.Advance(now - fleet.Clock.Now),
            fleet.DisposeAsync
        );
}
