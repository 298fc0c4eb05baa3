using System.Text.RegularExpressions;
using Affiliate.Samples.WebShop.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Affiliate.Samples.WebShop.Tests.Browser;

/// <summary>The portal is plain HTML forms and links: every page works with JavaScript switched off.</summary>
public sealed partial class ShopInABrowser
{
    [BrowserFact]
    public async Task A_partner_walks_the_portal_and_creates_a_link_with_JavaScript_off()
    {
        var mia = await Site.SignedInPageAsync("mia@partners.example", javaScript: false);

        // The main pages, through the portal's own navigation.
        foreach (
            var (link, heading) in new[]
            {
                ("Links", "Links"),
                ("Conversions", "Conversions"),
                ("Payouts", "Payouts"),
                ("Plan", "Plan"),
                ("Dashboard", null as string),
            }
        )
        {
            await mia.GetByRole(AriaRole.Navigation)
                .GetByRole(AriaRole.Link, new() { Name = link, Exact = true })
                .First.ClickAsync();
            await Assertions.Expect(mia.Locator("main h1")).ToBeVisibleAsync();
            if (heading is not null)
            {
                await Assertions.Expect(mia.Locator("main h1")).ToHaveTextAsync(heading);
            }
        }

        // A conversion's page, from the list.
        await mia.GotoAsync("/partners/conversions");
        await mia.Locator("tr[data-conversion] a").First.ClickAsync();
        await Assertions.Expect(mia.Locator("td[data-label=Explanation]").First).ToContainTextAsync("for sale");

        // The links page without script: the copy buttons stay hidden, the link is there to select.
        await mia.GotoAsync("/partners/links");
        await Assertions.Expect(mia.Locator("button.ap-copy").First).ToBeHiddenAsync();
        await Assertions.Expect(mia.Locator("#ap-referral-url")).ToHaveValueAsync(new Regex("/\\?ref=MIA$"));

        // The create-link form posts and comes back with the new link listed.
        await mia.Locator("#ap-destination").FillAsync("/products/huila-1kg");
        await mia.Locator("#ap-link-name").FillAsync("No-script newsletter");
        await mia.Locator("#ap-sub1").FillAsync("noscript");
        await mia.GetByRole(AriaRole.Button, new() { Name = "Create link" }).ClickAsync();

        await Assertions.Expect(mia).ToHaveURLAsync(new Regex("/partners/links"));
        var created = mia.Locator("li[data-link]", new() { HasText = "No-script newsletter" });
        await Assertions.Expect(created).ToHaveCountAsync(1);
        await Assertions.Expect(created.Locator("input.ap-code")).ToHaveValueAsync(new Regex("/go/MIA/"));
    }
}
