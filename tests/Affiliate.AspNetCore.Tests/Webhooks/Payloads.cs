using System.Globalization;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>
/// Vendor payloads shaped as the vendors send them, trimmed to the members that matter. Placeholders are
/// <c>@name@</c>, filled by <see cref="Fill"/>.
/// </summary>
internal static class Payloads
{
    public static string StripeCheckout(
        string eventId,
        string paymentIntent,
        long created,
        long subtotal = 10000,
        long discount = 1000,
        string currency = "eur",
        string referral = "ANNA",
        string customer = "cus_1"
    ) =>
        Fill(
            """
            {"id":"@event@","object":"event","type":"checkout.session.completed","created":@created@,
             "data":{"object":{"id":"cs_test_@event@","object":"checkout.session",
              "payment_intent":"@intent@","payment_status":"paid","mode":"payment","currency":"@currency@",
              "amount_subtotal":@subtotal@,"amount_total":11210,
              "total_details":{"amount_discount":@discount@,"amount_shipping":500,"amount_tax":1710},
              "customer":"@customer@","customer_details":{"email":"buyer@example.com","address":{"country":"DE"}},
              "client_reference_id":null,"metadata":{"affiliate_ref":"@referral@"}}}}
            """,
            ("event", eventId),
            ("intent", paymentIntent),
            ("created", created),
            ("subtotal", subtotal),
            ("discount", discount),
            ("currency", currency),
            ("referral", referral),
            ("customer", customer)
        );

    public static string StripeRefund(string eventId, string paymentIntent, long created, long refunded = 5605) =>
        Fill(
            """
            {"id":"@event@","object":"event","type":"charge.refunded","created":@created@,
             "data":{"object":{"id":"ch_1","object":"charge","amount":11210,"amount_refunded":@refunded@,
              "currency":"eur","payment_intent":"@intent@","refunded":false,
              "refunds":{"object":"list","data":[{"id":"re_@event@","amount":@refunded@,"created":@created@,
               "currency":"eur","reason":"requested_by_customer"}]}}}}
            """,
            ("event", eventId),
            ("intent", paymentIntent),
            ("created", created),
            ("refunded", refunded)
        );

    public static string StripeInvoice(string eventId, string paymentIntent, long created, string reason) =>
        Fill(
            """
            {"id":"@event@","object":"event","type":"invoice.paid","created":@created@,
             "data":{"object":{"id":"in_@event@","object":"invoice","billing_reason":"@reason@",
              "payment_intent":"@intent@","subscription":"sub_1","customer":"cus_1","currency":"eur",
              "subtotal":2000,"total_discount_amounts":[{"amount":500,"discount":"di_1"}],"tax":285,
              "amount_paid":1785,"customer_email":"buyer@example.com","metadata":{"affiliate_ref":"ANNA"}}}}
            """,
            ("event", eventId),
            ("intent", paymentIntent),
            ("created", created),
            ("reason", reason)
        );

    /// <summary>A charge.refunded event without the refund list (newer API versions): the total only.</summary>
    public static string StripeRefundTotal(string eventId, string paymentIntent, long created, long refunded) =>
        Fill(
            """
            {"id":"@event@","object":"event","type":"charge.refunded","created":@created@,
             "data":{"object":{"id":"ch_1","object":"charge","amount":11210,"amount_refunded":@refunded@,
              "currency":"eur","payment_intent":"@intent@","refunded":false}}}
            """,
            ("event", eventId),
            ("intent", paymentIntent),
            ("created", created),
            ("refunded", refunded)
        );

    public static string ShopifyOrder(string orderId, string customerId = "7390197137523451905") =>
        Fill(
            """
            {"id":@order@,"name":"#1001","email":"buyer@example.com","created_at":"2026-05-01T14:00:00+02:00",
             "currency":"EUR","financial_status":"paid","taxes_included":false,"subtotal_price":"90.00",
             "total_line_items_price":"100.00","total_discounts":"10.00","total_tax":"17.10",
             "total_price":"112.10","total_shipping_price_set":{"shop_money":{"amount":"5.00","currency_code":"EUR"}},
             "discount_codes":[{"code":"SPRING10","amount":"10.00","type":"fixed_amount"}],
             "note_attributes":[{"name":"affiliate_ref","value":"ANNA"}],
             "landing_site":"/products/x?ref=SOMEONE",
             "customer":{"id":@customer@,"email":"buyer@example.com"},
             "billing_address":{"country_code":"DE"}}
            """,
            ("order", orderId),
            ("customer", customerId)
        );

