using System.Text.RegularExpressions;
using Affiliate.Samples.WebShop.Demo;
using Microsoft.Playwright;

namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>What a person does in the shop with a browser: real clicks on real forms.</summary>
public static partial class BrowserSteps
{
    /// <summary>Signs in with the e-mail and password form (the demo password).</summary>
    public static async Task SignInAsync(this IPage page, string email)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/account/sign-in");
        await page.Locator("#email").FillAsync(email);
        await page.Locator("#password").FillAsync(DemoUsers.Password);
        await page.Locator("#sign-in").ClickAsync();
        // The shop sends a partner to the portal and the admin to the orders.
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal));
    }

    /// <summary>
    /// From the product's page: adds one to the cart, goes to the cart, the checkout, fills the form (with the
    /// coupon, if any) and pays with the fake card. Returns the new order's id, read from the order page.
    /// </summary>
    public static async Task<string> BuyAsync(
        this IPage page,
        string slug = "huila-1kg",
        string? coupon = null,
        int quantity = 1
    )
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/products/" + slug);
        await page.Locator("#quantity").FillAsync(quantity.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.Locator("#add-to-cart").ClickAsync();
        await page.Locator("[data-test=added] a[href='/cart']").ClickAsync();
        await page.Locator("#go-to-checkout").ClickAsync();
        await page.Locator("#email").FillAsync("lena@mail.example");
        await page.Locator("#name").FillAsync("Lena Browser");
        await page.Locator("#country").SelectOptionAsync("DE");
        if (coupon is not null)
        {
            await page.Locator("#coupon").FillAsync(coupon);
        }

        await page.Locator("#card").FillAsync("4242 4242 4242 4242");
        await page.Locator("#place-order").ClickAsync();
        await page.WaitForURLAsync(OrderPage());
        return (await page.Locator("[data-test=order-id]").InnerTextAsync()).Trim();
    }

    [GeneratedRegex("/orders/[^/]+$")]
    private static partial Regex OrderPage();
}
