using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Configures the affiliate services; returned by <c>services.AddAffiliates(...)</c>. Storage and web adapters add
/// their own extension methods (<c>.UseEntityFrameworkCore&lt;TContext&gt;()</c>, <c>.UseAspNetCore()</c>). Every
/// method can be called more than once.
/// </summary>
public sealed class AffiliateBuilder
{
    internal AffiliateBuilder(IServiceCollection services) => Services = services;

    /// <summary>The service collection, for adapters' extension methods.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Changes options.</summary>
    public AffiliateBuilder Configure(Action<AffiliateOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Stores everything in memory: for tests and demos only (nothing survives a restart). Without an
    /// <see cref="AffiliateOptions.IpHashKey"/> a random one is made for the process; replacing any store afterwards
    /// (<see cref="ReplaceStore{TStore}"/>, a database adapter) makes the key required again.
    /// </summary>
    public AffiliateBuilder UseInMemoryStores()
    {
        Services.RemoveAll<InMemoryAffiliateStore>();
        Services.AddSingleton<InMemoryAffiliateStore>();
        ReplaceStore<IPartnerStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<ITouchStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IConversionStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<ILedgerStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IPayoutStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IPlanStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IOutboxStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IJobLockStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IRollupStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IListStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<ILinkStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IPartnerPostbackStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<IWebhookInboxStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        ReplaceStore<ILedgerSealStore>(sp => sp.GetRequiredService<InMemoryAffiliateStore>());
        Services.TryAddSingleton<InMemoryIpHashKey>();
        return this;
    }

    /// <summary>Adds a host fraud rule for clicks; it runs after the built-in rules.</summary>
    public AffiliateBuilder AddClickFraudRule<TRule>()
        where TRule : class, IClickFraudRule
    {
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<IClickFraudRule, TRule>());
        return this;
    }

    /// <summary>Adds a host fraud rule for conversions; it runs after the built-in rules.</summary>
    public AffiliateBuilder AddConversionFraudRule<TRule>()
        where TRule : class, IConversionFraudRule
    {
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<IConversionFraudRule, TRule>());
        return this;
    }

    /// <summary>Adds a handler for events dispatched from the outbox.</summary>
    public AffiliateBuilder AddEventHandler<THandler>()
        where THandler : class, IAffiliateEventHandler
    {
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<IAffiliateEventHandler, THandler>());
        return this;
    }

    /// <summary>Uses an exchange-rate provider for conversions in other currencies.</summary>
    public AffiliateBuilder UseExchangeRates<TProvider>()
        where TProvider : class, IExchangeRateProvider
    {
        Services.Replace(ServiceDescriptor.Singleton<IExchangeRateProvider, TProvider>());
        return this;
    }

    /// <summary>
    /// Checks the options when the host starts, so a misconfiguration stops it with every problem listed.
    /// </summary>
    public AffiliateBuilder ValidateOnStart()
    {
        Services.AddOptions<AffiliateOptions>().ValidateOnStart();
        return this;
    }

    /// <summary>Registers a store implementation, replacing whatever was registered for the interface.</summary>
    public AffiliateBuilder ReplaceStore<TStore>(
        Func<IServiceProvider, TStore> factory,
        ServiceLifetime lifetime = ServiceLifetime.Scoped
    )
        where TStore : class
    {
        // Data that outlives the process needs an IP hash key that does too: no random one past this point.
        Services.RemoveAll<InMemoryIpHashKey>();
        Services.Replace(new ServiceDescriptor(typeof(TStore), factory, lifetime));
        return this;
    }

    internal static void AddCore(IServiceCollection services)
    {
        services.AddOptions<AffiliateOptions>();
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IValidateOptions<AffiliateOptions>, AffiliateOptionsValidator>()
        );
        services.TryAddEnumerable(
            ServiceDescriptor.Singleton<IPostConfigureOptions<AffiliateOptions>, InMemoryIpHashKey.Apply>()
        );

        // A bare ServiceCollection has no logging: loggers then log nowhere. Registered with TryAdd, so a host's
        // AddLogging made before wins, and one made after still gets every log (it only TryAdds ILogger<>, and this
        // logger writes to the host's ILoggerFactory when there is one).
        services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(FallbackLogger<>)));

        // Time comes from one place. A host's IClock wins (TryAdd); else the clock reads the TimeProvider, which is the
        // host's when it registers one and, by default, NodaTime's system clock. Timers (the bulk click writer's, the
        // job runner's) use the same TimeProvider, so a fake one in tests moves both.
