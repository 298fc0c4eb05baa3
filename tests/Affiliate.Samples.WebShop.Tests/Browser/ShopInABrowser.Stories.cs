using System.Text.RegularExpressions;
using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Affiliate.Samples.WebShop.Tests.Browser;

/// <summary>
/// The program's main stories in a real browser, from the shopper's click to the partner's statement: real Kestrel,
/// real Chromium, real clicks on the shop's and the portal's forms.
/// </summary>
public sealed partial class ShopInABrowser
{
    [BrowserFact]
    public async Task A_visitor_from_Mias_link_buys_and_Mia_sees_the_sale_with_its_explanation()
    {
        // A visitor follows Mia's referral link and buys a bag of coffee through the cart and the fake payment.
        var visitor = await (await Site.NewContextAsync()).NewPageAsync();
        await Site.ArriveThroughAsync(visitor, "MIA");
        var orderId = await visitor.BuyAsync("huila-1kg");

        // Mia signs in, finds the sale among her conversions and opens it.
        var mia = await Site.SignedInPageAsync("mia@partners.example");
        await mia.GotoAsync("/partners/conversions");
        var row = mia.Locator($"tr[data-conversion='{orderId}']");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("td[data-label=Why]")).ToContainTextAsync("for sale " + orderId);
        await row.GetByRole(AriaRole.Link, new() { Name = orderId }).ClickAsync();

