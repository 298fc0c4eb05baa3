using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Affiliate.Tests.Jobs;

/// <summary>The job specification on hosts sharing one in-memory store (and so its job locks) and one clock.</summary>
public sealed class InMemoryJobSpecification : JobSpecification
{
    protected override Task<JobHosts> CreateHostsAsync(int count, Action<AffiliateOptions> configure) =>
        Task.FromResult(SharedHosts(count, configure));

    /// <summary><paramref name="count"/> hosts over one in-memory store, all reading one fake clock.</summary>
    internal static JobHosts SharedHosts(int count, Action<AffiliateOptions> configure)
    {
        var clock = new FakeClock(Instant.FromUtc(2026, 3, 2, 9, 0));
        var store = new InMemoryAffiliateStore();
        var hosts = Enumerable
            .Range(0, count)
            .Select(_ => new AffiliateHost(clock.Now, configure, b =>
            {
                b.Services.Replace(ServiceDescriptor.Singleton<IClock>(clock));
                b.Services.Replace(ServiceDescriptor.Singleton(store));
            }))
            .ToArray();
        return new JobHosts(
            hosts.Select(h => h.Services).ToArray(),
            now => clock.Now = now,
            () =>
            {
                foreach (var host in hosts)
                {
                    host.Dispose();
                }

                return ValueTask.CompletedTask;
            }
        );
    }
}
