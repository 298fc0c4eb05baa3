using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.Tests.Lifecycle;

/// <summary>
/// A first run without ceremony: a bare ServiceCollection (no logging, no key) with in-memory stores records a sale;
/// the program's currency follows its plan; the IP hash key is made for in-memory stores only.
/// </summary>
public sealed class FirstRunTests
{
    private static ServiceProvider Build(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection();
        configure(services);
        return services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }
        );
    }

    [Fact]
    public async Task A_bare_service_collection_with_in_memory_stores_records_a_sale_in_the_plans_currency()
    {
        using var provider = Build(s =>
            s.AddAffiliates(o => o.Plan = AffiliateHost.PercentPlan(10m, "USD")).UseInMemoryStores()
        );
        using var scope = provider.CreateScope();
        var services = scope.ServiceProvider;

        var outcome = await SellAsync(services, "USD");

        Assert.Equal(Currency.FromCode("USD"), services.GetRequiredService<ProgramCatalog>().Find(null)!.Currency);
        Assert.Equal(Money.Of(10m, "USD"), Assert.Single(outcome.Lines).Amount);
    }

    [Fact]
    public void A_currency_set_against_the_plans_is_still_refused()
    {
        using var provider = Build(s =>
            s.AddAffiliates(o =>
                {
                    o.Plan = AffiliateHost.PercentPlan(10m, "USD");
                    o.DefaultCurrency = "EUR";
                })
                .UseInMemoryStores()
        );

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<AffiliateOptions>>().Value
        );

        Assert.Contains(error.Failures, f =>
            f.Contains("is in EUR but its plan 'Standard' is in USD", StringComparison.Ordinal)
        );
    }

    [Fact]
    public void In_memory_stores_make_a_random_ip_hash_key_of_their_own_and_keep_a_hosts_key()
    {
        static void InMemory(IServiceCollection s) =>
            s.AddAffiliates(o => o.Plan = AffiliateHost.PercentPlan(10m)).UseInMemoryStores();
        using var first = Build(InMemory);
        using var second = Build(InMemory);
        using var own = Build(s =>
            s.AddAffiliates(o =>
                {
                    o.Plan = AffiliateHost.PercentPlan(10m);
                    o.IpHashKey = AffiliateHost.IpHashKey;
                })
                .UseInMemoryStores()
        );

        var key = first.GetRequiredService<IOptions<AffiliateOptions>>().Value.IpHashKeyBytes();
        Assert.Equal(32, key.Length);
        Assert.NotEqual(key, second.GetRequiredService<IOptions<AffiliateOptions>>().Value.IpHashKeyBytes());
        Assert.Equal(AffiliateHost.IpHashKey, own.GetRequiredService<IOptions<AffiliateOptions>>().Value.IpHashKey);
    }

    [Fact]
    public void A_store_that_outlives_the_process_needs_the_hosts_key_and_says_how_to_get_one()
    {
        using var provider = Build(s =>
            s.AddAffiliates(o => o.Plan = AffiliateHost.PercentPlan(10m))
                .UseInMemoryStores()
                .ReplaceStore<IPartnerStore>(sp => sp.GetRequiredService<Stores.InMemoryAffiliateStore>())
        );

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<AffiliateOptions>>().Value
        );

        Assert.Contains(error.Failures, f =>
            f.StartsWith(
                "AffiliateOptions.IpHashKey is not set; a database store needs a key it keeps",
                StringComparison.Ordinal
            )
        );
    }

    [Fact]
    public async Task Logging_added_after_the_library_still_gets_its_logs()
    {
        var log = new LogCapture();
        using var provider = Build(s =>
        {
            s.AddAffiliates(o =>
                {
                    o.Plan = AffiliateHost.PercentPlan(10m);
                    o.HoldPeriod = Duration.Zero;
                    o.Fraud.ClickToConversion.Enabled = false;
                })
                .UseInMemoryStores();
            s.AddLogging(b => b.AddProvider(log));
        });
        using var scope = provider.CreateScope();
        var services = scope.ServiceProvider;
        await SellAsync(services, "EUR");
        await services.GetRequiredService<CommissionLedger>().ApproveDueAsync();

        (await services.GetRequiredService<PayoutProcessor>().CreatePayoutsAsync()).GetValueOrThrow();

        Assert.Contains(log.Drain(), l => l.Category == typeof(PayoutProcessor).FullName && l.EventId == 1301);
    }

    /// <summary>Registers anna, records her click and a sale of 100.00 in <paramref name="currency"/>.</summary>
    private static async Task<ConversionOutcome> SellAsync(IServiceProvider services, string currency)
    {
        (
            await services
                .GetRequiredService<PartnerDirectory>()
                .RegisterAsync(
                    new PartnerApplication
                    {
                        Id = new PartnerId("anna"),
                        Name = "Anna",
                        ReferralCodes = ["ANNA10"],
                        AutoApprove = true,
                    }
                )
        ).GetValueOrThrow();
        (
            await services
                .GetRequiredService<ClickTracker>()
                .RecordAsync(
                    new ClickRequest
                    {
                        ReferralCode = "ANNA10",
                        VisitorId = "v1",
                        IpAddress = "198.51.100.7",
                        UserAgent = "Mozilla/5.0 Firefox/140.0",
                    }
                )
        ).GetValueOrThrow();
        return (
            await services
                .GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = new ConversionFacts
                        {
                            Id = new ConversionId("o-1"),
                            OccurredAt = services.GetRequiredService<IClock>().GetCurrentInstant(),
                            Amount = Money.Of(100m, currency),
                        },
                        VisitorId = "v1",
                    }
                )
        ).GetValueOrThrow();
    }
}
