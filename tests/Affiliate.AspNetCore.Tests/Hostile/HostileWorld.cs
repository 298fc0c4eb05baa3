using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Tracking;
using Affiliate.AspNetCore.Tests.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// One host with everything a shop maps (the tracking middleware in front of a page, links, the click endpoint,
/// every webhook and the postback, the partner and admin APIs) and a small real program, so that hostile input meets
/// real ids, real cursors and real cookies: partners anna (ANNA) and ben (BEN), two sales of ben's and one of anna's,
/// approved and paid out, and a link of anna's.
/// </summary>
public sealed class HostileWorld : IAsyncDisposable
{
    /// <summary>The page the tracking middleware runs in front of.</summary>
    public const string Page = "/shop";

    /// <summary>Where /go lands when the destination is refused.</summary>
    public const string DefaultPage = "https://shop.example/welcome";

    /// <summary>The hosts /go may lead to.</summary>
    public static readonly string[] AllowedHosts = ["partner-shop.example", "*.cdn.example"];

    private HostileWorld(TestHost host) => Host = host;

    /// <summary>The host.</summary>
    public TestHost Host { get; }

    /// <summary>A visitor with a browser's user agent (without one a request is a bot, which is not counted).</summary>
    public HttpClient Visitor { get; private set; } = null!;

    /// <summary>Anna, the partner.</summary>
    public HttpClient Anna { get; private set; } = null!;

    /// <summary>Ben, the other partner.</summary>
    public HttpClient Ben { get; private set; } = null!;

    /// <summary>A program admin.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>Ids that exist: partners, payouts, conversions, links, plans, webhook sources.</summary>
    public IReadOnlyList<string> RealIds { get; private set; } = [];

    /// <summary>Cursors the API handed one partner (ben) and the admin, for others to send.</summary>
    public IReadOnlyList<string> RealCursors { get; private set; } = [];

    /// <summary>The attribution cookie a real visit set (expired once <see cref="ExpireCookies"/> ran).</summary>
    public string AttributionCookie { get; private set; } = "";

    /// <summary>The visitor cookie a real visit set.</summary>
    public string VisitorCookie { get; private set; } = "";

    /// <summary>Anna's link id.</summary>
    public string AnnasLink { get; private set; } = "";

