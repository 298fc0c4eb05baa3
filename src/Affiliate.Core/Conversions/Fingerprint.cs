using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// A short hash of a request's content. The same id with the same fingerprint is a harmless redelivery; the same id
/// with another fingerprint is an idempotency conflict. Amounts are written in their normal form so that 10.0 and
/// 10.00 are the same content.
/// </summary>
internal static class Fingerprint
{
    public static string Of(ConversionRequest request)
    {
        var facts = request.Facts;
        var text = new StringBuilder();
        Add(text, facts.Id, facts.Kind, facts.OccurredAt, facts.Amount, facts.OrderDiscount, facts.Shipping, facts.Tax);
        Add(text, facts.Country?.ToUpperInvariant(), facts.CouponCode?.ToUpperInvariant(), facts.EventName);
        if (facts.Subscription is { } subscription)
        {
            Add(text, subscription.SubscriptionId, subscription.PaymentNumber, subscription.StartedAt);
        }

        if (facts.NewCustomer is { } newCustomer)
        {
            // Only when the host set it, so fingerprints of requests without it stay what they were.
            Add(text, "new-customer", newCustomer);
        }

        foreach (var item in facts.Items)
        {
            Add(text, item.ProductId, string.Join(',', item.Categories), item.UnitPrice, item.Quantity, item.Discount);
        }

        Add(
            text,
            request.ProgramId,
            request.VisitorId,
            request.ClickId,
            request.ReferralCode?.ToUpperInvariant(),
            request.CustomerId
        );
        return Hash(text);
    }

    public static string Of(RefundRequest request, Money amount) =>
        Hash(
            Add(
                new StringBuilder(),
                request.ProgramId,
                request.ConversionId,
                request.RefundId,
                amount,
                request.Kind,
                request.OccurredAt,
                request.Reason
            )
        );

    public static string Of(ClickRequestContent content) => Hash(Add(new StringBuilder(), content.Parts));

    private static StringBuilder Add(StringBuilder text, params object?[] parts)
    {
        foreach (var part in parts)
        {
            text.Append(
                part switch
                {
                    null => "~",
                    Money money => money.ToString(),
                    Instant instant => InstantPattern.ExtendedIso.Format(instant), // to the nanosecond, not the second
                    IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                    _ => part.ToString(),
                }
            );
            text.Append('|');
        }

        return text;
    }

    private static string Hash(StringBuilder text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())).AsSpan(0, 16));
}

/// <summary>The parts of a click request that make up its content.</summary>
internal readonly record struct ClickRequestContent(params object?[] Parts);
