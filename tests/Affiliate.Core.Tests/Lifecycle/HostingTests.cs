using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.Tests.Lifecycle;

public sealed class HostingTests
{
    [Fact]
    public void Options_are_validated_with_every_problem_listed()
    {
        var services = new ServiceCollection();
        services
            .AddAffiliates(o =>
            {
                o.DefaultCurrency = "EURO";
                o.TimeZone = "Mars/Olympus";
                o.IpHashKey = "short";
            })
            .UseInMemoryStores()
            .ValidateOnStart();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<AffiliateOptions>>().Value
        );

        Assert.Contains(error.Failures, f => f.Contains("IpHashKey", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("'EURO' is not an ISO 4217 code", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f =>
            f.Contains("'Mars/Olympus' is not an IANA time zone id", StringComparison.Ordinal)
        );
        Assert.Contains(error.Failures, f => f.Contains("set o.Plan", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_problems_are_reported_as_option_problems()
    {
        var services = new ServiceCollection();
        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = AffiliateHost.IpHashKey;
                o.Plan = AffiliateHost.PercentPlan(-5m);
            })
            .UseInMemoryStores();
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() =>
            provider.GetRequiredService<IOptions<AffiliateOptions>>().Value
        );

        Assert.Contains(error.Failures, f => f.Contains("negative_rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_a_store_resolving_one_says_what_to_call()
    {
        var services = new ServiceCollection();
        services.AddAffiliates(o =>
        {
            o.IpHashKey = AffiliateHost.IpHashKey;
            o.Plan = AffiliateHost.PercentPlan(10m);
        });
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<IConversionStore>()
        );

        Assert.Contains("UseEntityFrameworkCore<TContext>()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adding_twice_is_harmless_and_a_hosts_clock_or_time_provider_wins()
    {
        var services = new ServiceCollection();
        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = AffiliateHost.IpHashKey;
                o.Plan = AffiliateHost.PercentPlan(10m);
            })
            .UseInMemoryStores();
        services.AddAffiliates().UseInMemoryStores();
        var time = new FixedTime(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        services.AddSingleton<TimeProvider>(time);
        using var provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ConversionRecorder));
        Assert.Equal(Instant.FromUtc(2026, 5, 1, 0, 0), provider.GetRequiredService<IClock>().GetCurrentInstant());

        var withClock = new ServiceCollection();
        var clock = new FakeClock(Instant.FromUtc(2030, 1, 1, 0, 0));
        withClock.AddSingleton<IClock>(clock);
        withClock.AddAffiliates();
        using var second = withClock.BuildServiceProvider();
        Assert.Same(clock, second.GetRequiredService<IClock>());
    }

    [Fact]
    public void The_default_time_provider_tells_a_clocks_time_and_keeps_the_base_timers()
    {
        var clock = new FakeClock(Instant.FromUtc(2030, 1, 1, 12, 30));
        var time = new ClockTimeProvider(clock);

        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 30, 0, TimeSpan.Zero), time.GetUtcNow());
        clock.Advance(Duration.FromMinutes(5));
        Assert.Equal(new DateTimeOffset(2030, 1, 1, 12, 35, 0, TimeSpan.Zero), time.GetUtcNow());

        // Without a host's TimeProvider or IClock, AddAffiliates registers this one, and the clock reads it.
        var services = new ServiceCollection();
        services.AddAffiliates();
        using var provider = services.BuildServiceProvider();
        Assert.IsType<ClockTimeProvider>(provider.GetRequiredService<TimeProvider>());
        Assert.IsType<TimeProviderClock>(provider.GetRequiredService<IClock>());
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
