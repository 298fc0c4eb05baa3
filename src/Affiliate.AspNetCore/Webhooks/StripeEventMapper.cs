using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Stripe's events: <c>checkout.session.completed</c> (and <c>checkout.session.async_payment_succeeded</c>) when paid
/// is a sale, <c>invoice.paid</c> with billing reason <c>subscription_cycle</c> a renewal, <c>charge.refunded</c>
/// refunds; every other type records nothing. The conversion id is the payment intent (what a charge's refund names),
/// else the invoice, else the session. Amounts are minor units: the basis is <c>amount_subtotal</c> less the discount;
/// tax and shipping are passed as such, in the basis only when the plan says so. A subscription's payments are
/// remembered by invoice id (the first one from the subscription checkout or from the <c>subscription_create</c>
/// invoice, whichever comes first), so that each renewal is priced as the payment it is, from the subscription's
/// start: invoices carry neither.
/// </summary>
internal sealed class StripeEventMapper(IOptions<AffiliateWebOptions> options) : JsonEventMapper(options)
{
    public const string Name = "stripe";

    public override string Source => Name;

    protected override InboxMapping Map(InboxEvent inboxEvent, JsonElement root)
    {
        var type = ((JsonElement?)root).Member("type").Text("type")
            ?? throw new WebhookFormatException("type is missing.");
        var created = root.Member("created").UnixSeconds("created") ?? inboxEvent.ReceivedAt;
        var data = root.Path("data", "object");
        if (data is not { ValueKind: JsonValueKind.Object } obj)
        {
            throw new WebhookFormatException("data.object is missing.");
        }

        return type switch
        {
            "checkout.session.completed" or "checkout.session.async_payment_succeeded" => Session(obj, created),
            "invoice.paid" => Invoice(obj, created),
            "charge.refunded" => Charge(obj, created),
            _ => InboxMapping.Ignore($"Stripe events of type '{type}' record nothing."),
        };
    }

    private InboxMapping Session(JsonElement session, Instant created)
    {
        var status = session.Member("payment_status").Text("payment_status");
        if (status is not ("paid" or "no_payment_required"))
        {
            return InboxMapping.Ignore($"The session's payment status is '{status}', not paid.");
        }

        var currency = session.Member("currency").Currency("currency");
        var id = session.Member("payment_intent").Id("payment_intent")
            ?? session.Member("invoice").Id("invoice")
            ?? session.Member("id").RequiredId("id");
        var totals = session.Member("total_details");
        // A subscription checkout is the subscription's first payment. Its invoice is remembered under the id the
        // subscription_create invoice has, so whichever of the two events comes first, the payment counts once.
        var subscription =
            session.Member("mode").Text("mode") == "subscription"
                ? session.Member("subscription").Id("subscription")
                : null;
        var invoice = session.Member("invoice").Id("invoice");
        var request = new ConversionRequest
        {
            Facts = new ConversionFacts
            {
                Id = WebhookIds.As<ConversionId>(id, "payment_intent"),
                OccurredAt = created,
                Amount = Money(session.Member("amount_subtotal").Minor("amount_subtotal", currency), currency, true),
                OrderDiscount = Money(totals?.Member("amount_discount").Minor("amount_discount", currency), currency),
                Shipping = Money(totals?.Member("amount_shipping").Minor("amount_shipping", currency), currency),
                Tax = Money(totals?.Member("amount_tax").Minor("amount_tax", currency), currency),
                Country = session.Path("customer_details", "address", "country").Text("country"),
                Subscription = subscription is null ? null : new SubscriptionFacts(subscription, 1, created),
            },
            VisitorId = session.Member("client_reference_id").Text("client_reference_id"),
            CustomerId = WebhookIds.Maybe<CustomerId>(session.Member("customer").Id("customer"), "customer"),
            CustomerEmail = session.Path("customer_details", "email").Text("email"),
        };
        return InboxMapping.Of(
            new InboxSale(request.WithReferral(Options, Metadata(session)))
            {
                Payment =
                    subscription is not null && invoice is not null
                        ? new InboxPayment
                        {
                            PaymentId = invoice,
                            SubscriptionId = subscription,
                            PaidAt = created,
                        }
                        : null,
            }
        );
    }