        await Assertions.Expect(mia).ToHaveURLAsync(new Regex("/partners/conversions/" + orderId + "$"));
        var explanation = mia.Locator("td[data-label=Explanation]").First;
        await Assertions.Expect(explanation).ToContainTextAsync("for sale " + orderId);
        await Assertions.Expect(explanation).ToContainTextAsync("of 39.00 EUR");
    }

    [BrowserFact]
    public async Task A_sale_with_a_partners_coupon_code_is_credited_to_that_partner()
    {
        // No referral link: the shopper only types DealDrop's coupon code at the checkout.
        var shopper = await (await Site.NewContextAsync()).NewPageAsync();
        var orderId = await shopper.BuyAsync("gooseneck-kettle", coupon: "SAVE10");
        await Assertions.Expect(shopper.Locator("[data-test=order-discount]")).ToBeVisibleAsync();

        var dealDrop = await Site.SignedInPageAsync("coupons@dealdrop.example");
        await dealDrop.GotoAsync("/partners/conversions/" + orderId);

        var details = dealDrop.Locator("dl.ap-dl");
        await Assertions.Expect(details).ToContainTextAsync(orderId);
        await Assertions.Expect(details).ToContainTextAsync("SAVE10");
        await Assertions
            .Expect(dealDrop.Locator("td[data-label=Explanation]").First)
            .ToContainTextAsync("for sale " + orderId);

        // The code's partner, not anyone else: Mia has no such conversion.
        var mia = await Site.SignedInPageAsync("mia@partners.example");
        var other = await mia.GotoAsync("/partners/conversions/" + orderId);
        Assert.Equal(404, other!.Status);
    }

    [BrowserFact]
    public async Task A_refund_from_the_admin_order_page_reverses_the_partners_commission()
    {
        var visitor = await (await Site.NewContextAsync()).NewPageAsync();
        await Site.ArriveThroughAsync(visitor, "SOFIA");
        var orderId = await visitor.BuyAsync("burr-grinder");

        // The admin finds the order in the list, opens it and refunds it.
        var admin = await Site.SignedInPageAsync(DemoUsers.AdminEmail);
        await admin.GotoAsync("/admin/orders");
        await admin.Locator($"tr[data-order='{orderId}']").GetByRole(AriaRole.Link).First.ClickAsync();
        await Assertions.Expect(admin.Locator("[data-test=commission-entries]")).ToContainTextAsync("sofia");
        await admin.Locator("#reason").FillAsync("Grinder arrived broken");
        await admin.Locator("#refund-order").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-test=refund-done]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("[data-test=order-refunded]")).ToBeVisibleAsync();

        // Sofia sees the sale refunded and a reversing line that takes her commission back.
        var sofia = await Site.SignedInPageAsync("sofia@partners.example");
        await sofia.GotoAsync("/partners/conversions/" + orderId);
        await Assertions.Expect(sofia.Locator("dl.ap-dl")).ToContainTextAsync("Refunded");
        var commission = sofia.Locator("td[data-label=Amount]");
        await Assertions.Expect(commission).ToHaveCountAsync(1);
        await Assertions.Expect(sofia.Locator("td[data-label=State]")).ToHaveTextAsync("Reversed");
        var history = await sofia.Locator("ol.ap-list li").AllInnerTextsAsync();
        var reversal = Assert.Single(history, entry => entry.Contains("refund", StringComparison.Ordinal));
        Assert.Contains("takes back 100% of the commission", reversal, StringComparison.Ordinal);
        var earned = Cents(await commission.InnerTextAsync());
        Assert.True(earned > 0);
        Assert.Equal(-earned, Cents(reversal[reversal.IndexOf(':', StringComparison.Ordinal)..]));
    }

    [BrowserFact]
    [MovesTheClock]
    public async Task The_admin_moves_the_clock_approves_and_pays_and_the_payout_is_on_the_partners_statement()
    {
        // A sale through Mia's link that will be approved and paid.
        var visitor = await (await Site.NewContextAsync()).NewPageAsync();
        await Site.ArriveThroughAsync(visitor, "MIA");
        var orderId = await visitor.BuyAsync("gooseneck-kettle", quantity: 2);

        // The admin moves the demo past the 30-day hold, runs the approvals and then a payout run.
        var admin = await Site.SignedInPageAsync(DemoUsers.AdminEmail);
        await admin.GotoAsync("/admin/clock");
        await admin.Locator("#clock-31d").ClickAsync();
        await Assertions.Expect(admin.Locator("[data-test=clock-result]")).ToBeVisibleAsync();
        await admin.GotoAsync("/affiliate-admin/payouts");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Approve due commissions" }).ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/affiliate-admin/payouts"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Run payouts now" }).ClickAsync();
        await Assertions.Expect(admin).ToHaveURLAsync(new Regex("/affiliate-admin/payouts"));
        await Assertions.Expect(admin.Locator("tr[data-payout]").First).ToBeVisibleAsync();

        // Mia's newest payout holds the sale: on its page, and in its statement CSV, downloaded as a file.
        var mia = await Site.SignedInPageAsync("mia@partners.example");
        await mia.GotoAsync("/partners/payouts");
        var newest = mia.Locator("tr[data-payout]").First;
        await newest.Locator("td[data-label='Payout date'] a").ClickAsync();
        await Assertions.Expect(mia.Locator("main")).ToContainTextAsync(orderId);
        await mia.GoBackAsync();

        var download = await mia.RunAndWaitForDownloadAsync(() =>
            newest.GetByRole(AriaRole.Link, new() { Name = "CSV" }).ClickAsync()
        );
        Assert.Matches("^payout-pay_[0-9a-f]+\\.csv$", download.SuggestedFilename);
        var path = await download.PathAsync();
        var csv = await File.ReadAllLinesAsync(path);
        Assert.True(csv.Length >= 2, "a header and at least one line");
        Assert.Contains(csv.Skip(1), line => line.Contains(orderId, StringComparison.Ordinal));
    }

    [BrowserFact]
    public async Task A_partner_cannot_open_another_partners_conversion_payout_or_statement()
    {
        // What Sofia has: a conversion and a payout of hers.
        var sofia = await Site.SignedInPageAsync("sofia@partners.example");
        await sofia.GotoAsync("/partners/conversions");
        var conversion = await sofia.Locator("tr[data-conversion]").First.GetAttributeAsync("data-conversion");
        var conversionAmount = await sofia
            .Locator("tr[data-conversion] td[data-label='Your commission']")
            .First.InnerTextAsync();
        await sofia.GotoAsync("/partners/payouts");
        var payout = await sofia.Locator("tr[data-payout]").First.GetAttributeAsync("data-payout");
        Assert.NotNull(conversion);
        Assert.NotNull(payout);

        // Mia guesses the addresses: each is the not-found page, never Sofia's data; the admin is forbidden.
        var mia = await Site.SignedInPageAsync("mia@partners.example");
        foreach (
            var path in new[]
            {
                "/partners/conversions/" + conversion,
                "/partners/payouts/" + payout,
                "/partners/payouts/" + payout + "/statement.csv",
            }
        )
        {
            var response = await mia.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            var text = await mia.Locator("body").InnerTextAsync();
            Assert.DoesNotContain(conversion, text, StringComparison.Ordinal);
            Assert.DoesNotContain(payout, text, StringComparison.Ordinal);
        }

        var admin = await mia.GotoAsync("/affiliate-admin/partners/sofia");
        Assert.Equal(403, admin!.Status);
        Assert.DoesNotContain(conversionAmount, await mia.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task The_copy_button_puts_the_referral_link_on_the_clipboard()
    {
        var context = await Site.NewContextAsync();
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Site.BaseUrl });
        var mia = await context.NewPageAsync();
        await mia.SignInAsync("mia@partners.example");
        await mia.GotoAsync("/partners/links");

        var button = mia.GetByRole(AriaRole.Button, new() { Name = "Copy Referral link" });
        await Assertions.Expect(button).ToBeVisibleAsync(); // hidden until the script runs
        await button.ClickAsync();

        await Assertions.Expect(button).ToHaveTextAsync("Copied");
        var copied = await mia.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.Equal(Site.BaseUrl + "/?ref=MIA", copied);
        Assert.Equal(copied, await mia.Locator("#ap-referral-url").InputValueAsync());
    }

    /// <summary>"12.34 EUR", "-1.60 EUR" or "−1.60 EUR" in cents.</summary>
    private static long Cents(string money)
    {
        var match = Money().Match(money.Replace('\u2212', '-'));
        Assert.True(match.Success, "not an amount: " + money);
        return long.Parse(
            match.Groups[1].Value.Replace(".", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal),
            System.Globalization.CultureInfo.InvariantCulture
        );
    }

    [GeneratedRegex(@"(-?[\d,]+\.\d{2})")]
    private static partial Regex Money();
}
