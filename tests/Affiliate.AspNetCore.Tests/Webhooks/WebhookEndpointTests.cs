using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>
/// The webhook endpoints end to end on a SQLite file: each vendor's sale with the right basis, duplicates, refunds
/// before their orders, large ids, and bad input answered with problem details and nothing written.
/// </summary>
public sealed class WebhookEndpointTests
{
    private static readonly Money Nine = Money.Of(9m, "EUR");

    [Fact]
    public async Task A_stripe_checkout_records_the_sale_on_the_subtotal_after_discount_without_tax_or_shipping()
    {
        await using var web = await WebhookHost.StartAsync();

        var response = await web.StripeAsync(Payloads.StripeCheckout("evt_1", "pi_1", web.UnixNow));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("processed", await StatusAsync(response));
        var conversion = await web.ConversionAsync("pi_1");
        Assert.NotNull(conversion);
        Assert.Equal(Money.Of(90m, "EUR"), conversion.Amount);
        Assert.Equal(new PartnerId("anna"), conversion.PrimaryPartnerId);
        Assert.Equal(Nine, await web.EarnedAsync());
        var stored = Assert.Single(await web.InboxAsync());
        Assert.Equal(("stripe", "evt_1", "checkout.session.completed"), (stored.Source, stored.EventId, stored.Topic));
        Assert.Equal(InboxEventState.Processed, stored.State);
    }

    [Fact]
    public async Task The_same_stripe_event_delivered_ten_times_is_one_conversion()
    {
        await using var web = await WebhookHost.StartAsync();
        var body = Payloads.StripeCheckout("evt_1", "pi_1", web.UnixNow);

        var statuses = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var response = await web.StripeAsync(body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            statuses.Add(await StatusAsync(response));
        }

        Assert.Equal("processed", statuses[0]);
        Assert.All(statuses.Skip(1), s => Assert.Equal("duplicate", s));
        Assert.Single(await web.InboxAsync());
        Assert.Single(await web.LinesAsync());
        Assert.Equal(Nine, await web.EarnedAsync());
    }

    [Fact]
    public async Task A_stripe_refund_before_its_checkout_waits_and_applies_when_the_checkout_arrives()
    {
        await using var web = await WebhookHost.StartAsync();
        var created = web.UnixNow;

        var refund = await web.StripeAsync(Payloads.StripeRefund("evt_r", "pi_1", created + 60));
        Assert.Equal("waiting", await StatusAsync(refund));
        Assert.Empty(await web.LinesAsync());

        var sale = await web.StripeAsync(Payloads.StripeCheckout("evt_s", "pi_1", created));

        Assert.Equal("processed", await StatusAsync(sale));
        var conversion = await web.ConversionAsync("pi_1");
        Assert.Equal(Money.Of(45m, "EUR"), conversion!.Refunded);
        Assert.Equal(Money.Of(4.5m, "EUR"), await web.EarnedAsync());
        Assert.All(await web.InboxAsync(), e => Assert.Equal(InboxEventState.Processed, e.State));
    }

