using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>An order the test sends as a signed postback: a sale of <paramref name="AmountMinor"/> cents.</summary>
internal sealed record Order(string Id, int Partner, long AmountMinor)
{
    public string PartnerId => "partner-p" + Partner.ToString("00", CultureInfo.InvariantCulture);
}

/// <summary>A refund of part (or, with the others of its order, all) of an order.</summary>
internal sealed record OrderRefund(string Id, string OrderId, long AmountMinor);

/// <summary>One webhook event: an order or a refund, as the body a vendor would send (and send again).</summary>
internal sealed record WebhookEvent(string Key, string Body);

/// <summary>
/// The program's orders and refunds, made from a seed: amounts in whole 10-cent steps so that 10% commission and every
/// refunded share of it is whole cents, and refunds whose amounts add up to at most the order (some to all of it).
/// </summary>
internal sealed class OrderBook
{
    public List<Order> Orders { get; } = [];
    public List<OrderRefund> Refunds { get; } = [];

    public static OrderBook Create(Random random, int orders, int partners, string prefix)
    {
        var book = new OrderBook();
        for (var i = 0; i < orders; i++)
        {
            var order = new Order(
                $"{prefix}-{i:00000}",
                1 + random.Next(partners),
                random.Next(10, 3000) * 10L // 1.00 to 299.90 EUR
            );
            book.Orders.Add(order);
            switch (random.Next(6))
            {
                case 0: // one partial refund
                    book.Refunds.Add(new($"{order.Id}-r1", order.Id, Part(random, order.AmountMinor)));
                    break;
                case 1: // two partial refunds
                    var first = Part(random, order.AmountMinor / 2);
                    book.Refunds.Add(new($"{order.Id}-r1", order.Id, first));
                    book.Refunds.Add(new($"{order.Id}-r2", order.Id, Part(random, order.AmountMinor - first)));
                    break;
                case 2: // refunded in full, in two parts
                    var part = Part(random, order.AmountMinor);
                    book.Refunds.Add(new($"{order.Id}-r1", order.Id, part));
                    if (part < order.AmountMinor)
                    {
                        book.Refunds.Add(new($"{order.Id}-r2", order.Id, order.AmountMinor - part));
                    }

                    break;
                case 3: // refunded in full at once
                    book.Refunds.Add(new($"{order.Id}-r1", order.Id, order.AmountMinor));
                    break;
            }
        }

        return book;
    }

    public IEnumerable<WebhookEvent> OrderEvents() => Orders.Select(o => new WebhookEvent("sale:" + o.Id, Sale(o)));

    public IEnumerable<WebhookEvent> RefundEvents() =>
        Refunds.Select(r => new WebhookEvent("refund:" + r.Id, Refund(r)));

    public IEnumerable<WebhookEvent> AllEvents() => OrderEvents().Concat(RefundEvents());

    public long RefundedMinor(string orderId) => Refunds.Where(r => r.OrderId == orderId).Sum(r => r.AmountMinor);

    /// <summary>The order's commission left after its refunds: 10% of what was not refunded.</summary>
    public long CommissionMinor(Order order) => (order.AmountMinor - RefundedMinor(order.Id)) / 10;

    public static string Sale(Order order) =>
        JsonSerializer.Serialize(
            new Dictionary<string, string>
            {
                ["conversion_id"] = order.Id,
                ["amount"] = Major(order.AmountMinor),
                ["currency"] = "EUR",
                ["referral_code"] = "P" + order.Partner.ToString("00", CultureInfo.InvariantCulture),
            }
        );

    public static string Refund(OrderRefund refund) =>
        JsonSerializer.Serialize(
            new Dictionary<string, string>
            {
                ["conversion_id"] = refund.OrderId,
                ["refund_id"] = refund.Id,
                ["amount"] = Major(refund.AmountMinor),
                ["currency"] = "EUR",
            }
        );

    private static long Part(Random random, long maxMinor) =>
        Math.Max(10, random.Next(1, (int)(maxMinor / 10) + 1) * 10L);

    private static string Major(long minor) => (minor / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>Sends signed postbacks and counts what the hosts answered (processed, duplicate, waiting, ...).</summary>
internal sealed class Deliveries
{
    public ConcurrentDictionary<string, int> Outcomes { get; } = new();

    /// <summary>How many deliveries the hosts have answered so far (any outcome but no answer).</summary>
    public ProgressCount Answered { get; } = new();

    public static async Task<string> SendAsync(HttpClient client, WebhookEvent webhook, CancellationToken token)
    {
        var bytes = Encoding.UTF8.GetBytes(webhook.Body);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var signature = Convert.ToHexStringLower(
            HMACSHA256.HashData(Encoding.UTF8.GetBytes(HostProcess.PostbackSecret), prefix.Concat(bytes).ToArray())
        );
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("affiliate/postback", UriKind.Relative))
        {
            Content = new ByteArrayContent(bytes),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("X-Affiliate-Signature", $"t={timestamp},v1={signature}");
        try
        {
            using var response = await client.SendAsync(request, token);
            var body = await response.Content.ReadAsStringAsync(token);
            if (!response.IsSuccessStatusCode)
            {
                return "http-" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
            }

            using var answer = JsonDocument.Parse(body);
            return answer.RootElement.GetProperty("status").GetString() ?? "?";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            return "no-answer"; // the host died under the request (or was killed before it answered)
        }
    }

    /// <summary>Delivers each event to its host, in list order, <paramref name="concurrency"/> at a time.</summary>
    public async Task DeliverAsync(
        IReadOnlyList<(WebhookEvent Event, HttpClient Client)> deliveries,
        int concurrency,
        CancellationToken token = default
    )
    {
        var next = -1;
        async Task WorkerAsync()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= deliveries.Count || token.IsCancellationRequested)
                {
                    return;
                }

                var outcome = await SendAsync(deliveries[i].Client, deliveries[i].Event, token);
                if (outcome != "no-answer")
                {
                    Answered.Increment();
                }

                Outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));
    }

    public int Count(string outcome) => Outcomes.GetValueOrDefault(outcome);

    public string Describe() =>
        string.Join(", ", Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}"));
}
