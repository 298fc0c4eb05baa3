using System.Net.Http.Headers;
using System.Text;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.Stores;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>
/// A test host with every webhook endpoint mapped and a secret per vendor, partner anna (code ANNA) registered, and
/// helpers that sign and send the vendors' deliveries as the vendors do.
/// </summary>
internal sealed class WebhookHost : IAsyncDisposable
{
    public const string StripeSecret = "whsec_test_secret";
    public const string ShopifySecret = "shpss_test";
    public const string WooSecret = "woo_secret";
    public const string PostbackSecret = "postback_secret";

    private WebhookHost(TestHost host) => Host = host;

    public TestHost Host { get; }

    public HttpClient Client => Host.Client;

    public static async Task<WebhookHost> StartAsync(
        string? postgres = null,
        Action<AffiliateWebOptions>? web = null,
        bool addPartner = true,
        Action<AffiliateOptions>? affiliates = null
    )
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                PostgresConnectionString = postgres,
                Affiliates = affiliates,
                Web = o =>
                {
                    o.Webhooks.StripeSecrets.Add(StripeSecret);
                    o.Webhooks.ShopifySecrets.Add(ShopifySecret);
                    o.Webhooks.WooCommerceSecrets.Add(WooSecret);
                    o.Webhooks.PostbackSecrets.Add(PostbackSecret);
                    o.Webhooks.MaxBodyBytes = 16 * 1024;
                    web?.Invoke(o);
                },
                Pipeline = app =>
                {
                    app.MapAffiliateWebhooks();
                    app.MapAffiliatePostback();
                    app.MapAffiliateInboxAdminApi();
                },
            }
        );
        if (addPartner)
        {
            await host.AddPartnerAsync("anna", "ANNA");
        }

        return new WebhookHost(host);
    }

    public long UnixNow => Host.Time.GetUtcNow().ToUnixTimeSeconds();

    public Task<HttpResponseMessage> StripeAsync(string body, long? timestamp = null, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var header = WebhookSignatures.SignTimestamped(secret ?? StripeSecret, timestamp ?? UnixNow, bytes);
        return PostAsync("/affiliate/webhooks/stripe", bytes, "application/json", ("Stripe-Signature", header));
    }

    public Task<HttpResponseMessage> ShopifyAsync(string topic, string webhookId, string body, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return PostAsync(
            "/affiliate/webhooks/shopify",
            bytes,
            "application/json",
            ("X-Shopify-Hmac-SHA256", WebhookSignatures.SignBase64(secret ?? ShopifySecret, bytes)),
            ("X-Shopify-Topic", topic),
            ("X-Shopify-Webhook-Id", webhookId),
            ("X-Shopify-Shop-Domain", "test.myshopify.com")
        );
    }

    public Task<HttpResponseMessage> WooAsync(string topic, string body, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return PostAsync(
            "/affiliate/webhooks/woocommerce",
            bytes,
            "application/json",
            ("X-WC-Webhook-Signature", WebhookSignatures.SignBase64(secret ?? WooSecret, bytes)),
            ("X-WC-Webhook-Topic", topic),
            ("X-WC-Webhook-Resource", "order"),
            ("X-WC-Webhook-ID", "7"),
            ("X-WC-Webhook-Delivery-ID", Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(8, bytes.Length))))
        );
    }

    public Task<HttpResponseMessage> PostbackAsync(string body, long? timestamp = null, string? secret = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var header = WebhookSignatures.SignTimestamped(secret ?? PostbackSecret, timestamp ?? UnixNow, bytes);
        return PostAsync("/affiliate/postback", bytes, "application/json", ("X-Affiliate-Signature", header));
    }

    public async Task<HttpResponseMessage> PostAsync(
        string path,
        byte[] body,
        string mediaType,
        params (string Name, string Value)[] headers
    )
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await Client.SendAsync(request);
    }

    /// <summary>Every inbox event, whatever its state.</summary>
    public Task<IReadOnlyList<InboxEvent>> InboxAsync() =>
        Host.InScopeAsync<IReadOnlyList<InboxEvent>>(async services =>
        {
            var store = services.GetRequiredService<IWebhookInboxStore>();
            var all = new List<InboxEvent>();
            foreach (var state in Enum.GetValues<InboxEventState>())
            {
                all.AddRange(await store.ListInboxEventsAsync(state, null, 1000, default));
            }

            return all;
        });

    public Task<Conversion?> ConversionAsync(string id) =>
        Host.InScopeAsync(async services =>
            await services
                .GetRequiredService<IConversionStore>()
                .FindAsync(new ProgramId("default"), new ConversionId(id), default)
        );

    public Task<IReadOnlyList<CommissionLine>> LinesAsync() =>
        Host.InScopeAsync(async services =>
            await services.GetRequiredService<ILedgerStore>().QueryLinesAsync(new LineQuery(), default)
        );

    /// <summary>What the partners earn: the sum of the live lines.</summary>
    public async Task<Money> EarnedAsync() =>
        Money.Sum((await LinesAsync()).Where(l => l.IsLive).Select(l => l.Amount), Currency.EUR);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
