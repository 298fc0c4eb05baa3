using Affiliate;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

// In Microsoft.Extensions.DependencyInjection so that the builder method needs no extra using.
#pragma warning disable IDE0130
namespace Microsoft.Extensions.DependencyInjection;

#pragma warning restore IDE0130

/// <summary>Registers the Entity Framework Core stores.</summary>
public static class AffiliateEntityFrameworkCoreExtensions
{
    /// <summary>
    /// Stores everything in <typeparamref name="TContext"/>, whose model must include
    /// <c>modelBuilder.UseAffiliates()</c> (or use <c>AffiliateDbContext</c>). Works with <c>AddDbContext</c>,
    /// <c>AddDbContextPool</c> and <c>AddDbContextFactory</c>; on SQLite it turns on WAL and synchronous=FULL. Create
    /// the tables with <see cref="Affiliate.EntityFrameworkCore.AffiliateSchema.EnsureCreatedAsync"/>.
    /// </summary>
    /// <example><code>
    /// services.AddDbContext&lt;ShopDbContext&gt;(o => o.UseSqlite("Data Source=shop.db"));
    /// services.AddAffiliates(o => { ... }).UseEntityFrameworkCore&lt;ShopDbContext&gt;();
    /// </code></example>
    public static AffiliateBuilder UseEntityFrameworkCore<TContext>(this AffiliateBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.ConfigureDbContext<TContext>(o => o.AddInterceptors(new AffiliateConnectionInterceptor()));
        services.TryAddScoped<AffiliateContextLease<TContext>>();
        services.Replace(
            ServiceDescriptor.Scoped(sp => new EntityFrameworkAffiliateStore(
                sp.GetRequiredService<AffiliateContextLease<TContext>>().Context
            ))
        );
        builder.ReplaceStore<IPartnerStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        if (!services.Any(d => d.ServiceType == typeof(Affiliate.EntityFrameworkCore.BulkClickWriter)))
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
        builder.ReplaceStore<ILinkStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IPartnerPostbackStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<ILedgerSealStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());
        builder.ReplaceStore<IWebhookInboxStore>(sp => sp.GetRequiredService<EntityFrameworkAffiliateStore>());

        // A database keeps IP hashes: start only with a key the host keeps (no random in-memory one).
        services.AddOptions<AffiliateOptions>().ValidateOnStart();
        AddClickJobs<TContext>(services);
        return builder;
    }

    /// <summary>
    /// Sets how long clicks are kept and how many monthly partitions are made ahead, for the <c>retention</c> and
    /// <c>click-partitions</c> jobs (run by <c>AddJobs()</c>, or once by hand).
    /// </summary>
    /// <example><code>
    /// services.AddAffiliates(o => { ... }).UseEntityFrameworkCore&lt;ShopDbContext&gt;()
    ///     .ConfigureClickRetention(o => o.KeepFor = Duration.FromDays(400))
    ///     .AddJobs();
    /// </code></example>
    public static AffiliateBuilder ConfigureClickRetention(
        this AffiliateBuilder builder,
        Action<ClickRetentionOptions> configure
    )
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<ClickRetentionOptions>().Configure(configure).ValidateOnStart();
        return builder;
    }

    private static void AddClickJobs<TContext>(IServiceCollection services)
        where TContext : DbContext
    {
        services.AddOptions<ClickRetentionOptions>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<ClickRetentionOptions>, ClickRetentionOptionsValidator>()
        );
        static DbContext Context(IServiceProvider scoped) =>
            scoped.GetRequiredService<AffiliateContextLease<TContext>>().Context;
        static IServiceScopeFactory Scopes(IServiceProvider sp) => sp.GetRequiredService<IServiceScopeFactory>();
        static IOptions<ClickRetentionOptions> Options(IServiceProvider sp) =>
            sp.GetRequiredService<IOptions<ClickRetentionOptions>>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IAffiliateJob, ClickPartitionJob>(sp => new(Scopes(sp), Context, Options(sp)))
        );
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IAffiliateJob, ClickRetentionJob>(sp => new(Scopes(sp), Context, Options(sp)))
        );
    }

    private sealed class ClickRetentionOptionsValidator : IValidateOptions<ClickRetentionOptions>
    {
        public ValidateOptionsResult Validate(string? name, ClickRetentionOptions options)
        {
            var problems = options.Validate().ToArray();
            return problems.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}
