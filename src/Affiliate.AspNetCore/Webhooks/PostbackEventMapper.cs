using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// The signed server-to-server postback: <c>{"conversion_id", "amount", "currency", "click_id" | "visitor_id" |
/// "referral_code", "customer_id"?, "occurred_at"?, "refund_id"?}</c>. With a <c>refund_id</c> it refunds
/// <c>amount</c> of the conversion (everything left when the amount is missing); without, it records a sale of
/// <c>amount</c>, the basis, in major units ("49.90").
/// </summary>
internal sealed class PostbackEventMapper(IOptions<AffiliateWebOptions> options) : JsonEventMapper(options)
{
    public const string Name = "postback";

    public override string Source => Name;

    protected override InboxMapping Map(InboxEvent inboxEvent, JsonElement root)
    {
        JsonElement? body = root;
        var conversion = WebhookIds.As<ConversionId>(
            body.Member("conversion_id").RequiredId("conversion_id"),
            "conversion_id"
        );
        var amount = body.Member("amount").Amount("amount");
        var occurred = body.Member("occurred_at").DateTime("occurred_at");
        if (body.Member("refund_id").Id("refund_id") is { } refundId)
        {
            return InboxMapping.Of(
                new InboxRefund
                {
                    ConversionId = conversion,
                    RefundId = refundId,
                    Amount = amount,
                    Currency = body.Member("currency") is null ? null : body.Member("currency").Currency("currency"),
                    OccurredAt = occurred,
                }
            );
        }

        var currency = body.Member("currency").Currency("currency");
        return InboxMapping.Of(
            new InboxSale(
                new ConversionRequest
                {
                    Facts = new ConversionFacts
                    {
                        Id = conversion,
                        OccurredAt = occurred ?? inboxEvent.ReceivedAt,
                        Amount = new Money(amount ?? throw new WebhookFormatException("amount is missing."), currency),
                    },
                    ClickId = WebhookIds.Maybe<ClickId>(body.Member("click_id").Id("click_id"), "click_id"),
                    VisitorId = body.Member("visitor_id").Text("visitor_id"),
                    ReferralCode = body.Member("referral_code").Text("referral_code"),
                    CustomerId = WebhookIds.Maybe<CustomerId>(
                        body.Member("customer_id").Id("customer_id"),
                        "customer_id"
                    ),
                }
            )
        );
    }

    /// <summary>The inbox id of a postback: its refund, else its sale; a replay of either is a duplicate.</summary>
    public static (string EventId, string Topic)? Identify(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            JsonElement? root = document.RootElement;
            if (root is not { ValueKind: JsonValueKind.Object })
            {
                return null;
            }

            var refund = root.Member("refund_id").Id("refund_id");
            var conversion = root.Member("conversion_id").Id("conversion_id");
            return refund is not null ? ("refund:" + refund, "refund")
                : conversion is not null ? ("sale:" + conversion, "sale")
                : null;
        }
        catch (Exception e) when (e is JsonException or WebhookFormatException)
        {
            return null;
        }
    }
}
