using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Affiliate.AspNetCore.Tests.Infrastructure;

/// <summary>What a <see cref="TestHost"/> is made of; every part has the default a shop would use.</summary>
public sealed class TestHostSetup
{
    /// <summary>A PostgreSQL database to use; null (the default) is a fresh SQLite file.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Clicks through the bulk writer (the default, as the middleware expects) or one insert each.</summary>
    public bool BulkClicks { get; set; } = true;

    /// <summary>The program; by default a 10% plan in EUR with a 30-day window and hold.</summary>
    public Action<AffiliateOptions>? Affiliates { get; set; }

    /// <summary>The adapter's options.</summary>
    public Action<AffiliateWebOptions>? Web { get; set; }

    /// <summary>More registrations (event handlers, fraud rules, the host's own services).</summary>
    public Action<AffiliateBuilder>? Builder { get; set; }

    /// <summary>More services.</summary>
    public Action<IServiceCollection>? Services { get; set; }

    /// <summary>
    /// The request pipeline after authentication and authorization: what the test maps (tracking, endpoints).
    /// </summary>
    public Action<WebApplication>? Pipeline { get; set; }

    /// <summary>
    /// Listen on a loopback port with Kestrel instead of the in-process TestServer, for requests that should cross a
    /// real socket and the real server's parsing; the clients then talk HTTP to that port.
    /// </summary>
    public bool Kestrel { get; set; }

    /// <summary>
    /// Pool the SQLite connections (off by default, as <see cref="SqliteFile"/>): for tests that send thousands of
    /// requests, where opening the file and setting its pragmas anew for each one dominates.
    /// </summary>
    public bool SqlitePooling { get; set; }
}

/// <summary>
/// An in-process ASP.NET Core host on the TestServer over a real database (a SQLite file by default, or the
/// PostgreSQL server), with a fake clock, the test sign-in (<see cref="TestAuthentication"/>) and an
/// <c>AffiliateAdmin</c> policy that admits the <c>admin</c> role.
/// </summary>
public sealed class TestHost : IAsyncDisposable
{
    /// <summary>Where the fake clock starts: 1 May 2026, 12:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The key the test host hashes IPs with.</summary>
    public const string IpHashKey = "a-test-key-of-at-least-sixteen-bytes";

    private readonly SqliteFile? _file;

    private readonly Uri? _kestrel;

    private TestHost(WebApplication app, FakeTimeProvider time, SqliteFile? file, Uri? kestrel)
    {
        App = app;
        Time = time;
        _file = file;
        _kestrel = kestrel;
        Client = NewClient();
    }

    /// <summary>The running host.</summary>
    public WebApplication App { get; }

    /// <summary>The host's clock: advance it, never sleep.</summary>
    public FakeTimeProvider Time { get; }

    /// <summary>The fake clock's time as an instant.</summary>
    public Instant Now => Instant.FromDateTimeOffset(Time.GetUtcNow());

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => App.Services;

    /// <summary>A client without a user. The TestServer's client does not follow redirects or keep cookies.</summary>
    public HttpClient Client { get; }

