using System.Diagnostics;
using System.Globalization;
using System.Net;
using Affiliate.AspNetCore;
using Affiliate.EntityFrameworkCore;
using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>
/// Fills a new demo database with 90 days of a program's life, through the library's own services, with the demo
/// clock set to each simulated moment: partners registered through <see cref="PartnerDirectory"/>, clicks through
/// <see cref="ClickTracker"/> (with the signed attribution the middleware would set), orders through the shop's own
/// order code and <c>RecordAffiliateSaleAsync</c> as at the checkout, refunds through <see cref="ShopOrders"/> and the
/// core's refund, and every night's approvals and the monthly payout runs through
/// <see cref="CommissionLedger"/> and <see cref="PayoutProcessor"/>. Every number the portal shows is therefore one
/// the library computed. Deterministic: the same random seed gives the same history.
/// </summary>
/// <remarks>
/// Runs as a hosted service registered after the library's, so the bulk click writer is running (the seed flushes it
/// before an order needs its visitor's click) and the server does not answer before the demo is ready.
/// </remarks>
public sealed partial class DemoSeeder(
    IServiceScopeFactory scopes,
    DemoClock clock,
    BulkClickWriter clickWriter,
    DemoState state,
    ILogger<DemoSeeder> logger
) : IHostedService
{
    /// <summary>How many days of history the seed writes.</summary>
    public const int Days = 90;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!state.NeedsSeed)
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        var summary = await SeedAsync(cancellationToken);
        LogSeeded(
            logger,
            summary.Partners,
            summary.Clicks,
            summary.Orders,
            summary.Refunds,
            watch.Elapsed.TotalSeconds
        );
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<(int Partners, int Clicks, int Orders, int Refunds)> SeedAsync(CancellationToken cancel)
    {
        // The history starts at midnight 90 days ago in the program's zone; the clock was set there at start.
        var zone = DemoProgram.Zone;
        var realNow = clock.RealNow;
        var firstDay = realNow.InZone(zone).Date.PlusDays(-Days);
        var start = firstDay.AtStartOfDayInZone(zone).ToInstant();
        clock.MoveTo(start);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await ClickPartitions.EnsureMonthsAsync(db, start, monthsAhead: 6, cancel);
            db.Products.AddRange(DemoCatalog.Products());
            await db.SaveChangesAsync(cancel);
            await RegisterPartnersAsync(scope.ServiceProvider, cancel);
        }

        var products = DemoCatalog.Products();
        var plan = new DemoHistory(new Random(20261202), products).Build(firstDay, Days, realNow, zone);
        var pendingVisitors = new HashSet<string>(StringComparer.Ordinal);
        var attributions = new Dictionary<string, string>(StringComparer.Ordinal);
        var unpaid = new List<(PayoutId Id, Instant Due)>();
        var (clicks, orders, refunds) = (0, 0, 0);
        var byDay = plan.ToLookup(e => e.At.InZone(zone).Date);
        for (var date = firstDay; date <= realNow.InZone(zone).Date; date = date.PlusDays(1))
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            await NightlyJobsAsync(services, date, zone, unpaid, cancel);
            foreach (var simulated in byDay[date])
            {
                if (simulated.At > realNow)
                {
                    break;
                }

                clock.MoveTo(simulated.At);
                switch (simulated)
                {
                    case SimulatedClick click:
                        attributions[click.Visitor] = await TrackAsync(services, click, cancel);
                        pendingVisitors.Add(click.Visitor);
                        clicks++;
                        break;
                    case SimulatedOrder order:
                        if (order.Visitor is { } visitor && pendingVisitors.Contains(visitor))
                        {
                            await clickWriter.FlushAsync(cancel);
                            pendingVisitors.Clear();
                        }

                        var attribution = order.Visitor is null ? null : attributions.GetValueOrDefault(order.Visitor);
                        await OrderAsync(services, order, attribution, products, cancel);
                        orders++;
                        break;
                    case SimulatedRefund refund:
                        var shop = services.GetRequiredService<ShopOrders>();
                        if (await shop.FindAsync(refund.OrderId, cancel) is { } placed)
                        {
                            Expect(await shop.RefundAsync(placed, refund.Reason, cancellationToken: cancel), "refund");
                            refunds++;
                        }

                        break;
                }
            }

            if (date.Day == 1 || date.Day == 15)
            {
                LogProgress(logger, date, clicks, orders);
            }
        }

        await clickWriter.FlushAsync(cancel);
        clock.MoveTo(clock.RealNow); // the seed took a few seconds: the demo starts at real time, offset zero
        await using (var scope = scopes.CreateAsyncScope())
        {
            await ScheduleNewRatesAsync(scope.ServiceProvider, realNow, zone, cancel);
            await scope.ServiceProvider.GetRequiredService<ShopSettings>().MarkSeededAsync(cancel);
        }

        state.NeedsSeed = false;
        return (DemoPartners.All.Count, clicks, orders, refunds);
    }

    private static async Task RegisterPartnersAsync(IServiceProvider services, CancellationToken cancel)
    {
        var directory = services.GetRequiredService<PartnerDirectory>();
        var links = services.GetRequiredService<PartnerLinks>();
        foreach (var partner in DemoPartners.All)
        {
            var sponsor = partner.Sponsor is { } id ? DemoPartners.All.First(p => p.Id == id).Code : null;
            var result = await directory.RegisterAsync(
                new PartnerApplication
                {
                    Id = new PartnerId(partner.Id),
                    Name = partner.Name,
                    Email = partner.Email,
                    Segment = partner.Segment,
                    ReferralCodes = partner.Codes,
                    SponsorCode = sponsor,
                    AutoApprove = !partner.Pending,
                },
                cancel
            );
            Expect(result, "registering " + partner.Id);

            // One link per channel the partner posts on, with the channel as sub1: the portal's links page has
            // something to show, and the seeded clicks of that channel come through it.
            foreach (var channel in partner.Channels ?? [])
            {
                var link = await links.CreateAsync(
                    new PartnerLinkRequest
                    {
                        PartnerId = new PartnerId(partner.Id),
                        Id = DemoHistory.LinkId(partner, channel),
                        Destination = "/products/" + partner.FavouriteProduct,
                        Sub1 = channel,
                        Name = char.ToUpperInvariant(channel[0]) + channel[1..],
                    },
                    cancel
                );
                Expect(link, "link of " + partner.Id);
            }
        }
    }

    /// <summary>
    /// Records the click as the tracking middleware does, and returns the signed attribution the middleware would have
    /// put in the visitor's cookie.
    /// </summary>
    private static async Task<string> TrackAsync(
        IServiceProvider services,
        SimulatedClick click,
        CancellationToken cancel
    )
    {
        string[] subIds = click.Channel is null ? [] : [click.Channel];
        var result = await services
            .GetRequiredService<ClickTracker>()
            .RecordAsync(
                new ClickRequest
                {
                    ReferralCode = click.Partner.Code,
                    LinkId = click.Channel is null ? null : DemoHistory.LinkId(click.Partner, click.Channel),
                    VisitorId = click.Visitor,
                    SubIds = subIds,
                    LandingUrl =
                        "https://kettle-and-bean.example/products/" + click.ProductSlug + "?ref=" + click.Partner.Code,
                    Referrer = click.Channel is null ? null : $"https://{click.Partner.Id}.example/{click.Channel}",
                    UserAgent = click.UserAgent,
                    IpAddress = click.Ip,
                    Country = click.Country,
                },
                cancel
            );
        var recorded = Expect(result, "click");
        var cookie = services.GetRequiredService<AttributionCookie>();
        return cookie.Protect(
            new AffiliateAttribution(
                click.Partner.Code,
                recorded.Id,
                click.Visitor,
                subIds,
                recorded.OccurredAt + cookie.Window
            )
        );
    }

    /// <summary>
    /// Places the order with the shop's own code and records it as the checkout page does,
    /// <c>RecordAffiliateSaleAsync</c>, from a request with the simulated visitor's address, browser and signed
    /// attribution.
    /// </summary>
    private static async Task OrderAsync(
        IServiceProvider services,
        SimulatedOrder simulated,
        string? attribution,
        IReadOnlyList<Product> products,
        CancellationToken cancel
    )
    {
        var shop = services.GetRequiredService<ShopOrders>();
        var lines = simulated
            .Items.Select(i => new CartLine(products.First(p => p.Id == i.ProductId), i.Quantity))
            .ToArray();
        var order = await shop.PlaceAsync(simulated.OrderId, lines, simulated.Customer, simulated.Coupon, null, cancel);
        var request = new DefaultHttpContext { RequestServices = services };
        request.Connection.RemoteIpAddress = IPAddress.Parse(simulated.Ip);
        request.Request.Headers.UserAgent = simulated.UserAgent;
        var result = await request.RecordAffiliateSaleAsync(
            ShopOrders.ToAffiliateOrder(order) with
            {
                Attribution = attribution,
            },
            cancel
        );
        Expect(result, "order " + order.Id);
        await shop.NoteOutcomeAsync(order, result, cancel);
    }

    /// <summary>
    /// Schedules the plan's next version (<see cref="DemoProgram.NextVersion"/>) from the 1st of next month, as an
    /// admin would, so the portal shows a scheduled change of terms.
    /// </summary>
    private static async Task ScheduleNewRatesAsync(
        IServiceProvider services,
        Instant now,
        DateTimeZone zone,
        CancellationToken cancel
    )
    {
        var plans = services.GetRequiredService<PlanDirectory>();
        var current = (await plans.FindAsync(DemoProgram.Plan.Id, cancel)).GetValueOrThrow();
        var from = now.InZone(zone).Date.With(DateAdjusters.StartOfMonth).PlusMonths(1).AtStartOfDayInZone(zone);
        var scheduled = await plans.ScheduleAsync(
            DemoProgram.Plan.Id,
            DemoProgram.NextVersion(from.ToInstant()),
            current.Revision,
            cancel
        );
        Expect(scheduled, "scheduling the next plan version");
    }

    /// <summary>What the approval and payout jobs do each night, at 03:00 in the program's zone.</summary>
    private async Task NightlyJobsAsync(
        IServiceProvider services,
        LocalDate date,
        DateTimeZone zone,
        List<(PayoutId Id, Instant Due)> unpaid,
        CancellationToken cancel
    )
    {
        var night = date.At(new LocalTime(3, 0)).InZoneLeniently(zone).ToInstant();
        clock.MoveTo(night);
        await services.GetRequiredService<CommissionLedger>().ApproveDueAsync(cancellationToken: cancel);
        var payouts = services.GetRequiredService<PayoutProcessor>();
        if (DemoProgram.Payouts.Schedule.IsPayoutDate(date))
        {
            var run = Expect(await payouts.RunIfDueAsync(cancellationToken: cancel), "payout run");
            unpaid.AddRange(run.Payouts.Select(p => (p.Id, night + Duration.FromDays(3))));
        }

        // The bank transfers go out three days after the run, and the admin marks them paid.
        foreach (var payout in unpaid.Where(p => p.Due <= night).ToArray())
        {
            var reference =
                "SEPA-"
                + date.ToString("yyyyMMdd", CultureInfo.InvariantCulture)
                + "-"
                + payout.Id.ToString()[^6..].ToUpperInvariant();
            Expect(await payouts.MarkPaidAsync(payout.Id, reference, cancel), "mark paid");
            unpaid.Remove(payout);
        }
    }

    private static T Expect<T>(AffiliateResult<T> result, string what) =>
        result.Succeeded
            ? result.GetValueOrThrow()
            : throw new InvalidOperationException($"Seeding the demo failed at {what}: {result.Error}");

    [LoggerMessage(
        EventId = 9001,
        Level = LogLevel.Information,
        Message = "Demo seeded: {Partners} partners, {Clicks} clicks, {Orders} orders, {Refunds} refunds, {Seconds:F1}s"
    )]
    private static partial void LogSeeded(
        ILogger logger,
        int partners,
        int clicks,
        int orders,
        int refunds,
        double seconds
    );

    [LoggerMessage(
        EventId = 9002,
        Level = LogLevel.Information,
        Message = "Seeding the demo: {Date} reached, {Clicks} clicks and {Orders} orders so far"
    )]
    private static partial void LogProgress(ILogger logger, LocalDate date, int clicks, int orders);
}
