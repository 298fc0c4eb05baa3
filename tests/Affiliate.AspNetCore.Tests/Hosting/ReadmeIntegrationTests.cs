using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Tracking;
using Affiliate.AspNetCore.Tests.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Affiliate.AspNetCore.Tests.Hosting;

/// <summary>
/// The README's ten-line integration, end to end on a SQLite file: a referral visit, a checkout, a Stripe webhook,
/// the partner's and the admin's views, the OpenAPI document.
/// </summary>
public sealed class ReadmeIntegrationTests
{
    private const string StripeSecret = "whsec_readme";

    [Fact]
    public async Task A_visit_a_checkout_and_a_stripe_payment_reach_the_partner_and_the_admin()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Web = web => web.Webhooks.StripeSecrets.Add(StripeSecret),
                Pipeline = app =>
                {
                    app.UseRateLimiter();
                    app.UseAffiliateTracking();
                    app.MapAffiliateEndpoints();
                    app.MapPost("/checkout", (HttpContext http) => http.RecordAffiliateSaleAsync(
                            new AffiliateOrder
                            {
                                OrderId = "order-1",
                                Amount = Money.Of(100m, "EUR"),
                                Tax = Money.Of(19m, "EUR"),
                                CustomerEmail = "buyer@example.com",
                            }
                        ));
                    app.MapGet("/", () => "the shop");
                },
            }
        );
        await host.AddPartnerAsync("anna", "ANNA10");
        using var browser = host.BrowserClient();

        var visit = await browser.GetAsync(new Uri("/?ref=ANNA10", UriKind.Relative));
        await host.FlushClicksAsync();
        host.Advance(Duration.FromHours(1));
        using var checkout = new HttpRequestMessage(HttpMethod.Post, new Uri("/checkout", UriKind.Relative));
        checkout.Headers.Add("Cookie", TrackingHost.CookiesFrom(visit));
        var sale = await browser.SendAsync(checkout);
        var stripe = await StripeAsync(
            host,
            Payloads.StripeCheckout("evt_1", "pi_1", host.Now.ToUnixTimeSeconds(), referral: "ANNA10")
        );

        Assert.Equal(HttpStatusCode.OK, visit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, sale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, stripe.StatusCode);
        var partner = host.PartnerClient("anna");
        var conversions = await partner.GetFromJsonAsync<JsonElement>(
            new Uri("/affiliate/partner/conversions", UriKind.Relative)
        );
        var ids = conversions.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString());
        Assert.Equal(["pi_1", "order-1"], ids.Order(StringComparer.Ordinal).Reverse());
        var partners = await host.AdminClient()
            .GetFromJsonAsync<JsonElement>(new Uri("/affiliate/admin/partners", UriKind.Relative));
        Assert.Equal("anna", partners.GetProperty("items")[0].GetProperty("id").GetString());
        var openApi = await host.Client.GetAsync(new Uri("/affiliate/openapi/affiliate.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    private static async Task<HttpResponseMessage> StripeAsync(TestHost host, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var now = host.Now.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(
            HttpMethod.Post,
            new Uri("/affiliate/webhooks/stripe", UriKind.Relative)
        );
        request.Content = new ByteArrayContent(bytes);
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.Add("Stripe-Signature", WebhookSignatures.SignTimestamped(StripeSecret, now, bytes));
        return await host.Client.SendAsync(request);
    }
}