    /// <summary>Builds, creates the schema and starts a host.</summary>
    public static async Task<TestHost> StartAsync(TestHostSetup? setup = null)
    {
        setup ??= new TestHostSetup();
        var file = setup.PostgresConnectionString is null ? new SqliteFile(setup.SqlitePooling) : null;
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            if (setup.Kestrel)
            {
                builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
            }
            else
            {
                builder.WebHost.UseTestServer();
            }

            builder.Logging.ClearProviders();
            var time = new FakeTimeProvider(Start);
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.Services.AddDbContext<TestShopContext>(o =>
            {
                if (file is not null)
                {
                    o.UseSqlite(file.ConnectionString);
                }
                else
                {
                    o.UseNpgsql(setup.PostgresConnectionString);
                }
            });
            builder
                .Services.AddAuthentication(TestAuthentication.SchemeName)
                .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestAuthentication>(
                    TestAuthentication.SchemeName,
                    null
                );
            builder.Services.AddAuthorization(o => o.AddPolicy("AffiliateAdmin", p => p.RequireRole("admin")));
            var affiliates = builder.Services.AddAffiliates(o =>
            {
                o.IpHashKey = IpHashKey;
                o.Plan = Affiliate.Stores.Specification.SpecData.TenPercentPlan();
                o.AttributionWindow = Duration.FromDays(30);
                o.HoldPeriod = Duration.FromDays(30);
                setup.Affiliates?.Invoke(o);
            });
            _ = setup.BulkClicks
                ? affiliates.UseBulkClickWriter<TestShopContext>()
                : affiliates.UseEntityFrameworkCore<TestShopContext>();
            affiliates.UseAspNetCore(setup.Web).ValidateOnStart();
            setup.Builder?.Invoke(affiliates);
            // The ledger-seal job would write seals in the background whenever the fake clock moves, under tests that
            // count rows; tests that need seals run it by hand.
            builder.Services.Configure<AffiliateJobsOptions>(jobs => jobs.Job(LedgerSealJob.JobName).Enabled = false);
            setup.Services?.Invoke(builder.Services);

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();
            setup.Pipeline?.Invoke(app);

            await using (var scope = app.Services.CreateAsyncScope())
            {
                var context = scope.ServiceProvider.GetRequiredService<TestShopContext>();
                await AffiliateSchema.EnsureCreatedAsync(context);

                // The click partitions of the fake clock's months exist before the host starts, as a deployed host's
                // partition job makes them ahead of time; otherwise the job's first run attaches the current month
                // while a test writes and reads its clicks. Nothing on SQLite.
                await ClickPartitions.EnsureMonthsAsync(context, Instant.FromDateTimeOffset(Start), monthsAhead: 12);
            }

            await app.StartAsync();
            var kestrel = setup.Kestrel ? new Uri(app.Urls.First()) : null;
            return new TestHost(app, time, file, kestrel);
        }
        catch
        {
            file?.Dispose();
            throw;
        }
    }

    /// <summary>A client signed in as the partner.</summary>
    public HttpClient PartnerClient(string partnerId)
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.PartnerHeader, partnerId);
        return client;
    }

    /// <summary>A client signed in as a program admin.</summary>
    public HttpClient AdminClient()
    {
        var client = NewClient();
        client.DefaultRequestHeaders.Add(TestAuthentication.RoleHeader, "admin");
        return client;
    }

    // Over Kestrel as the TestServer's client behaves: no redirects followed, no cookies kept.
#pragma warning disable CA2000 // The client owns its handler.
    private HttpClient NewClient() =>
        _kestrel is null
            ? App.GetTestClient()
            : new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false })
            {
                BaseAddress = _kestrel,
            };
#pragma warning restore CA2000

    /// <summary>Runs <paramref name="action"/> with the services of a new scope, as a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Registers an active partner with the referral code (and the sponsor's code, if given).</summary>
    public Task<Partner> AddPartnerAsync(string id, string code, string? sponsorCode = null) =>
        InScopeAsync(async services =>
        {
            var partners = services.GetRequiredService<PartnerDirectory>();
            var application = new PartnerApplication
            {
                Id = new PartnerId(id),
                Name = id,
                ReferralCodes = [code],
                SponsorCode = sponsorCode,
                AutoApprove = true,
            };
            return (await partners.RegisterAsync(application)).GetValueOrThrow();
        });

    /// <summary>
    /// Waits until the tracking queue has handed every click to the tracker, then writes the clicks the bulk writer
    /// holds, as its timer would.
    /// </summary>
    public async Task FlushClicksAsync()
    {
        await Services.GetRequiredService<TrackingClickQueue>().WhenIdleAsync();
        if (Services.GetService<BulkClickWriter>() is { } writer)
        {
            await writer.FlushAsync();
        }
    }

    /// <summary>Moves the fake clock forward.</summary>
    public void Advance(Duration by) => Time.Advance(by.ToTimeSpan());

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        _file?.Dispose();
    }
}
