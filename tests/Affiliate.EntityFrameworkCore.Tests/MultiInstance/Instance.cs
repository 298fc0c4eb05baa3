using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>How a simulated server registers its <see cref="AffiliateDbContext"/>.</summary>
public enum ContextRegistration
{
    /// <summary><c>services.AddDbContext</c>: a new context per scope.</summary>
    Scoped,

    /// <summary><c>services.AddDbContextPool</c>: contexts rented from a pool per scope.</summary>
    Pooled,

    /// <summary><c>services.AddDbContextFactory</c> only.</summary>
    FactoryOnly,
}

/// <summary>
/// One simulated server: its own <see cref="ServiceProvider"/> wired as a host wires the library
/// (<c>AddDbContext...</c> + <c>AddAffiliates(...).UseEntityFrameworkCore&lt;AffiliateDbContext&gt;()</c>), with the
/// test's shared <see cref="FakeClock"/> as <see cref="IClock"/> and null loggers. Stores and services are scoped, so
/// every operation runs in a fresh scope (its own DbContext, its own connection) through <see cref="InScopeAsync{T}"/>.
/// </summary>
public sealed class Instance : IAsyncDisposable
{
    public const string IpHashKey = "multi-instance-ip-hash-key-0123456789";

    public static readonly Instant PlanStart = Instant.FromUtc(2000, 1, 1, 0, 0);

    public Instance(
        string name,
        ContextRegistration registration,
        Action<DbContextOptionsBuilder> useDatabase,
        FakeClock clock,
        Action<AffiliateOptions>? configure = null
    )
    {
        Name = name;
        Registration = registration;
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IClock>(clock);
        switch (registration)
        {
            case ContextRegistration.Scoped:
                services.AddDbContext<AffiliateDbContext>(useDatabase);
                break;
            case ContextRegistration.Pooled:
                services.AddDbContextPool<AffiliateDbContext>(useDatabase);
                break;
            case ContextRegistration.FactoryOnly:
                services.AddDbContextFactory<AffiliateDbContext>(useDatabase);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(registration), registration, null);
        }

        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = IpHashKey;
                o.Plan = PercentPlan(10m);
                o.HoldPeriod = Duration.FromDays(30);
                o.Fraud.ClickToConversion.Enabled = false;
                configure?.Invoke(o);
            })
            .UseEntityFrameworkCore<AffiliateDbContext>()
            .ValidateOnStart();
        Services = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }
        );
    }

    public string Name { get; }

    public ContextRegistration Registration { get; }

    public ServiceProvider Services { get; }

    /// <summary>A plan paying <paramref name="percent"/>% of every sale, in EUR.</summary>
    public static CommissionPlan PercentPlan(decimal percent) =>
        new()
        {
            Id = new PlanId("plan"),
            Name = "Standard",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = PlanStart,
                    Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(percent) }],
                },
            ],
        };

    /// <summary>
    /// Runs <paramref name="operation"/> in a new scope of this server (a new DbContext), as one request would.
    /// </summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var scope = Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }

    /// <summary>Runs <paramref name="operation"/> on a service resolved in a new scope.</summary>
    public Task<T> RunAsync<TService, T>(Func<TService, Task<T>> operation)
        where TService : notnull => InScopeAsync(services => operation(services.GetRequiredService<TService>()));

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Services.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Registration})";
}
