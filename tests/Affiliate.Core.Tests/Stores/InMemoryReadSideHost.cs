using Affiliate.Stores;
using Affiliate.Stores.Specification.ReadSide;
using Affiliate.Tests.Support;

namespace Affiliate.Tests.StoreConformance;

/// <summary>The library over in-memory stores as the specifications that drive the services see it.</summary>
internal sealed class InMemoryReadSideHost(AffiliateHost host) : IReadSideHost
{
    public IServiceProvider Services => host.Services;

    public Instant Now => host.Clock.Now;

    public static Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure) =>
        Task.FromResult<IReadSideHost>(new InMemoryReadSideHost(new AffiliateHost(start, configure)));

    public void Advance(Duration duration) => host.Clock.Advance(duration);

    public ValueTask DisposeAsync()
    {
        host.Dispose();
        return ValueTask.CompletedTask;
    }
}
