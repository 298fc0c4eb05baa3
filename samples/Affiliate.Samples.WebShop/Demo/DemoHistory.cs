using System.Globalization;
using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>Something that happens in the simulated history, at <see cref="At"/>.</summary>
/// <param name="At">When.</param>
public abstract record SimulatedEvent(Instant At);

/// <summary>A visitor follows a partner's link.</summary>
public sealed record SimulatedClick(
    Instant At,
    DemoPartner Partner,
    string Visitor,
    string Ip,
    string UserAgent,
    string Country,
    string? Channel,
    string ProductSlug
) : SimulatedEvent(At);

/// <summary>An order at the checkout, by a visitor who clicked before (or with a coupon, or neither).</summary>
public sealed record SimulatedOrder(
    Instant At,
    string OrderId,
    IReadOnlyList<(string ProductId, int Quantity)> Items,
    CustomerDetails Customer,
    string? Coupon,
    string? Visitor,
    string Ip,
    string UserAgent
) : SimulatedEvent(At);

/// <summary>A customer's refund.</summary>
public sealed record SimulatedRefund(Instant At, string OrderId, string Reason) : SimulatedEvent(At);

/// <summary>
/// Invents the demo's 90 days: each partner's clicks (more as the weeks go by, more at weekends), the visitors who
/// buy some time after their click, coupon sales without a click, direct sales nobody referred, refunds, and a few
/// cases the fraud rules catch (a partner buying through their own link, an order seconds after its click).
/// </summary>
/// <param name="random">The random source; seeded, so the history is the same on every machine.</param>
/// <param name="products">The catalogue.</param>
public sealed class DemoHistory(Random random, IReadOnlyList<Product> products)
{
    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605",
        "Mozilla/5.0 (Linux; Android 15; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari",
    ];

    private static readonly string[] Countries = ["DE", "DE", "DE", "AT", "CH", "NL", "FR"];
    private static readonly string[] FirstNames = ["Lena", "Jonas", "Emma", "Paul", "Clara", "Felix", "Marie", "Ben"];
    private static readonly string[] LastNames = ["Schmidt", "Weber", "Fischer", "Wagner", "Becker", "Braun"];
    private static readonly string[] RefundReasons =
    [
        "Arrived damaged",
        "Changed my mind",
        "Ordered the wrong grind",
        "Duplicate order",
    ];

    /// <summary>Direct orders a day, without any partner.</summary>
    private const double DirectOrdersPerDay = 1.2;

    /// <summary>
    /// Scales every partner's traffic: about 3,800 clicks and 600 orders in 90 days, seeded in about 20 seconds.
    /// </summary>
    private const double TrafficScale = 0.6;

    /// <summary>The share of orders refunded later.</summary>
    private const double RefundRate = 0.06;

    /// <summary>The id of <paramref name="partner"/>'s link for <paramref name="channel"/> (ids are global).</summary>
    public static string LinkId(DemoPartner partner, string channel)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return partner.Id + "-" + channel;
    }

    /// <summary>The events of <paramref name="days"/> days from <paramref name="firstDay"/>, in time order.</summary>
    public IReadOnlyList<SimulatedEvent> Build(LocalDate firstDay, int days, Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var events = new List<SimulatedEvent>();
        var traffic = DemoPartners.All.Where(p => !p.Pending).ToArray();
        for (var d = 0; d < days; d++)
        {
            var date = firstDay.PlusDays(d);
            var dayStart = date.AtStartOfDayInZone(zone).ToInstant();
            var weekend = date.DayOfWeek is IsoDayOfWeek.Saturday or IsoDayOfWeek.Sunday ? 1.25 : 1.0;
            var growth = 0.7 + (0.6 * d / days);
            foreach (var partner in traffic)
            {
                var clicks = Poisson(partner.ClicksPerDay * TrafficScale * growth * weekend);
                for (var c = 0; c < clicks; c++)
                {
                    var click = NewClick(partner, dayStart + DaytimeOffset());
                    events.Add(click);
                    if (random.NextDouble() < partner.ConversionRate)
                    {
                        // Most buy within the hour, some come back days later (inside the 30-day window).
                        var delay =
                            random.NextDouble() < 0.7
                                ? Duration.FromMinutes(2 + random.Next(60))
                                : Duration.FromHours(2 + random.Next(24 * 6));
                        events.Add(NewOrder(click.At + delay, null, click));
                    }
                }

                for (var s = Poisson(partner.CouponSalesPerDay * TrafficScale * growth); s > 0; s--)
                {
                    events.Add(NewOrder(dayStart + DaytimeOffset(), partner.Coupon, null));
                }
            }

            for (var s = Poisson(DirectOrdersPerDay * growth * weekend); s > 0; s--)
            {
                events.Add(NewOrder(dayStart + DaytimeOffset(), null, null));
            }

            AddFraudCases(events, d, dayStart);
        }

        var orders = events.OfType<SimulatedOrder>().ToArray();
        foreach (var order in orders)
        {
            if (random.NextDouble() < RefundRate)
            {
                var at = order.At + Duration.FromHours(12 + random.Next(24 * 25));
                events.Add(new SimulatedRefund(at, order.OrderId, RefundReasons[random.Next(RefundReasons.Length)]));
            }
        }

        return events.Where(e => e.At <= now).OrderBy(e => e.At).ToArray();
    }

    /// <summary>
    /// Twice in the history a cashback partner's own staff buy through their link with a partner e-mail (a
    /// self-referral, rejected), and twice an order follows its click within seconds (held for review).
    /// </summary>
    private void AddFraudCases(List<SimulatedEvent> events, int day, Instant dayStart)
    {
        if (day is 20 or 61)
        {
            var bonus = DemoPartners.All.First(p => p.Id == "bonusbuddy");
            var click = NewClick(bonus, dayStart + Duration.FromHours(14));
            events.Add(click);
            var order = NewOrder(click.At + Duration.FromMinutes(5), null, click);
            events.Add(order with { Customer = order.Customer with { Email = bonus.Email, Name = bonus.Name } });
        }

        if (day is 45 or 80)
        {
            var cashcow = DemoPartners.All.First(p => p.Id == "cashcow");
            var click = NewClick(cashcow, dayStart + Duration.FromHours(11));
            events.Add(click);
            events.Add(NewOrder(click.At + Duration.FromSeconds(4), null, click));
        }
    }

    private SimulatedClick NewClick(DemoPartner partner, Instant at) =>
        new(
            at,
            partner,
            "v" + Hex(8),
            string.Create(
                CultureInfo.InvariantCulture,
                $"{random.Next(80, 95)}.{random.Next(0, 255)}.{random.Next(0, 255)}.{random.Next(1, 254)}"
            ),
            UserAgents[random.Next(UserAgents.Length)],
            Countries[random.Next(Countries.Length)],
            partner.Channels is { Length: > 0 } channels ? channels[random.Next(channels.Length)] : null,
            products[random.Next(products.Count)].Slug
        );

    private SimulatedOrder NewOrder(Instant at, string? coupon, SimulatedClick? click)
    {
        var count = random.NextDouble() < 0.6 ? 1 : random.Next(2, 4);
        var items = products
            .OrderBy(_ => random.Next())
            .Take(count)
            .Select(p => (p.Id, random.NextDouble() < 0.8 ? 1 : 2))
            .ToArray();
        var first = FirstNames[random.Next(FirstNames.Length)];
        var last = LastNames[random.Next(LastNames.Length)];
        var customer = new CustomerDetails
        {
            Name = first + " " + last,
            Email = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{first}.{last}.{random.Next(1000, 9999)}@mail.example"
                )
                .ToLowerInvariant(),
            Country = click?.Country ?? Countries[random.Next(Countries.Length)],
        };
        return new SimulatedOrder(
            at,
            "KB-" + Hex(6),
            items,
            customer,
            coupon,
            click?.Visitor,
            click?.Ip ?? "91.64.12." + random.Next(1, 254).ToString(CultureInfo.InvariantCulture),
            click?.UserAgent ?? UserAgents[random.Next(UserAgents.Length)]
        );
    }

    /// <summary>A moment between 07:00 and 23:00.</summary>
    private Duration DaytimeOffset() => Duration.FromMinutes(7 * 60 + random.Next(16 * 60));

    private string Hex(int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexString(buffer).ToLowerInvariant();
    }

    private int Poisson(double mean)
    {
        var limit = Math.Exp(-mean);
        var count = 0;
        for (var p = random.NextDouble(); p > limit; p *= random.NextDouble())
        {
            count++;
        }

        return count;
    }
}
