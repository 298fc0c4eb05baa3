using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Shopify's <c>orders/create</c> and <c>orders/paid</c> (a sale; the same order id, so both record one conversion)
/// and <c>refunds/create</c>. The basis is <c>subtotal_price</c> (after discounts, before shipping and tax; less the
/// tax when prices include it); a refund is the sum of its refunded line items' subtotals, so refunds of shipping
/// alone change no commission. Order ids pass 2^53 and are read exactly. The referral comes from
/// <c>note_attributes</c>, else the <c>landing_site</c>'s referral parameter.
/// </summary>
internal sealed class ShopifyEventMapper(IOptions<AffiliateWebOptions> options) : JsonEventMapper(options)
{
    public const string Name = "shopify";

    public override string Source => Name;

    protected override InboxMapping Map(InboxEvent inboxEvent, JsonElement root) =>
        inboxEvent.Topic switch
        {
            "orders/create" or "orders/paid" => Order(root, inboxEvent.ReceivedAt),
            "refunds/create" => Refund(root, inboxEvent.ReceivedAt),
            _ => InboxMapping.Ignore($"Shopify topic '{inboxEvent.Topic}' records nothing."),
        };

    private InboxMapping Order(JsonElement order, Instant received)
    {
        var status = order.Member("financial_status").Text("financial_status");
        if (status is "pending" or "voided")
        {
            return InboxMapping.Ignore($"The order's financial status is '{status}'.");
        }

        var currency = order.Member("currency").Currency("currency");
        var subtotal = order.Member("subtotal_price").Amount("subtotal_price")
            ?? throw new WebhookFormatException("subtotal_price is missing.");
        var tax = order.Member("total_tax").Amount("total_tax");
        var included = order.Member("taxes_included") is { ValueKind: JsonValueKind.True };
        var basis = included && tax is { } inclusive ? Math.Max(0m, subtotal - inclusive) : subtotal;
        var shipping = order.Path("total_shipping_price_set", "shop_money", "amount").Amount("total_shipping_price");
        var country = order.Path("billing_address", "country_code").Text("billing_address.country_code")
            ?? order.Path("shipping_address", "country_code").Text("shipping_address.country_code");
        var coupon = order
            .Member("discount_codes")
            .Items("discount_codes")
            .Select(d => ((JsonElement?)d).Member("code").Text("discount_codes.code"))
            .FirstOrDefault(c => !string.IsNullOrEmpty(c));
        var request = new ConversionRequest
        {
            Facts = new ConversionFacts
            {
                Id = WebhookIds.As<ConversionId>(order.Member("id").RequiredId("id"), "id"),
                OccurredAt = order.Member("created_at").DateTime("created_at") ?? received,
                Amount = new Money(basis, currency),
                Shipping = shipping is { } s ? new Money(s, currency) : null,
                Tax = tax is { } t ? new Money(t, currency) : null,
                Country = country,
                CouponCode = coupon,
            },
            ReferralCode = LandingReferral(order.Member("landing_site").Text("landing_site")),
            CustomerId = WebhookIds.Maybe<CustomerId>(order.Path("customer", "id").Id("customer.id"), "customer.id"),
            CustomerEmail = order.Member("email").Text("email") ?? order.Path("customer", "email").Text("email"),
            IpAddress = order.Member("browser_ip").Text("browser_ip"),
        };
        var notes = order
            .Member("note_attributes")
            .Items("note_attributes")
            .Select(n => (Name: ((JsonElement?)n).Member("name").Text("name"), Value: n.Member("value")?.Scalar()))
            .Where(n => n.Name is not null && !string.IsNullOrEmpty(n.Value))
            .ToArray();
        return InboxMapping.Of(
            new InboxSale(
                request.WithReferral(Options, key =>
                    notes.FirstOrDefault(n => string.Equals(n.Name, key, StringComparison.Ordinal)).Value
                )
            )
        );
    }

    private static InboxMapping Refund(JsonElement refund, Instant received)
    {
        var lines = refund.Member("refund_line_items").Items("refund_line_items").ToArray();
        Currency? currency = null;
        var amount = 0m;
        foreach (var line in lines)
        {
            var money = line.Path("subtotal_set", "shop_money");
            if (money is { } set)
            {
                currency ??= set.Member("currency_code").Currency("currency_code");
                amount += set.Member("amount").Amount("subtotal_set.amount") ?? 0m;
            }
            else
            {
                amount += line.Member("subtotal").Amount("refund_line_items.subtotal") ?? 0m;
            }
        }

        if (amount <= 0m)
        {
            return InboxMapping.Ignore("The refund returns no line items (shipping or an adjustment only).");
        }

        return InboxMapping.Of(
            new InboxRefund
            {
                ConversionId = WebhookIds.As<ConversionId>(
                    refund.Member("order_id").RequiredId("order_id"),
                    "order_id"
                ),
                RefundId = refund.Member("id").RequiredId("id"),
                Amount = amount,
                Currency = currency,
                OccurredAt = refund.Member("created_at").DateTime("created_at") ?? received,
                Reason = refund.Member("note").Text("note") is { Length: > 0 and <= 500 } note ? note : null,
            }
        );
    }

    private string? LandingReferral(string? landingSite)
    {
        if (string.IsNullOrEmpty(landingSite))
        {
            return null;
        }

        var query = landingSite.IndexOf('?', StringComparison.Ordinal);
        if (query < 0)
        {
            return null;
        }

        var values = QueryHelpers.ParseQuery(landingSite[query..]);
        var code = values.TryGetValue(Web.Tracking.ReferralParameter, out var value) ? value.ToString() : null;
        return string.IsNullOrWhiteSpace(code) ? null : code;
    }
}
