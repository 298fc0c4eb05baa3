using System.Net;
using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Samples.WebShop.Tests;

/// <summary>The shop's behaviour, read back through the core's services.</summary>
[Collection(ShopCollection.Name)]
public sealed class ShopTests(ShopFactory shop)
{
    [Fact]
    public async Task The_first_run_seed_registers_twenty_partners_and_gives_non_zero_reports()
    {
        var (found, summary, payouts) = await shop.InScopeAsync(async services =>
        {
            var directory = services.GetRequiredService<PartnerDirectory>();
            var partners = new List<Partner>();
            foreach (var demo in DemoPartners.All)
            {
                partners.Add((await directory.FindAsync(new PartnerId(demo.Id)))!);
            }

            var today = shop.Clock.Now.InZone(DemoProgram.Zone).Date;
            var report = await services
                .GetRequiredService<AffiliateReports>()
                .SummaryAsync(today.PlusDays(-90), today.PlusDays(1));
            var paid = await services
                .GetRequiredService<AffiliateLists>()
                .PayoutsAsync(
                    new PayoutListFilter { ProgramId = new ProgramId("default"), PartnerId = new PartnerId("mia") },
                    new PageRequest()
                );
            return (partners, report.GetValueOrThrow(), paid.GetValueOrThrow());
        });

        Assert.Equal(20, found.Count(p => p is not null));
        Assert.Equal(5, found.Select(p => p.Segment).Distinct().Count());
        Assert.Contains(found, p => p.Status == PartnerStatus.Pending);
        Assert.Equal(new PartnerId("brewbros"), found.Single(p => p.Id.Value == "brewlog").SponsorId);
        Assert.True(summary.Clicks > 1000, $"{summary.Clicks} clicks");
        Assert.True(summary.Conversions > 100, $"{summary.Conversions} conversions");
        Assert.True(summary.Revenue.IsPositive);
        Assert.True(summary.Partners >= 15, $"{summary.Partners} partners with sales");
        Assert.NotEmpty(payouts.Items);
    }

    [Fact]
    public async Task The_seed_gives_partners_links_with_sub_ids_and_schedules_the_plans_next_version()
    {
        var (links, plan) = await shop.InScopeAsync(async services =>
        {
            var mine = await services
                .GetRequiredService<PartnerLinks>()
                .ListAsync(new PartnerId("mia"), new PageRequest());
            var details = await services.GetRequiredService<PlanDirectory>().FindAsync(DemoProgram.Plan.Id);
            return (mine.GetValueOrThrow().Items, details.GetValueOrThrow().Plan);
        });

        Assert.Equal(new[] { "instagram", "tiktok", "youtube" }, links.Select(l => l.Sub1 ?? "").Order().ToArray());
        var next = Assert.Single(plan.Versions, v => v.Number == 2);
        // The seed ran on 15 June 2026 (the fake clock): the new rates start on 1 July in Berlin.
        Assert.Equal(Instant.FromUtc(2026, 6, 30, 22, 0), next.EffectiveFrom);
    }

    [Fact]
    public async Task A_visitor_arriving_with_ref_who_buys_is_credited_to_that_partner_and_their_sponsor()
    {
        var visitor = shop.NewClient();
        var landing = await visitor.GetAsync("/products/glass-dripper?ref=LEON");
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        await shop.FlushClicksAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(5)); // a person reads the page before buying

        var orderId = await visitor.BuyAsync("glass-dripper");

