using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>A host pages its lists over its own DbContext, with or without the bulk click writer.</summary>
public sealed class ListHostingTests
{
    private static readonly CommissionPlan Plan = Affiliate.Stores.Specification.SpecData.TenPercentPlan();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task UseEntityFrameworkCore_registers_the_list_store_and_a_host_pages_through_its_partners(bool bulk)
    {
        await using var file = new SqliteFile();
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IClock>(new FixedClock(Instant.FromUtc(2026, 5, 1, 12, 0)));
        services.AddDbContext<ShopDbContext>(o => o.UseSqlite(file.ConnectionString));
        var affiliates = services.AddAffiliates(o =>
        {
            o.IpHashKey = "a-test-key-of-at-least-sixteen-bytes";
            o.Plan = Plan;
        });
        _ = bulk ? affiliates.UseBulkClickWriter<ShopDbContext>() : affiliates.UseEntityFrameworkCore<ShopDbContext>();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        await using (var setup = provider.CreateAsyncScope())
        {
            await AffiliateSchema.EnsureCreatedAsync(setup.ServiceProvider.GetRequiredService<ShopDbContext>());
            var partners = setup.ServiceProvider.GetRequiredService<PartnerDirectory>();
            foreach (var name in new[] { "anna", "ben", "cleo" })
            {
                var application = new PartnerApplication
                {
                    Id = new PartnerId(name),
                    Name = name,
                    AutoApprove = true,
                };
                (await partners.RegisterAsync(application)).GetValueOrThrow();
            }
        }

        await using var scope = provider.CreateAsyncScope();
        Assert.IsType<EntityFrameworkAffiliateStore>(scope.ServiceProvider.GetRequiredService<IListStore>());
        var lists = scope.ServiceProvider.GetRequiredService<AffiliateLists>();
        var active = new PartnerListFilter { Status = PartnerStatus.Active };
        var first = (await lists.PartnersAsync(active, new PageRequest { Size = 2 })).GetValueOrThrow();
        var second = (
            await lists.PartnersAsync(active, new PageRequest { Size = 2, Cursor = first.NextCursor })
        ).GetValueOrThrow();

        Assert.Equal(["cleo", "ben"], first.Items.Select(p => p.Id.Value));
        Assert.Equal(["anna"], second.Items.Select(p => p.Id.Value));
        Assert.Null(second.NextCursor);
    }

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
