using Affiliate.EntityFrameworkCore.Hosting;
using Affiliate.EntityFrameworkCore.Stores;
using Affiliate.Hosting;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

// In Microsoft.Extensions.DependencyInjection so that the builder method needs no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the Entity Framework Core stores.</summary>
public static class AffiliateEntityFrameworkCoreExtensions
{
    /// <summary>
    /// Stores everything in <typeparamref name="TContext"/>, whose model must include <c>modelBuilder.UseAffiliates()</c>
    /// (or use <c>AffiliateDbContext</c>). Works with <c>AddDbContext</c>, <c>AddDbContextPool</c> and
    /// <c>AddDbContextFactory</c>; on SQLite it turns on WAL and synchronous=FULL. Create the tables with
    /// <see cref="Affiliate.EntityFrameworkCore.Schema.AffiliateSchema.EnsureCreatedAsync"/>.
    /// </summary>
    /// <example><code>
    /// services.AddDbContext&lt;ShopDbContext&gt;(o => o.UseSqlite("Data Source=shop.db"));
    /// services.AddAffiliates(o => { ... }).UseEntityFrameworkCore&lt;ShopDbContext&gt;();
    /// </code></example>
    public static AffiliateBuilder UseEntityFrameworkCore<TContext>(this AffiliateBuilder builder) where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.ConfigureDbContext<TContext>(o => o.AddInterceptors(new SqlitePragmas()));
        services.TryAddScoped<AffiliateContextLease<TContext>>();
        services.Replace(ServiceDescriptor.Scoped(sp => new EntityFrameworkAffiliateStore(sp.GetRequiredService<AffiliateContextLease<TContext>>().Context)));
        builder.ReplaceStore<IPartnerStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        if (!services.Any(d => d.ServiceType == typeof(Affiliate.EntityFrameworkCore.Clicks.BulkClickWriter)))
        {
            // Keep the bulk click writer's buffered store when UseBulkClickWriter came first.
            builder.ReplaceStore<ITouchStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        }

        builder.ReplaceStore<IConversionStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<ILedgerStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IPayoutStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IPlanStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IOutboxStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IJobLockStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IRollupStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IListStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        return builder;
    }
}