        var history = await shop.HistoryAsync(orderId);
        Assert.Equal(new PartnerId("leon"), history.Conversion.PrimaryPartnerId);
        Assert.Contains(history.Lines, l => l.PartnerId.Value == "leon" && l.Level == 1 && l.Amount.IsPositive);
        Assert.Contains(history.Lines, l => l.PartnerId.Value == "mia" && l.Level == 2 && l.Amount.IsPositive);
        Assert.All(history.Lines, l => Assert.Equal(CommissionState.Pending, l.State));
    }

    [Fact]
    public async Task A_partner_coupon_gives_the_discount_and_credits_the_coupons_partner()
    {
        var customer = shop.NewClient();

        var orderId = await customer.BuyAsync("burr-grinder", coupon: "save10");

        var history = await shop.HistoryAsync(orderId);
        Assert.Equal(new PartnerId("dealdrop"), history.Conversion.PrimaryPartnerId);
        Assert.Equal("SAVE10", history.Conversion.CouponCode, ignoreCase: true);
        // 89.00 less the coupon's 10%: the program's basis is 80.10 EUR, VAT and shipping apart.
        Assert.Equal(Money.Of(80.10m, "EUR"), history.Conversion.Amount);
        var page = await (await customer.GetAsync("/orders/" + orderId)).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"order-discount\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_coupon_is_refused_next_to_its_field_with_the_cores_description()
    {
        var customer = shop.NewClient();
        await customer.AddToCartAsync("sencha-100");

        var response = await customer.CheckoutAsync(coupon: "NOSUCHCODE");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("No partner has the referral code", page, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_card_places_no_order()
    {
        var customer = shop.NewClient();
        await customer.AddToCartAsync("sencha-100");

        var response = await customer.CheckoutAsync(card: "4000 0000 0000 0002");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("card_declined", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_refund_reverses_the_partners_commissions()
    {
        var customer = shop.NewClient();
        var orderId = await customer.BuyAsync("stoneware-mugs", coupon: "MIA10");
        Assert.Contains((await shop.HistoryAsync(orderId)).Lines, l => l.Amount.IsPositive);
        var admin = await shop.SignedInClientAsync(DemoUsers.AdminEmail);

        var refunded = await admin.PostFormAsync(
            $"/orders/{orderId}?handler=Refund",
            "/orders/" + orderId,
            new() { ["reason"] = "Arrived broken" }
        );

        Assert.Equal(HttpStatusCode.Redirect, refunded.StatusCode);
        var history = await shop.HistoryAsync(orderId);
        Assert.Equal(history.Conversion.Amount, history.Conversion.Refunded);
        Assert.Equal(0m, history.Lines.Where(l => l.IsLive).Sum(l => l.Amount.Amount));
        Assert.Contains(history.Entries, e => e.RefundId is not null);
    }

    [Fact]
    public async Task Customers_and_partners_cannot_refund_an_order()
    {
        var customer = shop.NewClient();
        var orderId = await customer.BuyAsync("earl-grey-100");
        var partner = await shop.SignedInClientAsync("mia@partners.example");

        // The order page has no refund form for them: the token comes from another form of the shop.
        var refund = $"/orders/{orderId}?handler=Refund";
        var asCustomer = await customer.PostFormAsync(refund, "/products/earl-grey-100", []);
        var asPartner = await partner.PostFormAsync(refund, "/products/earl-grey-100", []);

        Assert.NotEqual(HttpStatusCode.OK, asCustomer.StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, asPartner.StatusCode);
        var history = await shop.HistoryAsync(orderId);
        Assert.True(history.Conversion.Refunded.IsZero);
    }

    [Fact]
    public async Task The_demo_clock_is_refused_to_visitors_and_partners()
    {
        var before = shop.Clock.Offset;
        var anonymous = shop.NewClient();
        var partner = await shop.SignedInClientAsync("mia@partners.example");

        var page = await anonymous.GetAsync("/admin/clock");
        var post = await partner.PostAsync("/admin/clock", new FormUrlEncodedContent([new("step", "31d")]));
        var partnerPage = await partner.GetAsync("/admin/clock");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/sign-in", page.Location(), StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, partnerPage.StatusCode);
        Assert.StartsWith("/account/denied", partnerPage.Location(), StringComparison.Ordinal);
        Assert.Equal(before, shop.Clock.Offset);
    }

    [Fact]
    public async Task The_admin_moves_the_demo_clock_and_the_approval_job_approves_what_left_its_hold()
    {
        var customer = shop.NewClient();
        var orderId = await customer.BuyAsync("linen-towels", coupon: "COVE10");
        Assert.All((await shop.HistoryAsync(orderId)).Lines, l => Assert.Equal(CommissionState.Pending, l.State));
        var admin = await shop.SignedInClientAsync(DemoUsers.AdminEmail);
        var before = shop.Clock.Offset;

        var moved = await admin.PostFormAsync("/admin/clock", "/admin/clock", new() { ["step"] = "31d" });

        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        Assert.Equal(before + TimeSpan.FromDays(31), shop.Clock.Offset);
        Assert.All((await shop.HistoryAsync(orderId)).Lines, l => Assert.Equal(CommissionState.Approved, l.State));
        var page = await (await admin.GetAsync("/admin/clock")).Content.ReadAsStringAsync();
        Assert.Contains("data-test=\"clock-result\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_in_puts_the_partner_id_in_the_claim_the_partner_api_reads()
    {
        var partner = await shop.SignedInClientAsync("mia@partners.example");

        var profile = await partner.GetAsync("/affiliate/partner/me");

        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("\"mia\"", await profile.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