    public static string ShopifyRefund(string refundId, string orderId, string subtotal = "45.00") =>
        Fill(
            """
            {"id":@refund@,"order_id":@order@,"created_at":"2026-05-01T15:00:00+02:00","note":"broken",
             "refund_line_items":[{"id":1,"line_item_id":2,"quantity":1,"subtotal":@subtotal@,"total_tax":4.28,
              "subtotal_set":{"shop_money":{"amount":"@subtotal@","currency_code":"EUR"}}}],
             "transactions":[{"id":3,"kind":"refund","status":"success","amount":"53.55","currency":"EUR"}]}
            """,
            ("refund", refundId),
            ("order", orderId),
            ("subtotal", subtotal)
        );

    /// <summary>A paid subscription checkout: the subscription's first payment, its invoice named.</summary>
    public static string StripeSubscriptionCheckout(string eventId, string invoice, long created) =>
        Fill(
            """
            {"id":"@event@","object":"event","type":"checkout.session.completed","created":@created@,
             "data":{"object":{"id":"cs_test_@event@","object":"checkout.session","mode":"subscription",
              "payment_intent":null,"invoice":"@invoice@","subscription":"sub_1","payment_status":"paid",
              "currency":"eur","amount_subtotal":10000,"amount_total":10710,
              "total_details":{"amount_discount":1000,"amount_shipping":0,"amount_tax":1710},
              "customer":"cus_1","customer_details":{"email":"buyer@example.com","address":{"country":"DE"}},
              "metadata":{"affiliate_ref":"ANNA"}}}}
            """,
            ("event", eventId),
            ("invoice", invoice),
            ("created", created)
        );

    /// <summary>A Shopify refund of an amount without line items, optionally with refunded shipping.</summary>
    public static string ShopifyAmountRefund(string refundId, string orderId, string returned, string shipping = "0") =>
        Fill(
            """
            {"id":@refund@,"order_id":@order@,"created_at":"2026-05-01T15:00:00+02:00","note":"goodwill",
             "refund_line_items":[],
             "order_adjustments":[{"id":9,"kind":"shipping_refund","amount":"-@shipping@","tax_amount":"0.00"}],
             "transactions":[{"id":3,"kind":"refund","status":"success","amount":"@returned@","currency":"EUR"},
              {"id":4,"kind":"refund","status":"failure","amount":"99.00","currency":"EUR"}]}
            """,
            ("refund", refundId),
            ("order", orderId),
            ("returned", returned),
            ("shipping", shipping)
        );

    public static string WooOrder(long id, string status, string refunds = "[]") =>
        Fill(
            """
            {"id":@id@,"status":"@status@","currency":"EUR","date_created_gmt":"2026-05-01T12:00:00",
             "discount_total":"10.00","shipping_total":"5.00","total_tax":"19.00","total":"114.00","customer_id":0,
             "billing":{"email":"buyer@example.com","country":"DE"},
             "line_items":[{"id":1,"name":"Thing","quantity":1,"subtotal":"100.00","total":"90.00"}],
             "coupon_lines":[{"code":"spring10"}],
             "meta_data":[{"id":1,"key":"affiliate_ref","value":"ANNA"}],
             "refunds":@refunds@}
            """,
            ("id", id),
            ("status", status),
            ("refunds", refunds)
        );

    public static string Postback(string conversionId, string amount = "49.90", string currency = "EUR") =>
        Fill(
            """
            {"conversion_id":"@id@","amount":@amount@,"currency":"@currency@","referral_code":"ANNA"}
            """,
            ("id", conversionId),
            ("amount", amount),
            ("currency", currency)
        );

    public static string StripeEvent(string eventId, string type, long created) =>
        Fill(
            """
            {"id":"@event@","type":"@type@","created":@created@,"data":{"object":{"id":"cus_1"}}}
            """,
            ("event", eventId),
            ("type", type),
            ("created", created)
        );

    private static string Fill(string template, params (string Name, object Value)[] values)
    {
        foreach (var (name, value) in values)
        {
            template = template.Replace(
                "@" + name + "@",
                Convert.ToString(value, CultureInfo.InvariantCulture),
                StringComparison.Ordinal
            );
        }

        return template;
    }
}