    [Fact]
    public async Task A_paid_stripe_renewal_invoice_is_a_renewal_and_the_first_invoice_records_no_sale()
    {
        await using var web = await WebhookHost.StartAsync();

        var first = await web.StripeAsync(
            Payloads.StripeInvoice("evt_i1", "pi_i1", web.UnixNow, "subscription_create")
        );
        var renewal = await web.StripeAsync(
            Payloads.StripeInvoice("evt_i2", "pi_i2", web.UnixNow, "subscription_cycle")
        );

        // The first invoice is remembered as the subscription's first payment; its sale is the checkout's.
        Assert.Equal("processed", await StatusAsync(first));
        Assert.Equal("processed", await StatusAsync(renewal));
        Assert.Null(await web.ConversionAsync("pi_i1"));
        var conversion = await web.ConversionAsync("pi_i2");
        Assert.Equal(ConversionKind.Renewal, conversion!.Kind);
        Assert.Equal(Money.Of(15m, "EUR"), conversion.Amount);
        Assert.Equal(Money.Of(1.5m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task Stripe_refund_totals_without_the_refund_list_refund_only_what_is_new_whatever_their_order()
    {
        await using var web = await WebhookHost.StartAsync();
        var now = web.UnixNow;
        await web.StripeAsync(Payloads.StripeCheckout("evt_s", "pi_1", now));

        // Refunded totals of 20% then 60% of the charge, delivered newest first.
        var later = await web.StripeAsync(Payloads.StripeRefundTotal("evt_r2", "pi_1", now + 120, 6726));
        var earlier = await web.StripeAsync(Payloads.StripeRefundTotal("evt_r1", "pi_1", now + 60, 2242));

        Assert.Equal("processed", await StatusAsync(later));
        Assert.Equal("processed", await StatusAsync(earlier));
        Assert.Equal(Money.Of(54m, "EUR"), (await web.ConversionAsync("pi_1"))!.Refunded);
        Assert.Equal(Money.Of(3.6m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_shopify_order_and_refund_with_ids_past_two_to_the_53_record_exactly()
    {
        await using var web = await WebhookHost.StartAsync();
        // 2^53 + 1: a double would read it as 9007199254740992.
        const string orderId = "9007199254740993";

        var order = await web.ShopifyAsync("orders/create", "wh-1", Payloads.ShopifyOrder(orderId));
        var again = await web.ShopifyAsync("orders/create", "wh-1", Payloads.ShopifyOrder(orderId));
        var refund = await web.ShopifyAsync(
            "refunds/create",
            "wh-2",
            Payloads.ShopifyRefund("9007199254740995", orderId)
        );

        Assert.Equal("processed", await StatusAsync(order));
        Assert.Equal("duplicate", await StatusAsync(again));
        Assert.Equal("processed", await StatusAsync(refund));
        Assert.Null(await web.ConversionAsync("9007199254740992"));
        var conversion = await web.ConversionAsync(orderId);
        Assert.NotNull(conversion);
        Assert.Equal(Money.Of(90m, "EUR"), conversion.Amount);
        Assert.Equal(new CustomerId("7390197137523451905"), conversion.CustomerId);
        Assert.Equal("SPRING10", conversion.CouponCode);
        Assert.Equal(Money.Of(45m, "EUR"), conversion.Refunded);
        Assert.Equal(Money.Of(4.5m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_woocommerce_ping_gets_200_and_writes_nothing()
    {
        await using var web = await WebhookHost.StartAsync();

        var response = await web.PostAsync(
            "/affiliate/webhooks/woocommerce",
            Encoding.ASCII.GetBytes("webhook_id=12"),
            "application/x-www-form-urlencoded"
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await web.InboxAsync());
        Assert.Empty(await web.LinesAsync());
    }

    [Fact]
    public async Task A_woocommerce_order_records_once_when_paid_and_its_refunds_apply()
    {
        await using var web = await WebhookHost.StartAsync();

        var pending = await web.WooAsync("order.created", Payloads.WooOrder(501, "pending"));
        var processing = await web.WooAsync("order.updated", Payloads.WooOrder(501, "processing"));
        var completed = await web.WooAsync("order.updated", Payloads.WooOrder(501, "completed"));
        var refunded = await web.WooAsync(
            "order.updated",
            Payloads.WooOrder(501, "completed", """[{"id":77,"reason":"damaged","total":"-57.00"}]""")
        );

        Assert.Equal("ignored", await StatusAsync(pending));
        Assert.Equal("processed", await StatusAsync(processing));
        Assert.Equal("processed", await StatusAsync(completed));
        Assert.Equal("processed", await StatusAsync(refunded));
        var conversion = await web.ConversionAsync("501");
        Assert.Equal(Money.Of(90m, "EUR"), conversion!.Amount);
        Assert.Equal(Money.Of(45m, "EUR"), conversion.Refunded);
        Assert.Equal(Money.Of(4.5m, "EUR"), await web.EarnedAsync());
        Assert.Equal(3, (await web.InboxAsync()).Count);
    }

    [Fact]
    public async Task A_signed_postback_records_a_sale_and_its_replay_changes_nothing()
    {
        await using var web = await WebhookHost.StartAsync();
        var body = Payloads.Postback("order-77");

        var first = await web.PostbackAsync(body);
        web.Host.Advance(Duration.FromMinutes(2));
        var replay = await web.PostbackAsync(body, web.UnixNow - 120);
        var refund = await web.PostbackAsync(
            """{"conversion_id":"order-77","refund_id":"rf-1","amount":"10.00","currency":"EUR"}"""
        );

        Assert.Equal("processed", await StatusAsync(first));
        Assert.Equal("duplicate", await StatusAsync(replay));
        Assert.Equal("processed", await StatusAsync(refund));
        var conversion = await web.ConversionAsync("order-77");
        Assert.Equal(Money.Of(49.9m, "EUR"), conversion!.Amount);
        Assert.Equal(Money.Of(10m, "EUR"), conversion.Refunded);
        Assert.Equal(Money.Of(3.99m, "EUR"), await web.EarnedAsync());
    }

    public static TheoryData<string, int, string> BadDeliveries =>
        new()
        {
            { "stripe-wrong-secret", 401, "invalid_signature" },
            { "stripe-stale", 401, "stale_signature" },
            { "stripe-unsigned", 401, "invalid_signature" },
            { "stripe-malformed-json", 400, "invalid_request" },
            { "stripe-negative-amount", 400, "invalid_request" },
            { "stripe-unknown-currency", 400, "invalid_request" },
            { "stripe-oversized", 413, "payload_too_large" },
            { "shopify-wrong-secret", 401, "invalid_signature" },
            { "shopify-no-webhook-id", 400, "invalid_request" },
            { "shopify-negative-amount", 400, "invalid_request" },
            { "woo-wrong-secret", 401, "invalid_signature" },
            { "woo-unsigned-json", 401, "invalid_signature" },
            { "woo-fake-ping", 401, "invalid_signature" },
            { "postback-stale-replay", 401, "stale_signature" },
            { "postback-wrong-secret", 401, "invalid_signature" },
            { "postback-negative-amount", 400, "invalid_request" },
            { "postback-unknown-currency", 400, "invalid_request" },
            { "postback-injection-id", 400, "invalid_request" },
            { "postback-not-an-object", 400, "invalid_request" },
            { "postback-overlong-code", 400, "invalid_request" },
        };

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task Bad_input_is_a_4xx_problem_and_writes_nothing(string delivery, int status, string code)
    {
        await using var web = await WebhookHost.StartAsync();
        var now = web.UnixNow;

        var response = delivery switch
        {
            "stripe-wrong-secret" => await web.StripeAsync(Payloads.StripeCheckout("e", "pi", now), secret: "whsec_x"),
            "stripe-stale" => await web.StripeAsync(Payloads.StripeCheckout("e", "pi", now), now - 301),
            "stripe-unsigned" => await web.PostAsync(
                "/affiliate/webhooks/stripe",
                Encoding.UTF8.GetBytes(Payloads.StripeCheckout("e", "pi", now)),
                "application/json"
            ),
            "stripe-malformed-json" => await web.StripeAsync("{\"id\":\"evt\",\"type\":"),
            "stripe-negative-amount" => await web.StripeAsync(Payloads.StripeCheckout("e", "pi", now, subtotal: -100)),
            "stripe-unknown-currency" => await web.StripeAsync(
                Payloads.StripeCheckout("e", "pi", now, currency: "xyz")
            ),
            "stripe-oversized" => await web.StripeAsync(
                Payloads
                    .StripeCheckout("e", "pi", now)
                    .Replace("cus_1", new string('c', 20_000), StringComparison.Ordinal)
            ),
            "shopify-wrong-secret" => await web.ShopifyAsync("orders/create", "w", Payloads.ShopifyOrder("1"), "x"),
            "shopify-no-webhook-id" => await web.ShopifyAsync("orders/create", "", Payloads.ShopifyOrder("1")),
            "shopify-negative-amount" => await web.ShopifyAsync(
                "orders/create",
                "w",
                Payloads.ShopifyOrder("1").Replace("\"90.00\"", "\"-90.00\"", StringComparison.Ordinal)
            ),
            "woo-wrong-secret" => await web.WooAsync("order.updated", Payloads.WooOrder(1, "processing"), "x"),
            "woo-unsigned-json" => await web.PostAsync(
                "/affiliate/webhooks/woocommerce",
                Encoding.UTF8.GetBytes(Payloads.WooOrder(1, "processing")),
                "application/json",
                ("X-WC-Webhook-Topic", "order.updated")
            ),
            "woo-fake-ping" => await web.PostAsync(
                "/affiliate/webhooks/woocommerce",
                Encoding.ASCII.GetBytes("webhook_id=1&x=2"),
                "application/x-www-form-urlencoded"
            ),
            "postback-stale-replay" => await web.PostbackAsync(Payloads.Postback("o-1"), now - 600),
            "postback-wrong-secret" => await web.PostbackAsync(Payloads.Postback("o-1"), secret: "nope"),
            "postback-negative-amount" => await web.PostbackAsync(Payloads.Postback("o-1", amount: "-5")),
            "postback-unknown-currency" => await web.PostbackAsync(Payloads.Postback("o-1", currency: "EURO")),
            "postback-injection-id" => await web.PostbackAsync(Payloads.Postback("o-1\\u0000'; DROP TABLE x;--")),
            "postback-not-an-object" => await web.PostbackAsync("[1,2,3]"),
            "postback-overlong-code" => await web.PostbackAsync(
                Payloads
                    .Postback("o-1")
                    .Replace("\"ANNA\"", "\"" + new string('A', 300) + "\"", StringComparison.Ordinal)
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(delivery)),
        };

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Empty(await web.InboxAsync());
        Assert.Empty(await web.LinesAsync());
    }

    [Fact]
    public async Task An_endpoint_whose_vendor_has_no_secret_answers_404()
    {
        await using var web = await WebhookHost.StartAsync(web: o => o.Webhooks.StripeSecrets.Clear());

        var response = await web.StripeAsync(Payloads.StripeCheckout("evt_1", "pi_1", web.UnixNow));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("webhook_not_configured", problem.GetProperty("code").GetString());
        Assert.Empty(await web.InboxAsync());
    }

    [Fact]
    public async Task An_event_type_that_records_nothing_is_answered_200_and_not_stored()
    {
        await using var web = await WebhookHost.StartAsync();
        var body = Payloads.StripeEvent("evt_c", "customer.created", web.UnixNow);

        var response = await web.StripeAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ignored", await StatusAsync(response));
        Assert.Empty(await web.InboxAsync());
    }

    [Fact]
    public void Options_with_an_empty_secret_or_an_impossible_body_limit_say_what_to_change()
    {
        var failures = new List<string>();
        var options = new WebhookOptions { MaxBodyBytes = 10 };
        options.StripeSecrets.Add(" ");

        options.Validate(failures);

        Assert.Contains(failures, f => f.Contains("MaxBodyBytes is 10", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.Contains("StripeSecrets holds an empty secret", StringComparison.Ordinal));
    }

    private static async Task<string> StatusAsync(HttpResponseMessage response)
    {
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.GetRawText());
        return answer.GetProperty("status").GetString()!;
    }
}