#pragma warning disable RS0030 // The default registration is the one place allowed to name the system clock.
        services.TryAddSingleton<TimeProvider>(_ => new ClockTimeProvider(SystemClock.Instance));
#pragma warning restore RS0030
        services.TryAddSingleton<IClock>(sp => new TimeProviderClock(sp.GetRequiredService<TimeProvider>()));

        // Metrics and traces: the host's IMeterFactory (AddMetrics, which hosts register) owns the Meter when present.
        services.TryAddSingleton(sp => new AffiliateDiagnostics(
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()
        ));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, PeriodCloseJob>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, PerformanceTierJob>());

        services.TryAddSingleton(sp => new IpAddressAnonymizer(
            sp.GetRequiredService<IOptions<AffiliateOptions>>().Value.IpHashKeyBytes()
        ));
        services.TryAddScoped(sp => new FraudPipeline(
            sp.GetRequiredService<IOptions<AffiliateOptions>>().Value.Fraud,
            sp.GetServices<IClickFraudRule>(),
            sp.GetServices<IConversionFraudRule>()
        ));
        services.TryAddScoped<ProgramCatalog>();
        services.TryAddSingleton<ReferralCodeCache>();
        services.TryAddScoped<PartnerDirectory>();
        services.TryAddScoped<ClickTracker>();
        services.TryAddScoped<ConversionRecorder>();
        services.TryAddScoped<CommissionLedger>();
        services.TryAddScoped<ReviewQueue>();
        services.TryAddScoped<PayoutProcessor>();
        services.TryAddScoped<AffiliateReports>();
        services.TryAddScoped<OutboxDispatcher>();
        services.TryAddSingleton(sp =>
            CursorProtector.FromOptions(sp.GetRequiredService<IOptions<AffiliateOptions>>().Value)
        );
        services.TryAddScoped<AffiliateLists>();
        services.TryAddScoped<PartnerPrivacy>();
        services.TryAddScoped<PartnerLinks>();
        services.TryAddSingleton<PlanCache>();
        services.TryAddScoped<PlanDirectory>();
        services.TryAddScoped<PartnerPostbacks>();
        services.TryAddScoped<WebhookInbox>();
        services.TryAddScoped<LedgerSeals>();
        Microsoft.Extensions.DependencyInjection.AffiliateJobsExtensions.AddJobTypes(services);

        MissingStore<IPartnerStore>(services);
        MissingStore<ITouchStore>(services);
        MissingStore<IConversionStore>(services);
        MissingStore<ILedgerStore>(services);
        MissingStore<IPayoutStore>(services);
        MissingStore<IPlanStore>(services);
        MissingStore<IOutboxStore>(services);
        MissingStore<IRollupStore>(services);
        MissingStore<IListStore>(services);
        MissingStore<ILinkStore>(services);
        MissingStore<IPartnerPostbackStore>(services);
        MissingStore<IWebhookInboxStore>(services);
        MissingStore<ILedgerSealStore>(services);
    }

    /// <summary>Until a store adapter registers itself, resolving a store says what to call.</summary>
    private static void MissingStore<TStore>(IServiceCollection services)
        where TStore : class =>
        services.TryAddScoped<TStore>(_ =>
            throw new InvalidOperationException(
                $"No affiliate store is registered for {typeof(TStore).Name}. Reference the "
                    + "'Affiliate.EntityFrameworkCore' package and call "
                    + "'services.AddAffiliates(...).UseEntityFrameworkCore<TContext>()', or call "
                    + "'.UseInMemoryStores()' for tests and demos."
            )
        );
}
