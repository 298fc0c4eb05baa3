using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.Stores.Specification;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>
/// Events read against the payments the inbox remembers: Stripe renewals priced as the payment they are, from the
/// subscription's start, and Shopify refunds of an amount shared out against the order's total.
/// </summary>
public sealed class WebhookPaymentTests
{
    private static readonly Duration Month = Duration.FromDays(31);

    [Fact]
    public async Task Stripe_renewals_are_numbered_from_the_subscription_checkout_which_counts_once()
    {
        // 30% of the first two payments, then 10%.
        await using var web = await StartAsync(RecurringUnit.Payments, CommissionRate.Percent(30), 2);
        var start = web.UnixNow;

        var checkout = await web.StripeAsync(Payloads.StripeSubscriptionCheckout("evt_c", "in_evt_i1", start));
        // The first invoice is the same payment as the checkout: it must not count as a second one.
        var firstInvoice = await web.StripeAsync(
            Payloads.StripeInvoice("evt_i1", "pi_1", start, "subscription_create")
        );
        var second = await RenewAsync(web, "evt_i2", "pi_2", start + Seconds(Month));
        var third = await RenewAsync(web, "evt_i3", "pi_3", start + Seconds(Month * 2));

        Assert.Equal("processed", await StatusAsync(checkout));
        Assert.Equal("processed", await StatusAsync(firstInvoice));
        Assert.Equal("processed", await StatusAsync(second));
        Assert.Equal("processed", await StatusAsync(third));
        // 30% of 90 for the checkout, 30% of 15 for the second payment, 10% of 15 for the third.
        Assert.Equal(Money.Of(27m, "EUR"), await EarnedOnAsync(web, "in_evt_i1"));
        Assert.Equal(Money.Of(4.5m, "EUR"), await EarnedOnAsync(web, "pi_2"));
        Assert.Equal(Money.Of(1.5m, "EUR"), await EarnedOnAsync(web, "pi_3"));
        Assert.Null(await web.ConversionAsync("pi_1"));
    }

    [Fact]
    public async Task A_months_schedule_counts_from_the_subscription_start_not_from_the_invoice()
    {
        // 40% in the subscription's first month, then 10%: priced from the invoice, the renewal would be in month 1.
        await using var web = await StartAsync(RecurringUnit.Months, CommissionRate.Percent(40), 1);
        var start = web.UnixNow;
        await web.StripeAsync(Payloads.StripeInvoice("evt_i1", "pi_1", start, "subscription_create"));

        var renewal = await RenewAsync(web, "evt_i2", "pi_2", start + Seconds(Month));

        Assert.Equal("processed", await StatusAsync(renewal));
        Assert.Equal(Money.Of(1.5m, "EUR"), await EarnedOnAsync(web, "pi_2"));
    }

    [Fact]
    public async Task A_renewal_whose_earlier_payments_never_came_is_priced_as_the_second_payment()
    {
        await using var web = await StartAsync(RecurringUnit.Payments, CommissionRate.Percent(30), 1);

        var renewal = await RenewAsync(web, "evt_i5", "pi_5", web.UnixNow);
        var again = await RenewAsync(web, "evt_i5", "pi_5", web.UnixNow);

        Assert.Equal("processed", await StatusAsync(renewal));
        Assert.Equal("duplicate", await StatusAsync(again));
        Assert.Equal(Money.Of(1.5m, "EUR"), await EarnedOnAsync(web, "pi_5"));
    }

