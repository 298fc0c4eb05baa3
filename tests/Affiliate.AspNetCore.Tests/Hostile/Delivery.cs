using System.Net.Http.Headers;
using System.Text;
using Affiliate.AspNetCore.Tests.Webhooks;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// One generated webhook delivery: the vendor's payload (mutated or not), signed one of the ways a sender gets it
/// right or wrong, kept whole so that it can be sent again as an exact replay.
/// </summary>
public sealed record Delivery(
    string Source,
    string Path,
    byte[] Body,
    string MediaType,
    IReadOnlyList<(string Name, string Value)> Headers,
    bool SignedRight,
    string Signing
)
{
    /// <summary>A new request of the delivery.</summary>
    public HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Path, UriKind.Relative))
        {
            Content = new ByteArrayContent(Body),
        };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(MediaType);
        foreach (var (name, value) in Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return request;
    }

    /// <summary>Generates the <paramref name="n"/>th delivery at the clock's <paramref name="now"/>.</summary>
    public static Delivery Make(HostileGenerator generator, long now, int n, bool lean)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var source = generator.Pick(["stripe", "shopify", "woocommerce", "postback"]);
        var payload = source switch
        {
            "stripe" => generator.Next(0, 4) switch
            {
                0 => Payloads.StripeCheckout($"evt_h{n}", $"pi_h{n}", now),
                1 => Payloads.StripeRefund($"evt_h{n}", $"pi_h{generator.Next(0, n + 1)}", now),
                2 => Payloads.StripeInvoice($"evt_h{n}", $"pi_h{n}", now, "subscription_cycle"),
                _ => Payloads.StripeEvent($"evt_h{n}", "customer.created", now),
            },
            "shopify" => generator.Chance(0.6)
                ? Payloads.ShopifyOrder($"{9_000_000 + n}")
                : Payloads.ShopifyRefund($"{8_000_000 + n}", $"{9_000_000 + generator.Next(0, n + 1)}"),
            "woocommerce" => Payloads.WooOrder(7_000_000 + n, generator.Pick(["processing", "completed", "refunded"])),
            _ => Payloads.Postback($"pb-{n}"),
        };
        var mutated = generator.Chance(0.8);
        var text = mutated ? generator.MutateJson(payload) : payload;
        if (generator.Chance(0.02))
        {
            // Over the 16 KiB the host allows.
            text += new string(' ', 20 * 1024);
        }

        var body = Encoding.UTF8.GetBytes(text);
        var mediaType = generator.Chance(0.9)
            ? "application/json"
            : generator.Pick(["text/plain", "application/x-www-form-urlencoded", "application/xml"]);
        var mode = generator.Next(0, 100) switch
        {
            < 45 => "right",
            < 56 => "wrong secret",
            < 67 => "garbage",
            < 78 => "missing",
            < 89 => "stale",
            _ => "tampered",
        };
        var headers = new List<(string, string)>();
        var signed = mode == "tampered" ? Encoding.UTF8.GetBytes(text + " ") : body;
        string? signature = (source, mode) switch
        {
            (_, "missing") => null,
            (_, "garbage") => Header(generator.Junk(), lean),
            ("stripe", _) => WebhookSignatures.SignTimestamped(
                mode == "wrong secret" ? "whsec_other" : WebhookHost.StripeSecret,
                mode == "stale" ? now - generator.Next(301, 1_000_000) : now,
                signed
            ),
            ("postback", _) => WebhookSignatures.SignTimestamped(
                mode == "wrong secret" ? "other" : WebhookHost.PostbackSecret,
                mode == "stale" ? now - generator.Next(301, 1_000_000) : now,
                signed
            ),
            // Shopify and WooCommerce sign without a timestamp: a "stale" one is another body's signature.
            ("shopify", _) => WebhookSignatures.SignBase64(
                mode == "wrong secret" ? "other" : WebhookHost.ShopifySecret,
                mode == "stale" ? Encoding.UTF8.GetBytes(payload + "\n") : signed
            ),
            _ => WebhookSignatures.SignBase64(
                mode == "wrong secret" ? "other" : WebhookHost.WooSecret,
                mode == "stale" ? Encoding.UTF8.GetBytes(payload + "\n") : signed
            ),
        };
        var path = source switch
        {
            "postback" => "/affiliate/postback",
            _ => "/affiliate/webhooks/" + source,
        };
        var signatureHeader = source switch
        {
            "stripe" => "Stripe-Signature",
            "shopify" => "X-Shopify-Hmac-SHA256",
            "woocommerce" => "X-WC-Webhook-Signature",
            _ => "X-Affiliate-Signature",
        };
        if (signature is not null)
        {
            headers.Add((signatureHeader, signature));
        }

        if (source == "shopify")
        {
            headers.Add(("X-Shopify-Topic", generator.Chance(0.8) ? "orders/create" : Header(generator.Junk(), lean)));
            headers.Add(("X-Shopify-Webhook-Id", generator.Chance(0.9) ? $"wh-{n}" : Header(generator.Junk(), lean)));
            headers.Add(("X-Shopify-Shop-Domain", "test.myshopify.com"));
        }
        else if (source == "woocommerce")
        {
            headers.Add(
                ("X-WC-Webhook-Topic", generator.Chance(0.8) ? "order.updated" : Header(generator.Junk(), lean))
            );
            headers.Add(("X-WC-Webhook-Resource", "order"));
            headers.Add(("X-WC-Webhook-ID", "7"));
            headers.Add(
                ("X-WC-Webhook-Delivery-ID", generator.Chance(0.9) ? $"d-{n}" : Header(generator.Junk(), lean))
            );
        }

        return new Delivery(source, path, body, mediaType, headers, mode == "right", mode);
    }

    private static string Header(string value, bool lean)
    {
        var clean = new string(value.Where(c => c is > '\u001F' and < '\u007F').ToArray());
        return lean && clean.Length > 200 ? clean[..200] : clean;
    }
}
