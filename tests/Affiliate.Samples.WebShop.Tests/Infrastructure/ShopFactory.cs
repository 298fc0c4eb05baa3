using System.Net;
using Affiliate.EntityFrameworkCore;
using Affiliate.Samples.WebShop.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>
/// The shop as <c>Program</c> builds it, over a temporary SQLite file, on a fake clock: seeded once (the first-run
/// seed, 90 days through the core) and shared by every test in <see cref="ShopCollection"/>.
/// </summary>
public sealed class ShopFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>Where the fake clock starts: 15 June 2026, 10:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 6, 15, 10, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kb-shop-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>A PostgreSQL database to run on instead of the temporary SQLite file; set before the first use.
    /// </summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>
    /// Serve on real Kestrel at 127.0.0.1 on a free port (for a browser) instead of the in-memory test server; set
    /// before the first use, then read <see cref="Address"/>.
    /// </summary>
    public bool OnKestrel { get; init; }

    /// <summary>The address Kestrel listens on (only with <see cref="OnKestrel"/>), e.g. http://127.0.0.1:41234.
    /// </summary>
    public Uri Address { get; private set; } = new("https://localhost");

    /// <summary>The time underneath the demo clock; never advanced by the tests (timers stay quiet).</summary>
    public FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The shop's clock.</summary>
    public DemoClock Clock => Services.GetRequiredService<DemoClock>();

    /// <inheritdoc />
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (PostgresConnectionString is null)
        {
            Directory.CreateDirectory(_folder);
        }

        builder.UseSetting(
            "ConnectionStrings:Affiliates",
            PostgresConnectionString ?? "Data Source=" + Path.Combine(_folder, "shop.db")
        );
        builder.ConfigureLogging(logging => logging.ClearProviders());
        builder.ConfigureTestServices(services => services.AddSingleton(new DemoClock(Time)));
    }

    /// <summary>Starts the shop, which seeds the demo before it answers.</summary>
    public Task InitializeAsync()
    {
        if (OnKestrel)
        {
            UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        }

        StartServer(); // builds and starts the host: PrepareAsync, then the seed in DemoSeeder.StartAsync
        if (OnKestrel)
        {
            var addresses = Services
                .GetRequiredService<IServer>()
                .Features.GetRequiredFeature<IServerAddressesFeature>();
            Address = new Uri(addresses.Addresses.First());
        }

        return Task.CompletedTask;
    }

    /// <summary>A client with its own cookies over https (the attribution cookie is Secure), not following redirects.
    /// </summary>
    public HttpClient NewClient()
    {
        var client = CreateClient(
            new WebApplicationFactoryClientOptions
            {
                BaseAddress = new Uri("https://localhost"),
                AllowAutoRedirect = false,
                HandleCookies = true,
            }
        );

        // A browser's user agent: requests without one are bots to the tracking middleware, and are not tracked.
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    /// <summary>The browser the test clients say they are.</summary>
    public const string UserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    /// <summary>A client signed in with a demo account (one-click sign-in).</summary>
    public async Task<HttpClient> SignedInClientAsync(string email)
    {
        var client = NewClient();
        var response = await client.PostFormAsync(
            "/account/sign-in?handler=Demo",
            "/account/sign-in",
            new() { ["email"] = email }
        );
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    /// <summary>
    /// Writes the clicks the tracking middleware has queued, as the bulk writer's timer would (the fake clock never
    /// fires it).
    /// </summary>
    public async Task FlushClicksAsync()
    {
        await Services.GetRequiredService<Affiliate.AspNetCore.TrackingClickQueue>().WhenIdleAsync();
        await Services.GetRequiredService<BulkClickWriter>().FlushAsync();
    }

    /// <summary>Runs <paramref name="action"/> with the services of a new scope, as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>The conversion's history, read through the core.</summary>
    public Task<ConversionHistory> HistoryAsync(string orderId) =>
        InScopeAsync(async services =>
            (
                await services.GetRequiredService<CommissionLedger>().HistoryAsync(null, new ConversionId(orderId))
            ).GetValueOrThrow()
        );

    /// <inheritdoc />
    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow shutdown is left in the temp folder.
        }
    }
}

/// <summary>The tests that share one seeded shop.</summary>
[CollectionDefinition(Name)]
public sealed class ShopCollection : ICollectionFixture<ShopFactory>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "shop";
}
