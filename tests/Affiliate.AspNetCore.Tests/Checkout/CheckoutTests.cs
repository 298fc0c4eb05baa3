using Affiliate.AspNetCore.Tests.Tracking;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Checkout;

/// <summary>RecordAffiliateSaleAsync: the checkout request and the host's order become a recorded conversion.</summary>
public sealed class CheckoutTests
{
    private static readonly Uri Landing = new("/shoes?ref=ANNA10", UriKind.Relative);

    [Fact]
    public async Task A_checkout_after_a_referral_visit_credits_the_partner_on_the_subtotal_without_tax_and_shipping()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var visit = await client.GetAsync(Landing);
        await host.ClicksAsync();
        host.Advance(Duration.FromHours(2));

        var answer = await host.CheckoutAsync(TrackingHost.CookiesFrom(visit), "order-1");

        Assert.Equal(["anna"], answer.Partners);
        Assert.Equal(visit.SetCookie("aff_vid")!.Value.ToString(), answer.VisitorId);
        // 10% of EUR 100: the EUR 19 tax and EUR 5 shipping are not in the basis.
        Assert.Equal(10m, answer.Commission);
    }

    [Fact]
    public async Task A_checkout_after_following_a_go_link_credits_the_partner_of_the_link()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var visit = await client.GetAsync(new Uri("/go/ANNA10?to=/shoes&sub1=newsletter", UriKind.Relative));
        var click = Assert.Single(await host.ClicksAsync());
        host.Advance(Duration.FromHours(2));

        var answer = await host.CheckoutAsync(TrackingHost.CookiesFrom(visit), "order-go");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, visit.StatusCode);
        Assert.Equal(["newsletter"], click.SubIds);
        Assert.Equal(["anna"], answer.Partners);
        Assert.Equal(click.VisitorId, answer.VisitorId);
    }

    [Fact]
    public async Task A_checkout_without_any_cookie_is_recorded_unattributed()
    {
        await using var host = await TrackingHost.StartAsync();

        var answer = await host.CheckoutAsync("", "order-2");

        Assert.Equal(nameof(ConversionDisposition.NotAttributed), answer.Disposition);
        Assert.Empty(answer.Partners);
        Assert.Equal(0m, answer.Commission);
    }

    [Fact]
    public async Task A_partner_s_coupon_at_checkout_credits_the_partner_without_any_cookie()
    {
        await using var host = await TrackingHost.StartAsync();

        var answer = await host.CheckoutAsync("", "order-6", coupon: "ANNA10");

        Assert.Equal(["anna"], answer.Partners);
    }

    [Fact]
    public async Task The_attribution_the_click_endpoint_handed_a_page_credits_at_checkout_and_a_tampered_one_does_not()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        using var content = new StringContent("""{"code":"ANNA10"}""", System.Text.Encoding.UTF8, "application/json");
        var clicked = await client.PostAsync(new Uri("/affiliate/clicks", UriKind.Relative), content);
        var answer = await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<TrackedClick>(
            clicked.Content
        );
        await host.ClicksAsync();
        host.Advance(Duration.FromHours(2));
        Assert.NotNull(answer?.Attribution);
        Assert.Equal(30 * 24 * 3600, answer.AttributionMaxAge);
        var token = answer.Attribution;
        var tampered = token[..15] + (token[15] == 'q' ? 'r' : 'q') + token[16..];

        // The script keeps it in a first-party cookie of the attribution cookie's name...
        var fromCookie = await host.CheckoutAsync("aff_attr=" + token, "order-7");
        // ...or the host hands it over with the order.
        var handedOver = await CheckoutWithAttributionAsync(host, token, "order-8");
        var forged = await CheckoutWithAttributionAsync(host, tampered, "order-9");

        Assert.Equal(["anna"], fromCookie.Partners);
        Assert.Equal(["anna"], handedOver.Partners);
        Assert.Equal(answer.VisitorId, handedOver.VisitorId);
        Assert.Empty(forged.Partners);
    }

    [Fact]
    public async Task A_tampered_attribution_cookie_does_not_credit_even_with_the_visitor_cookie()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var visit = await client.GetAsync(Landing);
        await host.ClicksAsync();
        host.Advance(Duration.FromHours(2));
        var visitor = visit.SetCookie("aff_vid")!.Value.ToString();
        var signed = visit.SetCookie("aff_attr")!.Value.ToString();
        var tampered = signed[..20] + (signed[20] == 'x' ? 'y' : 'x') + signed[21..];

        var answer = await host.CheckoutAsync($"aff_vid={visitor}; aff_attr={tampered}", "order-3");

        Assert.Equal(nameof(ConversionDisposition.NotAttributed), answer.Disposition);
        Assert.Empty(answer.Partners);
    }

    [Fact]
    public async Task An_attribution_cookie_past_the_window_does_not_credit()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var visit = await client.GetAsync(Landing);
        await host.ClicksAsync();
        host.Advance(Duration.FromDays(31));

        var answer = await host.CheckoutAsync(TrackingHost.CookiesFrom(visit), "order-4");

        Assert.Equal(nameof(ConversionDisposition.NotAttributed), answer.Disposition);
    }

    [Fact]
    public async Task Recording_the_same_order_twice_records_it_once()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var visit = await client.GetAsync(Landing);
        await host.ClicksAsync();
        host.Advance(Duration.FromHours(2));

        await host.CheckoutAsync(TrackingHost.CookiesFrom(visit), "order-5");
        var again = await host.CheckoutAsync(TrackingHost.CookiesFrom(visit), "order-5");

        Assert.Equal(["anna"], again.Partners);
        var conversions = await host.InScopeAsync(async services =>
            (
                await services
                    .GetRequiredService<AffiliateLists>()
                    .ConversionsAsync(
                        new ConversionListFilter { ProgramId = new ProgramId("default") },
                        new PageRequest()
                    )
            )
                .GetValueOrThrow()
                .Items
        );
        Assert.Single(conversions);
    }

    [Fact]
    public async Task An_order_without_an_id_or_amount_or_with_a_negative_amount_is_refused_and_writes_nothing()
    {
        await using var host = await TrackingHost.StartAsync();
        var checkout = host.Services.CreateScope().ServiceProvider.GetRequiredService<AffiliateCheckout>();
        var context = new DefaultHttpContext();

        var noId = await checkout.RecordSaleAsync(
            context,
            new AffiliateOrder { OrderId = "", Amount = Money.Of(1m, "EUR") }
        );
        var noAmount = await checkout.RecordSaleAsync(context, new AffiliateOrder { OrderId = "o-1" });
        var negative = await checkout.RecordSaleAsync(
            context,
            new AffiliateOrder { OrderId = "o-2", Amount = Money.Of(-5m, "EUR") }
        );
        var badCustomer = await checkout.RecordSaleAsync(
            context,
            new AffiliateOrder
            {
                OrderId = "o-3",
                Amount = Money.Of(5m, "EUR"),
                CustomerId = "a\u0000b",
            }
        );

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, noId.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, noAmount.Error?.Code);
        Assert.NotNull(negative.Error);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, badCustomer.Error?.Code);
        var conversions = await host.InScopeAsync(async services =>
            (
                await services
                    .GetRequiredService<AffiliateLists>()
                    .ConversionsAsync(
                        new ConversionListFilter { ProgramId = new ProgramId("default") },
                        new PageRequest()
                    )
            )
                .GetValueOrThrow()
                .Items
        );
        Assert.Empty(conversions);
    }

    private static async Task<CheckoutAnswer> CheckoutWithAttributionAsync(
        Infrastructure.TestHost host,
        string attribution,
        string orderId
    )
    {
        using var client = host.BrowserClient();
        client.DefaultRequestHeaders.Add("X-Attribution", attribution);
        var response = await client.PostAsync(new Uri("/checkout?order=" + orderId, UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (
            await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<CheckoutAnswer>(response.Content)
        )!;
    }
}