    /// <summary>Starts the host (on Kestrel when asked) and seeds the program.</summary>
    public static async Task<HostileWorld> StartAsync(bool kestrel = false)
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Kestrel = kestrel,
                SqlitePooling = true,
                Web = web =>
                {
                    web.Webhooks.StripeSecrets.Add(WebhookHost.StripeSecret);
                    web.Webhooks.ShopifySecrets.Add(WebhookHost.ShopifySecret);
                    web.Webhooks.WooCommerceSecrets.Add(WebhookHost.WooSecret);
                    web.Webhooks.PostbackSecrets.Add(WebhookHost.PostbackSecret);
                    web.Webhooks.MaxBodyBytes = 16 * 1024;
                    web.Links.DefaultDestination = DefaultPage;
                    foreach (var allowed in AllowedHosts)
                    {
                        web.Links.AllowedHosts.Add(allowed);
                    }
                },
                // No job runs on its own: a job writing in the background would look like a hostile request's write.
                Services = services =>
                    services.Configure<AffiliateJobsOptions>(jobs =>
                    {
                        foreach (var job in new[] { "approvals", "payouts", "outbox", "performance-tiers" })
                        {
                            jobs.Job(job).Enabled = false;
                        }

                        jobs.Job("webhook-inbox").Enabled = false;
                        jobs.Job("period-close").Enabled = false;
                    }),
                Pipeline = app =>
                {
                    app.UseAffiliateTracking();
                    app.MapAffiliateEndpoints();
                    app.MapGet(Page, () => Results.Text("<h1>Kettle & Bean</h1>", "text/html"));
                },
            }
        );
        var world = new HostileWorld(host);
        try
        {
            await world.SeedAsync();
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return world;
    }

    /// <summary>Every route of the partner and admin APIs (links, postback URL, privacy, inbox included).</summary>
    public IReadOnlyList<(string Pattern, string Method)> ApiEndpoints() =>
        ((IEndpointRouteBuilder)Host.App)
            .DataSources.SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .SelectMany(e =>
                (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m =>
                    ("/" + (e.RoutePattern.RawText ?? "").TrimStart('/'), m)
                )
            )
            .Where(e =>
                e.Item1.StartsWith("/affiliate/partner", StringComparison.Ordinal)
                || e.Item1.StartsWith("/affiliate/admin", StringComparison.Ordinal)
            )
            .Distinct()
            .ToList();

    /// <summary>Moves the clock past the attribution window: the real cookies are now expired.</summary>
    public void ExpireCookies() => Host.Advance(Duration.FromDays(40));

    private async Task SeedAsync()
    {
        await Host.AddPartnerAsync("anna", "ANNA");
        await Host.AddPartnerAsync("ben", "BEN");
        await SaleAsync("ANNA", "visitor-a", "order-a", 100m);
        await SaleAsync("BEN", "visitor-b", "order-b", 200m);
        await SaleAsync("BEN", "visitor-b2", "order-b2", 50m);
        Host.Advance(Duration.FromDays(31));
        var payouts = await Host.InScopeAsync(async services =>
        {
            await services.GetRequiredService<CommissionLedger>().ApproveDueAsync();
            var run = await services.GetRequiredService<PayoutProcessor>().CreatePayoutsAsync();
            return run.GetValueOrThrow().Payouts;
        });
        AnnasLink = await Host.InScopeAsync(async services => (
                await services
                    .GetRequiredService<PartnerLinks>()
                    .CreateAsync(
                        new PartnerLinkRequest
                        {
                            PartnerId = new("anna"),
                            Destination = "https://partner-shop.example/kettles",
                            Id = "spring",
                        }
                    )
            ).GetValueOrThrow().Id);

        Visitor = Host.Client;
        Visitor.DefaultRequestHeaders.UserAgent.ParseAdd(TrackingHost.Browser);
        Anna = Host.PartnerClient("anna");
        Ben = Host.PartnerClient("ben");
        Admin = Host.AdminClient();

        using (var visit = await Visitor.GetAsync(new Uri(Page + "?ref=ANNA", UriKind.Relative)))
        {
            var cookies = visit.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
            AttributionCookie = cookies.Single(c => c.StartsWith("aff_attr=", StringComparison.Ordinal))[
                "aff_attr=".Length..
            ];
            VisitorCookie = cookies.Single(c => c.StartsWith("aff_vid=", StringComparison.Ordinal))[
                "aff_vid=".Length..
            ];
        }

        var cursors = new List<string>();
        foreach (
            var (client, path) in new[]
            {
                (Ben, "/affiliate/partner/conversions?size=1"),
                (Ben, "/affiliate/partner/clicks?size=1"),
                (Admin, "/affiliate/admin/partners?size=1"),
                (Admin, "/affiliate/admin/conversions?size=1"),
            }
        )
        {
            using var page = await client.GetAsync(new Uri(path, UriKind.Relative));
            var json = await System.Text.Json.JsonDocument.ParseAsync(await page.Content.ReadAsStreamAsync());
            if (json.RootElement.TryGetProperty("nextCursor", out var next) && next.GetString() is { } cursor)
            {
                cursors.Add(cursor);
            }
        }

        Assert.NotEmpty(cursors);
        RealCursors = cursors;
        RealIds =
        [
            "anna",
            "ben",
            "order-a",
            "order-b",
            "order-b2",
            "default",
            "stripe",
            "shopify",
            AnnasLink,
            .. payouts.Select(p => p.Id.Value),
        ];
    }

    private Task SaleAsync(string code, string visitor, string order, decimal amount) =>
        Host.InScopeAsync(async services =>
        {
            var click = await services
                .GetRequiredService<ClickTracker>()
                .RecordAsync(
                    new ClickRequest
                    {
                        ReferralCode = code,
                        VisitorId = visitor,
                        UserAgent = TrackingHost.Browser,
                        IpAddress = "203.0.113.7",
                    }
                );
            click.GetValueOrThrow();
            Host.Advance(Duration.FromHours(1));
            var sale = await services
                .GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(
                            new ConversionId(order),
                            Instant.FromDateTimeOffset(Host.Time.GetUtcNow()),
                            Money.Of(amount, "EUR")
                        ),
                        VisitorId = visitor,
                    }
                );
            return sale.GetValueOrThrow();
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Anna?.Dispose();
        Ben?.Dispose();
        Admin?.Dispose();
        await Host.DisposeAsync();
    }
}
