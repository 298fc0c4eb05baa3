using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>
/// A host with the partner and admin APIs on a SQLite file and a small real program: partners anna and ben, a click
/// and a sale each (anna's with sub1 "spring"), approved after the hold and paid out in one run.
/// </summary>
internal sealed class ApiWorld : IAsyncDisposable
{
    private ApiWorld(TestHost host) => Host = host;

    public TestHost Host { get; }

    public IReadOnlyList<Payout> Payouts { get; private set; } = [];

    public static async Task<ApiWorld> StartAsync(
        Action<AffiliateWebOptions>? web = null,
        bool seed = true,
        string? postgres = null
    )
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                BulkClicks = false,
                PostgresConnectionString = postgres,
                Web = web,
                // The tests run approvals and payouts themselves; the hosted runner doing the same when the fake
                // clock moves would race them (a run that finds the payout lock taken creates nothing).
                Services = services =>
                    services.Configure<AffiliateJobsOptions>(jobs =>
                    {
                        foreach (var job in new[] { "approvals", "payouts", "outbox" })
                        {
                            jobs.Job(job).Enabled = false;
                        }
                    }),
                Pipeline = app =>
                {
                    app.UseRateLimiter();
                    app.MapAffiliateEndpoints();
                    app.MapHealthChecks("/health");
                },
            }
        );
        var world = new ApiWorld(host);
        if (seed)
        {
            await world.SeedAsync();
        }

        return world;
    }

    public static Uri Url(string path) => new(path, UriKind.Relative);

    /// <summary>The amount of a JSON money value as a number (its scale is the source's).</summary>
    public static decimal Amount(JsonElement money) =>
        decimal.Parse(money.GetProperty("amount").GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();

    public Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => Host.InScopeAsync(action);

    private async Task SeedAsync()
    {
        await Host.AddPartnerAsync("anna", "ANNA");
        await Host.AddPartnerAsync("ben", "BEN");
        await SaleAsync("ANNA", "visitor-a", "order-a", 100m, "spring");
        await SaleAsync("BEN", "visitor-b", "order-b", 200m, null);
        Host.Advance(Duration.FromDays(31));
        Payouts = await InScopeAsync(async services =>
        {
            await services.GetRequiredService<CommissionLedger>().ApproveDueAsync();
            var run = await services.GetRequiredService<PayoutProcessor>().CreatePayoutsAsync();
            return run.GetValueOrThrow().Payouts;
        });
    }

    /// <summary>A click, then a sale an hour later (at once when <paramref name="fast"/>: fraud holds it).</summary>
    public async Task SaleAsync(
        string code,
        string visitor,
        string order,
        decimal amount,
        string? sub1,
        bool fast = false
    ) =>
        await InScopeAsync(async services =>
        {
            var click = await services
                .GetRequiredService<ClickTracker>()
                .RecordAsync(
                    new ClickRequest
                    {
                        ReferralCode = code,
                        VisitorId = visitor,
                        SubIds = sub1 is null ? [] : [sub1],
                        UserAgent =
                            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36",
                        IpAddress = "203.0.113.7",
                    }
                );
            click.GetValueOrThrow();
            Host.Advance(fast ? Duration.FromSeconds(1) : Duration.FromHours(1));
            var now = Host.Time.GetUtcNow();
            var sale = await services
                .GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(
                            new ConversionId(order),
                            Instant.FromDateTimeOffset(now),
                            Money.Of(amount, "EUR")
                        ),
                        VisitorId = visitor,
                    }
                );
            return sale.GetValueOrThrow();
        });

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
