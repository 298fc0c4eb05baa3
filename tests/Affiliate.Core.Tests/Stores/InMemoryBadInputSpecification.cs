using Affiliate.Hosting;
using Affiliate.Stores.Specification;
using Affiliate.Stores.Specification.ReadSide;
using Affiliate.Tests.Support;

namespace Affiliate.Tests.StoreConformance;

/// <summary>The bad-input specification on the in-memory store.</summary>
public sealed class InMemoryBadInputSpecification : BadInputSpecification
{
    protected override Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        Task.FromResult<IReadSideHost>(new Host(new AffiliateHost(start, configure)));

    private sealed class Host(AffiliateHost host) : IReadSideHost
    {
        public IServiceProvider Services => host.Services;

        public Instant Now => host.Clock.Now;

        public void Advance(Duration duration) => host.Clock.Advance(duration);

        public ValueTask DisposeAsync()
        {
            host.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
