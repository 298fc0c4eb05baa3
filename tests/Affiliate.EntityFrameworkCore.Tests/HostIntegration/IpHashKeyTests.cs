using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>
/// A database keeps IP hashes across restarts, so it gets no random key: a host without one does not start, and the
/// error says how to make one. With a key it starts.
/// </summary>
public sealed class IpHashKeyTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(Instance.IpHashKey)]
    public async Task A_database_store_starts_only_with_a_key_the_host_keeps(string? key)
    {
        await using var file = new SqliteFile();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddDbContext<AffiliateDbContext>(o => o.UseSqlite(file.ConnectionString));
        builder
            .Services.AddAffiliates(o =>
            {
                o.Plan = Instance.PercentPlan(10m);
                o.IpHashKey = key;
            })
            .UseInMemoryStores()
            .UseEntityFrameworkCore<AffiliateDbContext>();
        using var host = builder.Build();

        if (key is not null)
        {
            await host.StartAsync();
            await host.StopAsync();
            return;
        }

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(error.Failures, f => f.Contains("openssl rand -base64 32", StringComparison.Ordinal));
    }
}