    private InboxMapping Invoice(JsonElement invoice, Instant created)
    {
        var reason = invoice.Member("billing_reason").Text("billing_reason");
        if (reason is not ("subscription_cycle" or "subscription_create"))
        {
            // Other invoices (proration, manual) are no renewal.
            return InboxMapping.Ignore($"Invoices with billing reason '{reason}' record nothing.");
        }

        var invoiceId = invoice.Member("id").RequiredId("id");
        var subscription = invoice.Member("subscription").Id("subscription")
            ?? invoice.Path("parent", "subscription_details", "subscription").Id("subscription")
            ?? throw new WebhookFormatException("subscription is missing.");
        var payment = new InboxPayment
        {
            PaymentId = invoiceId,
            SubscriptionId = subscription,
            PaidAt = invoice.Path("status_transitions", "paid_at").UnixSeconds("paid_at") ?? created,
        };
        if (reason == "subscription_create")
        {
            // The first payment's sale is the checkout session's: this invoice only starts the subscription's count.
            return InboxMapping.Of(payment);
        }

        var currency = invoice.Member("currency").Currency("currency");
        // Newer API versions moved the payment intent into the invoice's payments; without one, the invoice's id.
        var id = invoice.Member("payment_intent").Id("payment_intent")
            ?? invoice
                .Path("payments", "data")
                .Items("payments.data")
                .Select(p => p.Path("payment", "payment_intent").Id("payments.data.payment.payment_intent"))
                .FirstOrDefault(p => p is not null)
            ?? invoiceId;
        // Newer API versions list the taxes (total_taxes) instead of one tax amount.
        var tax = invoice.Member("tax").Minor("tax", currency)
            ?? invoice
                .Member("total_taxes")
                .Items("total_taxes")
                .Sum(t => ((JsonElement?)t).Member("amount").Minor("total_taxes.amount", currency) ?? 0m);
        var discount = invoice
            .Member("total_discount_amounts")
            .Items("total_discount_amounts")
            .Sum(d => ((JsonElement?)d).Member("amount").Minor("amount", currency) ?? 0m);
        var request = new ConversionRequest
        {
            Facts = new ConversionFacts
            {
                Id = WebhookIds.As<ConversionId>(id, "payment_intent"),
                Kind = ConversionKind.Renewal,
                OccurredAt = created,
                Amount = Money(invoice.Member("subtotal").Minor("subtotal", currency), currency, true),
                OrderDiscount = Money(discount, currency),
                Tax = Money(tax, currency),
                Country = invoice.Path("customer_address", "country").Text("country"),
                // The payment number and the start come from the subscription's remembered payments (the inbox sets
                // them from Payment); this is what the event alone says.
                Subscription = new SubscriptionFacts(subscription, 2, payment.PaidAt),
            },
            CustomerId = WebhookIds.Maybe<CustomerId>(invoice.Member("customer").Id("customer"), "customer"),
            CustomerEmail = invoice.Member("customer_email").Text("customer_email"),
        };
        return InboxMapping.Of(new InboxSale(request.WithReferral(Options, Metadata(invoice))) { Payment = payment });
    }

    private static InboxMapping Charge(JsonElement charge, Instant created)
    {
        var currency = charge.Member("currency").Currency("currency");
        var chargeId = charge.Member("id").RequiredId("id");
        // The sale is recorded under the payment intent, but a subscription's first one (a checkout session has no
        // payment intent then) under its invoice: a charge that names both finds either.
        var ids = new[] { charge.Member("payment_intent").Id("payment_intent"), charge.Member("invoice").Id("invoice") }
            .OfType<string>()
            .Append(chargeId)
            .Distinct(StringComparer.Ordinal)
            .Select(id => WebhookIds.As<ConversionId>(id, "payment_intent"))
            .ToArray();
        var conversion = ids[0];
        var others = ids[1..];
        var total = charge.Member("amount").Minor("amount", currency) ?? 0m;
        if (total <= 0m)
        {
            return InboxMapping.Ignore("The charge has no amount.");
        }

        var refunds = charge.Path("refunds", "data").Items("refunds.data").ToArray();
        if (refunds.Length > 0)
        {
            // Each refund on its own: its id is the idempotency key, so listing earlier refunds again is harmless.
            return InboxMapping.Of(
                refunds
                    .Select(r =>
                        (InboxAction)
                            new InboxRefund
                            {
                                ConversionId = conversion,
                                OtherConversionIds = others,
                                RefundId = ((JsonElement?)r).Member("id").RequiredId("refunds.data.id"),
                                Fraction =
                                    (((JsonElement?)r).Member("amount").Minor("refunds.data.amount", currency) ?? 0m)
                                    / total,
                                OccurredAt = ((JsonElement?)r).Member("created").UnixSeconds("refunds.data.created")
                                    ?? created,
                                Reason = ((JsonElement?)r).Member("reason").Text("refunds.data.reason"),
                            }
                    )
                    .ToArray()
            );
        }

        // Without the list (newer API versions), amount_refunded is the charge's refunded total so far.
        var refunded = charge.Member("amount_refunded").Minor("amount_refunded", currency) ?? 0m;
        return refunded <= 0m
            ? InboxMapping.Ignore("Nothing is refunded.")
            : InboxMapping.Of(
                new InboxRefund
                {
                    ConversionId = conversion,
                    OtherConversionIds = others,
                    RefundId = chargeId + ":" + refunded.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    Fraction = refunded / total,
                    Cumulative = true,
                    OccurredAt = created,
                }
            );
    }

    private static Func<string, string?> Metadata(JsonElement obj) =>
        key => obj.Path("metadata", key)?.Scalar() is { Length: > 0 } value ? value : null;

    private static Money? Money(decimal? amount, Currency currency, bool required = false) =>
        amount is { } value ? new Money(value, currency)
        : required ? throw new WebhookFormatException("The amount is missing.")
        : null;
}
