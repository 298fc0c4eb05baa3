using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Affiliate.Stores.Specification.ReadSide;

namespace Affiliate.Tests.StoreConformance;

/// <summary>The bad-input specification on the in-memory store.</summary>
public sealed class InMemoryBadInputSpecification : BadInputSpecification
{
    protected override Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        InMemoryReadSideHost.StartAsync(start, configure);
}