    [Fact]
    public async Task A_refund_of_a_subscription_checkout_finds_its_sale_through_the_charge_s_invoice()
    {
        await using var web = await WebhookHost.StartAsync();
        var start = web.UnixNow;
        await web.StripeAsync(Payloads.StripeSubscriptionCheckout("evt_c", "in_evt_i1", start));

        // The checkout had no payment intent, so its sale is the invoice's; the charge names both.
        var refund = await web.StripeAsync(
            """
            {"id":"evt_r","object":"event","type":"charge.refunded","created":@created@,
             "data":{"object":{"id":"ch_9","object":"charge","amount":10710,"amount_refunded":10710,"currency":"eur",
              "payment_intent":"pi_first","invoice":"in_evt_i1","refunded":true}}}
            """.Replace("@created@", (start + 60).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        );

        Assert.Equal("processed", await StatusAsync(refund));
        Assert.Equal(Money.Of(90m, "EUR"), (await web.ConversionAsync("in_evt_i1"))!.Refunded);
        Assert.Equal(Money.Of(0m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_renewal_invoice_of_a_newer_api_version_reads_its_payment_intent_and_taxes_from_their_lists()
    {
        await using var web = await WebhookHost.StartAsync();

        var renewal = await web.StripeAsync(
            """
            {"id":"evt_b","object":"event","type":"invoice.paid","created":@created@,
             "data":{"object":{"id":"in_b","object":"invoice","billing_reason":"subscription_cycle",
              "parent":{"type":"subscription_details","subscription_details":{"subscription":"sub_b"}},
              "payments":{"object":"list","data":[{"id":"inpay_1","payment":{"type":"payment_intent",
               "payment_intent":"pi_b"}}]},
              "customer":"cus_1","currency":"eur","subtotal":2000,"total_discount_amounts":[],
              "total_taxes":[{"amount":200,"tax_behavior":"exclusive"},{"amount":180,"tax_behavior":"exclusive"}],
              "metadata":{"affiliate_ref":"ANNA"}}}}
            """.Replace("@created@", web.UnixNow.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        );

        Assert.Equal("processed", await StatusAsync(renewal));
        var conversion = await web.ConversionAsync("pi_b");
        Assert.Equal(Money.Of(20m, "EUR"), conversion!.Amount);
        Assert.Equal(Money.Of(2m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_shopify_refund_of_an_amount_returns_its_share_of_the_order_total()
    {
        await using var web = await WebhookHost.StartAsync();
        await web.ShopifyAsync("orders/create", "wh-1", Payloads.ShopifyOrder("1001"));

        // Half of the 112.10 paid: half of the 90.00 basis, whatever part of it was tax or shipping.
        var refund = await web.ShopifyAsync(
            "refunds/create",
            "wh-2",
            Payloads.ShopifyAmountRefund("7", "1001", "56.05")
        );

        Assert.Equal("processed", await StatusAsync(refund));
        var conversion = await web.ConversionAsync("1001");
        Assert.Equal(Money.Of(45m, "EUR"), conversion!.Refunded);
        Assert.Equal(Money.Of(4.5m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_shopify_refund_of_shipping_alone_changes_no_commission()
    {
        await using var web = await WebhookHost.StartAsync();
        await web.ShopifyAsync("orders/create", "wh-1", Payloads.ShopifyOrder("1001"));

        var refund = await web.ShopifyAsync(
            "refunds/create",
            "wh-2",
            Payloads.ShopifyAmountRefund("7", "1001", "5.00", shipping: "5.00")
        );

        Assert.Equal("ignored", await StatusAsync(refund));
        Assert.Equal(Money.Of(0m, "EUR"), (await web.ConversionAsync("1001"))!.Refunded);
        Assert.Equal(Money.Of(9m, "EUR"), await web.EarnedAsync());
    }

    [Fact]
    public async Task A_shopify_refund_of_an_amount_before_its_order_waits_and_applies_with_the_order_total()
    {
        await using var web = await WebhookHost.StartAsync();

        // 27.42 returned, 5.00 of it shipping: 22.42 of the 112.10 paid is a fifth of the order.
        var refund = await web.ShopifyAsync(
            "refunds/create",
            "wh-2",
            Payloads.ShopifyAmountRefund("7", "1001", "27.42", shipping: "5.00")
        );
        var order = await web.ShopifyAsync("orders/create", "wh-1", Payloads.ShopifyOrder("1001"));

        Assert.Equal("waiting", await StatusAsync(refund));
        Assert.Equal("processed", await StatusAsync(order));
        var stored = (await web.InboxAsync()).Single(e => e.EventId == "wh-2");
        Assert.Equal(InboxEventState.Processed, stored.State);
        // A fifth of the 90.00 basis.
        Assert.Equal(Money.Of(18m, "EUR"), (await web.ConversionAsync("1001"))!.Refunded);
    }

    private static Task<WebhookHost> StartAsync(RecurringUnit unit, CommissionRate first, int length) =>
        WebhookHost.StartAsync(affiliates: o =>
            o.Plan = SpecData.TenPercentPlan() with
            {
                Versions =
                [
                    SpecData.TenPercentPlan().Versions[0] with
                    {
                        Rules =
                        [
                            new CommissionRule
                            {
                                Id = "subscription",
                                Recurring = new RecurringSchedule
                                {
                                    Unit = unit,
                                    Steps = [new(first, For: length), new(CommissionRate.Percent(10))],
                                },
                            },
                        ],
                    },
                ],
            }
        );

    private static Task<HttpResponseMessage> RenewAsync(WebhookHost web, string eventId, string intent, long at)
    {
        web.Host.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(at));
        return web.StripeAsync(Payloads.StripeInvoice(eventId, intent, at, "subscription_cycle"));
    }

    private static long Seconds(Duration duration) => (long)duration.TotalSeconds;

    private static async Task<Money> EarnedOnAsync(WebhookHost web, string conversionId) =>
        Money.Sum(
            (await web.LinesAsync())
                .Where(l => l.IsLive && l.ConversionId == new ConversionId(conversionId))
                .Select(l => l.Amount),
            Currency.EUR
        );

    private static async Task<string> StatusAsync(HttpResponseMessage response)
    {
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, answer.GetRawText());
        return answer.GetProperty("status").GetString()!;
    }
}
