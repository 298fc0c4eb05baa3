using Affiliate.Benchmarks.Data;
using Affiliate.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// The library wired as a host wires it: <c>AddDbContext&lt;AffiliateDbContext&gt;</c> plus
/// <c>services.AddAffiliates(...).UseEntityFrameworkCore&lt;AffiliateDbContext&gt;()</c> over one database, with the
/// benchmark program's options, a <see cref="BenchClock"/> and null loggers. Services are scoped, so each operation
/// runs in a scope of its own, as one request would.
/// </summary>
public sealed class BenchHost : IAsyncDisposable
{
    private BenchHost(BenchDatabase database, BenchClock clock, ServiceProvider services)
    {
        Database = database;
        Clock = clock;
        Services = services;
    }

    /// <summary>The database.</summary>
    public BenchDatabase Database { get; }

    /// <summary>The clock the library reads.</summary>
    public BenchClock Clock { get; }

    /// <summary>The root service provider.</summary>
    public ServiceProvider Services { get; }

    /// <summary>Wires the library over <paramref name="database"/>.</summary>
    /// <param name="database">The database.</param>
    /// <param name="adapters">More builder calls, such as <c>UseBulkClickWriter</c>.</param>
    /// <param name="configure">Changes to <see cref="BenchProgram.Configure"/>'s options.</param>
    public static BenchHost Create(
        BenchDatabase database,
        Action<AffiliateBuilder>? adapters = null,
        Action<AffiliateOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(database);
        var clock = new BenchClock(BenchProgram.Now);
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IClock>(clock);
        services.AddDbContext<AffiliateDbContext>(database.Use);
        var builder = services
            .AddAffiliates(o =>
            {
                BenchProgram.Configure(o);
                configure?.Invoke(o);
            })
            .UseEntityFrameworkCore<AffiliateDbContext>();
        adapters?.Invoke(builder);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        return new BenchHost(database, clock, provider);
    }

    /// <summary>Creates or upgrades the library's tables.</summary>
    public Task EnsureSchemaAsync() =>
        InScopeAsync(async services =>
            await AffiliateSchema.EnsureCreatedAsync(services.GetRequiredService<AffiliateDbContext>())
        );

    /// <summary>Runs an operation in a new scope (a new DbContext), as one request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var scope = Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }

    /// <summary>Runs an operation on a service resolved in a new scope.</summary>
    public Task<T> RunAsync<TService, T>(Func<TService, Task<T>> operation)
        where TService : notnull => InScopeAsync(services => operation(services.GetRequiredService<TService>()));

    /// <summary>Disposes the services (the database stays; it belongs to whoever made it).</summary>
    public ValueTask DisposeAsync() => Services.DisposeAsync();
}
