using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Shopify's <c>orders/create</c> and <c>orders/paid</c> (a sale; the same order id, so both record one conversion)
/// and <c>refunds/create</c>. The basis is <c>subtotal_price</c> (after discounts, before shipping and tax; less the
/// tax when prices include it). A refund of line items is the sum of their subtotals. A refund of an amount without
/// line items is what its transactions returned less any shipping refunded, shared out against the order's
/// <c>total_price</c> (remembered from the order event); refunds of shipping alone change no commission. Order ids
/// pass 2^53 and are read exactly. The referral comes from <c>note_attributes</c>, else the <c>landing_site</c>'s
/// referral parameter.
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
        var total = order.Member("total_price").Amount("total_price");
        var id = order.Member("id").RequiredId("id");
        var occurredAt = order.Member("created_at").DateTime("created_at") ?? received;
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
                Id = WebhookIds.As<ConversionId>(id, "id"),
                OccurredAt = occurredAt,
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
            {
                // Remembered for refunds of an amount, which name the order but not its total.
                Payment = new InboxPayment
                {
                    PaymentId = id,
                    PaidAt = occurredAt,
                    Total = total is { } paid ? new Money(paid, currency) : null,
                },
            }
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

        var action = new InboxRefund
        {
            ConversionId = WebhookIds.As<ConversionId>(refund.Member("order_id").RequiredId("order_id"), "order_id"),
            RefundId = refund.Member("id").RequiredId("id"),
            OccurredAt = refund.Member("created_at").DateTime("created_at") ?? received,
            Reason = refund.Member("note").Text("note") is { Length: > 0 and <= 500 } note ? note : null,
        };
        if (amount > 0m)
        {
            return InboxMapping.Of(action with { Amount = amount, Currency = currency });
        }

        if (lines.Length > 0)
        {
            return InboxMapping.Ignore("The refunded line items have no subtotal.");
        }

        var (paid, paidCurrency) = RefundedWithoutShipping(refund);
        return paid > 0m
            ? InboxMapping.Of(action with { PaidAmount = paid, Currency = paidCurrency })
            : InboxMapping.Ignore("The refund returns shipping only, or nothing.");
    }

    /// <summary>
    /// What a refund without line items returned to the customer (its successful refund transactions) less the
    /// shipping it refunded (with its tax): the older <c>order_adjustments</c> of kind <c>shipping_refund</c> or the
    /// newer <c>refund_shipping_lines</c>, whichever says more, as a payload may carry both for one refund.
    /// </summary>
    private static (decimal Amount, Currency? Currency) RefundedWithoutShipping(JsonElement refund)
    {
        Currency? currency = null;
        var returned = 0m;
        foreach (var transaction in refund.Member("transactions").Items("transactions"))
        {
            var kind = transaction.Member("kind").Text("transactions.kind");
            var status = transaction.Member("status").Text("transactions.status");
            if (kind != "refund" || status is not (null or "success"))
            {
                continue;
            }

            if (transaction.Member("currency") is { } code)
            {
                currency ??= ((JsonElement?)code).Currency("transactions.currency");
            }

            returned += transaction.Member("amount").Amount("transactions.amount") ?? 0m;
        }

        // Adjustments are signed (a refunded shipping is negative): their size is what was returned.
        var adjusted = refund
            .Member("order_adjustments")
            .Items("order_adjustments")
            .Where(a => a.Member("kind").Text("order_adjustments.kind") == "shipping_refund")
            .Sum(a =>
                Math.Abs(a.Member("amount").Decimal("order_adjustments.amount") ?? 0m)
                + Math.Abs(a.Member("tax_amount").Decimal("order_adjustments.tax_amount") ?? 0m)
            );
        var shippingLines = refund
            .Member("refund_shipping_lines")
            .Items("refund_shipping_lines")
            .Sum(l =>
                (l.Path("subtotal_amount_set", "shop_money", "amount").Amount("refund_shipping_lines.subtotal") ?? 0m)
                + (l.Path("total_tax_set", "shop_money", "amount").Amount("refund_shipping_lines.tax") ?? 0m)
            );
        return (returned - Math.Max(adjusted, shippingLines), currency);
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
