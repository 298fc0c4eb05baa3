using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// WooCommerce's <c>order.created</c> and <c>order.updated</c>: an order in status processing, completed or refunded
/// is a sale (one per order id, however many updates), and each entry of its <c>refunds</c> a refund of the part of
/// the order total it returned. The basis is the line items' totals (after discounts, before tax); shipping and tax
/// are passed as such. The referral comes from the order's <c>meta_data</c>.
/// </summary>
internal sealed class WooCommerceEventMapper(IOptions<AffiliateWebOptions> options) : JsonEventMapper(options)
{
    public const string Name = "woocommerce";

    private static readonly string[] PaidStatuses = ["processing", "completed", "refunded"];

    public override string Source => Name;

    protected override InboxMapping Map(InboxEvent inboxEvent, JsonElement root)
    {
        if (inboxEvent.Topic is not ("order.created" or "order.updated"))
        {
            return InboxMapping.Ignore($"WooCommerce topic '{inboxEvent.Topic}' records nothing.");
        }

        var status = root.Member("status").Text("status");
        if (!PaidStatuses.Contains(status, StringComparer.Ordinal))
        {
            return InboxMapping.Ignore($"The order's status is '{status}', not paid.");
        }

        var currency = root.Member("currency").Currency("currency");
        var orderId = WebhookIds.As<ConversionId>(root.Member("id").RequiredId("id"), "id");
        var total = root.Member("total").Amount("total") ?? throw new WebhookFormatException("total is missing.");
        var tax = root.Member("total_tax").Amount("total_tax");
        var shipping = root.Member("shipping_total").Amount("shipping_total");
        var items = root.Member("line_items").Items("line_items").ToArray();
        var basis =
            items.Length > 0
                ? items.Sum(i => ((JsonElement?)i).Member("total").Amount("line_items.total") ?? 0m)
                : Math.Max(0m, total - (tax ?? 0m) - (shipping ?? 0m));
        var occurred = root.Member("date_created_gmt").DateTime("date_created_gmt")
            ?? root.Member("date_created").DateTime("date_created")
            ?? throw new WebhookFormatException("date_created_gmt is missing.");
        var customer = root.Member("customer_id").Id("customer_id");
        var coupon = root.Member("coupon_lines")
            .Items("coupon_lines")
            .Select(c => ((JsonElement?)c).Member("code").Text("coupon_lines.code"))
            .FirstOrDefault(c => !string.IsNullOrEmpty(c));
        var meta = root.Member("meta_data")
            .Items("meta_data")
            .Select(m =>
                (Key: ((JsonElement?)m).Member("key").Text("meta_data.key"), Value: m.Member("value")?.Scalar())
            )
            .Where(m => m.Key is not null && !string.IsNullOrEmpty(m.Value))
            .ToArray();
        var sale = new ConversionRequest
        {
            Facts = new ConversionFacts
            {
                Id = orderId,
                OccurredAt = occurred,
                Amount = new Money(basis, currency),
                Shipping = shipping is { } s ? new Money(s, currency) : null,
                Tax = tax is { } t ? new Money(t, currency) : null,
                Country = root.Path("billing", "country").Text("billing.country") is { Length: > 0 } c ? c : null,
                CouponCode = coupon,
            },
            // Guests are customer 0: no customer.
            CustomerId = customer is null or "0" ? null : WebhookIds.As<CustomerId>(customer, "customer_id"),
            CustomerEmail = root.Path("billing", "email").Text("billing.email") is { Length: > 0 } e ? e : null,
            IpAddress = root.Member("customer_ip_address").Text("customer_ip_address") is { Length: > 0 } ip
                ? ip
                : null,
        };
        var actions = new List<InboxAction>
        {
            new InboxSale(
                sale.WithReferral(Options, key =>
                    meta.FirstOrDefault(m => string.Equals(m.Key, key, StringComparison.Ordinal)).Value
                )
            ),
        };
        foreach (var refund in root.Member("refunds").Items("refunds"))
        {
            // WooCommerce lists a refund's total as a negative amount of the order's total.
            var returned = Math.Abs(((JsonElement?)refund).Member("total").Decimal("refunds.total") ?? 0m);
            if (returned > 0m && total > 0m)
            {
                actions.Add(
                    new InboxRefund
                    {
                        ConversionId = orderId,
                        RefundId = ((JsonElement?)refund).Member("id").RequiredId("refunds.id"),
                        Fraction = returned / total,
                        Reason = ((JsonElement?)refund).Member("reason").Text("refunds.reason") is { Length: > 0 } r
                            ? r
                            : null,
                    }
                );
            }
        }

        return InboxMapping.Of(actions);
    }
}
