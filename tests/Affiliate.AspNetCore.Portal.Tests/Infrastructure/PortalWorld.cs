using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests.Infrastructure;

/// <summary>
/// A portal host with a small real program: partners anna (code ANNA) and ben (BEN), a click and a sale each
/// (anna's 100 EUR with sub1 "spring", ben's 200 EUR), approved after the hold and paid out in one run, then a
/// second sale of anna's (50 EUR) inside the dashboard's 30 days.
/// </summary>
public sealed class PortalWorld : IAsyncDisposable
{
    private PortalWorld(PortalHost portal) => Portal = portal;

    /// <summary>The host.</summary>
    public PortalHost Portal { get; }

    /// <summary>The test host under it.</summary>
    public TestHost Host => Portal.Host;

    /// <summary>The payouts of the seeding run: anna's and ben's.</summary>
    public IReadOnlyList<Payout> Payouts { get; private set; } = [];

    /// <summary>Starts the host and seeds the program (unless <paramref name="seed"/> is false).</summary>
    public static async Task<PortalWorld> StartAsync(bool seed = true, Action<TestHostSetup>? configure = null)
    {
        var portal = await PortalHost.StartAsync(setup =>
        {
            setup.BulkClicks = false;
            // The tests run approvals and payouts themselves; the hosted runner doing the same when the fake clock
            // moves would race them.
            setup.Services = services =>
                services.Configure<AffiliateJobsOptions>(jobs =>
                {
                    foreach (var job in new[] { "approvals", "payouts", "outbox", "performance-tiers" })
                    {
                        jobs.Job(job).Enabled = false;
                    }
                });
            configure?.Invoke(setup);
        });
        var world = new PortalWorld(portal);
        if (seed)
        {
            await world.SeedAsync();
        }

        return world;
    }

    /// <summary>A client signed in as the partner.</summary>
    public HttpClient Partner(string id) => Host.PartnerClient(id);

    /// <summary>A client signed in as an admin.</summary>
    public HttpClient Admin() => Host.AdminClient();

    /// <summary>The partner's payout of the seeding run.</summary>
    public Payout PayoutOf(string partner) => Payouts.Single(p => p.PartnerId == new PartnerId(partner));

    private async Task SeedAsync()
    {
        await Host.AddPartnerAsync("anna", "ANNA");
        await Host.AddPartnerAsync("ben", "BEN");
        await SaleAsync("ANNA", "visitor-a", "order-a", 100m, "spring");
        await SaleAsync("BEN", "visitor-b", "order-b", 200m, null);
        Host.Advance(Duration.FromDays(31));
        Payouts = await Host.InScopeAsync(async services =>
        {
            await services.GetRequiredService<CommissionLedger>().ApproveDueAsync();
            var run = await services.GetRequiredService<PayoutProcessor>().CreatePayoutsAsync();
            return run.GetValueOrThrow().Payouts;
        });
        await SaleAsync("ANNA", "visitor-c", "order-c", 50m, "summer");
    }

    /// <summary>
    /// A click, then a sale an hour later (a second later when <paramref name="fast"/>: fraud holds it).
    /// </summary>
    public Task<ConversionOutcome> SaleAsync(
        string code,
        string visitor,
        string order,
        decimal amount,
        string? sub1,
        bool fast = false
    ) =>
        Host.InScopeAsync(async services =>
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
            var sale = await services
                .GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(new ConversionId(order), Host.Now, Money.Of(amount, "EUR")),
                        VisitorId = visitor,
                    }
                );
            return sale.GetValueOrThrow();
        });

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Portal.DisposeAsync();
}
