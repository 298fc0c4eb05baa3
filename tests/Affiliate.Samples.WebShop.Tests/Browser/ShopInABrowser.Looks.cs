using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Affiliate.Samples.WebShop.Tests.Browser;

/// <summary>
/// Every main page of the shop, the partner portal and the admin, at a phone's and a desktop's width: a full-page
/// screenshot in artifacts/screenshots, and axe-core finds no serious or critical accessibility violation.
/// </summary>
public sealed partial class ShopInABrowser
{
    /// <summary>Who looks at the page (null: a visitor), the page, and the screenshot's name.</summary>
    public static TheoryData<string?, string, string> MainPages() =>
        new()
        {
            { null, "/", "shop-home" },
            { null, "/products/huila-1kg", "shop-product" },
            { null, "/cart", "shop-cart" },
            { null, "/checkout", "shop-checkout" },
            { null, "/account/sign-in", "shop-sign-in" },
            { null, "/no/such/page", "shop-not-found" },
            { Mia, "/partners", "partner-dashboard" },
            { Mia, "/partners/links", "partner-links" },
            { Mia, "/partners/conversions", "partner-conversions" },
            { Mia, "/partners/conversions/{first-conversion}", "partner-conversion" },
            { Mia, "/partners/payouts", "partner-payouts" },
            { Mia, "/partners/payouts/{first-payout}", "partner-payout" },
            { Mia, "/partners/plan", "partner-plan" },
            { "apply@freshfinds.example", "/partners/apply", "partner-apply" },
            { DemoUsers.AdminEmail, "/admin/orders", "admin-orders" },
            { DemoUsers.AdminEmail, "/orders/{first-order}", "admin-order" },
            { DemoUsers.AdminEmail, "/admin/clock", "admin-clock" },
            { DemoUsers.AdminEmail, "/affiliate-admin", "admin-overview" },
            { DemoUsers.AdminEmail, "/affiliate-admin/partners", "admin-partners" },
            { DemoUsers.AdminEmail, "/affiliate-admin/partners/mia", "admin-partner" },
            { DemoUsers.AdminEmail, "/affiliate-admin/plans", "admin-plans" },
            { DemoUsers.AdminEmail, "/affiliate-admin/reviews", "admin-reviews" },
            { DemoUsers.AdminEmail, "/affiliate-admin/payouts", "admin-payouts" },
        };

    private const string Mia = "mia@partners.example";

    private static readonly (string Name, int Width, int Height)[] Sizes =
    [
        ("phone", 390, 844),
        ("desktop", 1280, 800),
    ];

    [BrowserTheory]
    [OnlyLooks]
    [MemberData(nameof(MainPages))]
    public async Task A_main_page_has_no_serious_accessibility_violation_on_a_phone_or_a_desktop(
        string? user,
        string path,
        string name
    )
    {
        Directory.CreateDirectory(BrowserShop.ScreenshotFolder);
        foreach (var (size, width, height) in Sizes)
        {
            var page = await Site.LookerAsync(user, width, height);
            if (path == "/checkout")
            {
                // The checkout needs something in the cart.
                await page.GotoAsync("/products/huila-1kg");
                await page.Locator("#add-to-cart").ClickAsync();
            }

            var response = await page.GotoAsync(await ResolveAsync(page, path));
            Assert.Equal(name == "shop-not-found" ? 404 : 200, response!.Status);

            await page.ScreenshotAsync(
                new() { Path = Path.Combine(BrowserShop.ScreenshotFolder, $"{name}-{size}.png"), FullPage = true }
            );
            var axe = await page.RunAxe();
            var serious = axe
                .Violations.Where(v => v.Impact is "serious" or "critical")
                .Select(v =>
                    $"{v.Id} ({v.Impact}): {v.Help} at "
                    + string.Join(", ", v.Nodes.Take(3).Select(n => n.Target?.ToString() ?? n.Html))
                )
                .ToArray();
            Assert.True(serious.Length == 0, $"{path} at {size} width:\n" + string.Join("\n", serious));
        }
    }

    /// <summary>A path with a placeholder for an id the seeded data has: the first link of that kind on a list.
    /// </summary>
    private static async Task<string> ResolveAsync(IPage page, string path)
    {
        (string Placeholder, string List, string Link)[] kinds =
        [
            ("{first-conversion}", "/partners/conversions", "tr[data-conversion] a"),
            ("{first-payout}", "/partners/payouts", "tr[data-payout] td[data-label='Payout date'] a"),
            ("{first-order}", "/admin/orders", "tr[data-order] a"),
        ];
        foreach (var (placeholder, list, link) in kinds)
        {
            if (path.Contains(placeholder, StringComparison.Ordinal))
            {
                await page.GotoAsync(list);
                return (await page.Locator(link).First.GetAttributeAsync("href"))!;
            }
        }

        return path;
    }
}
