using System.Net;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>
/// Two hosts over one PostgreSQL database, as two instances behind a load balancer: deliveries of the same events
/// to both at once, duplicated and out of order, keep the ledger exact.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresWebhookTests(PostgresServer server)
{
    private const int Orders = 12;

    [PostgresFact]
    public async Task Duplicate_and_out_of_order_deliveries_to_two_hosts_at_once_keep_the_ledger_exact()
    {
        var database = await server.CreateDatabaseAsync();
        await using var first = await WebhookHost.StartAsync(database);
        await using var second = await WebhookHost.StartAsync(database, addPartner: false);
        var created = first.UnixNow;

        // Every order's refund, its checkout and a copy of each, to both hosts, all at once.
        var deliveries = Enumerable
            .Range(0, Orders)
            .SelectMany(i =>
            {
                var refund = Payloads.StripeRefund($"evt_r{i}", $"pi_{i}", created + 60);
                // Half the orders by one customer: their first-purchase records collide across the hosts.
                var sale = Payloads.StripeCheckout(
                    $"evt_s{i}",
                    $"pi_{i}",
                    created,
                    customer: i % 2 == 0 ? "cus_1" : $"cus_{i}"
                );
                return new[]
                {
                    (Host: i % 2 == 0 ? first : second, Body: refund),
                    (Host: i % 2 == 0 ? second : first, Body: sale),
                    (Host: first, Body: sale),
                    (Host: second, Body: refund),
                };
            })
            .ToArray();
        var responses = await Task.WhenAll(deliveries.Select(d => d.Host.StripeAsync(d.Body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        // What a refund raced past is picked up by the pending run (the job, or this call after an outage).
        await second.Host.InScopeAsync(async s => await s.GetRequiredService<WebhookInbox>().ProcessPendingAsync());
        var inbox = await first.InboxAsync();
        Assert.Equal(Orders * 2, inbox.Count);
        Assert.All(inbox, e => Assert.Equal(InboxEventState.Processed, e.State));
        for (var i = 0; i < Orders; i++)
        {
            var conversion = await second.ConversionAsync($"pi_{i}");
            Assert.NotNull(conversion);
            Assert.Equal(Money.Of(90m, "EUR"), conversion.Amount);
            Assert.Equal(Money.Of(45m, "EUR"), conversion.Refunded);
        }

        Assert.Equal(Money.Of(4.5m * Orders, "EUR"), await first.EarnedAsync());
        Assert.Equal(Orders, (await first.LinesAsync()).Count(l => l.Amount.IsPositive));
    }

    [PostgresFact]
    public async Task A_refund_arriving_at_one_host_waits_until_its_order_arrives_at_the_other()
    {
        var database = await server.CreateDatabaseAsync();
        await using var first = await WebhookHost.StartAsync(database);
        await using var second = await WebhookHost.StartAsync(database, addPartner: false);
        const string orderId = "9007199254740993";

        var refund = await first.ShopifyAsync("refunds/create", "wh-r", Payloads.ShopifyRefund("77", orderId));
        var waiting = Assert.Single(await second.InboxAsync());
        var order = await second.ShopifyAsync("orders/create", "wh-o", Payloads.ShopifyOrder(orderId));

        Assert.Equal(HttpStatusCode.OK, refund.StatusCode);
        Assert.Equal(InboxEventState.Waiting, waiting.State);
        Assert.Equal(orderId, waiting.WaitingFor);
        Assert.Equal(HttpStatusCode.OK, order.StatusCode);
        Assert.All(await first.InboxAsync(), e => Assert.Equal(InboxEventState.Processed, e.State));
        Assert.Equal(Money.Of(45m, "EUR"), (await first.ConversionAsync(orderId))!.Refunded);
        Assert.Equal(Money.Of(4.5m, "EUR"), await second.EarnedAsync());
    }
}
