using System.Net;
using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Tests.Infrastructure;

namespace Affiliate.Samples.WebShop.Tests;

/// <summary>Every page answers, for whom it should, and unknown addresses are a 404 page.</summary>
[Collection(ShopCollection.Name)]
public sealed class PageTests(ShopFactory shop)
{
    public static TheoryData<string> PublicPages() =>
        new([
            "/",
            "/?category=coffee",
            "/?category=books",
            .. DemoCatalog.Products().Select(p => "/products/" + p.Slug),
            "/cart",
            "/account/sign-in",
            "/account/sign-out",
        ]);

    [Theory]
    [MemberData(nameof(PublicPages))]
    public async Task A_public_page_renders_with_the_shops_layout(string path)
    {
        var response = await shop.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<main id=\"main\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/partners\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/admin/orders")]
    [InlineData("/admin/clock")]
    public async Task An_admin_page_renders_for_the_admin(string path)
    {
        var admin = await shop.SignedInClientAsync(DemoUsers.AdminEmail);

        var response = await admin.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(
            "href=\"/affiliate-admin\"",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task The_admin_sees_a_seeded_orders_commissions_and_its_refund_button()
    {
        var admin = await shop.SignedInClientAsync(DemoUsers.AdminEmail);
        var list = await (await admin.GetAsync("/admin/orders")).Content.ReadAsStringAsync();
        var orderId = System.Text.RegularExpressions.Regex.Match(list, "href=\"/orders/([^\"]+)\"").Groups[1].Value;

        var response = await admin.GetAsync("/orders/" + orderId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"order-affiliate\"", html, StringComparison.Ordinal);
        Assert.Contains("data-test=\"conversion-status\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Checkout_with_an_empty_cart_goes_back_to_the_cart()
    {
        var response = await shop.NewClient().GetAsync("/checkout");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/cart", response.Location());
    }

    [Theory]
    [InlineData("/products/no-such-product")]
    [InlineData("/orders/KB-000000000000")]
    [InlineData("/no/such/page")]
    public async Task An_unknown_address_is_the_404_page(string path)
    {
        var response = await shop.NewClient().GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(
            "data-test=\"status-404\"",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_form_posted_for_an_unknown_order_is_the_404_page()
    {
        var admin = await shop.SignedInClientAsync(DemoUsers.AdminEmail);

        var response = await admin.PostFormAsync("/orders/KB-000000000000?handler=Refund", "/admin/clock", []);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(
            "data-test=\"status-404\"",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_the_reason()
    {
        var response = await shop.NewClient()
            .PostFormAsync(
                "/account/sign-in",
                "/account/sign-in",
                new() { ["email"] = DemoUsers.AdminEmail, ["password"] = "wrong" }
            );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("id=\"sign-in-error\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_product_added_to_the_cart_shows_in_the_cart()
    {
        var client = shop.NewClient();

        await client.AddToCartAsync("sencha-100", 2);

        var cart = await (await client.GetAsync("/cart")).Content.ReadAsStringAsync();
        Assert.Contains("data-product=\"sencha-100\"", cart, StringComparison.Ordinal);
        Assert.Contains("value=\"2\"", cart, StringComparison.Ordinal);
    }
}
