using Affiliate.Stores;
using Affiliate.Stores.Specification.ReadSide;

namespace Affiliate.Tests.StoreConformance;

/// <summary>The read-side property on the in-memory store.</summary>
public sealed class InMemoryReadSideSpecification : ReadSideSpecification
{
    protected override Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        InMemoryReadSideHost.StartAsync(start, configure);
}

/// <summary>Batch click ingestion against one by one, on the in-memory store.</summary>
public sealed class InMemoryClickBatchSpecification : ClickBatchSpecification
{
    protected override Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        InMemoryReadSideHost.StartAsync(start, configure);
}
