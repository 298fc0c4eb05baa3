using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests;

public sealed class PartnerPortalTests
{
    [Fact]
    public async Task The_dashboard_charts_the_partners_own_last_30_days_and_shows_the_balance()
    {
        await using var world = await PortalWorld.StartAsync();

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/");

        Assert.Equal("Dashboard", page.QuerySelector("main h1")!.TextContent);
        var charts = page.QuerySelectorAll("figure.ap-chart");
        Assert.Equal(3, charts.Length);
        Assert.All(charts, chart => Assert.Equal(30, chart.QuerySelectorAll("tbody tr").Length));
        // Inside the 30 days: anna's second click and sale (50 EUR at 10%); the first is a month older.
        Assert.Contains("1", charts[0].QuerySelector(".ap-chart-total")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("5.00 EUR", charts[2].QuerySelector(".ap-chart-total")!.TextContent, StringComparison.Ordinal);
        Assert.Single(charts[1].QuerySelectorAll("rect.ap-chart-bar"), b => b.GetAttribute("height") != "0");
        var cards = page.QuerySelectorAll(".ap-card-value").Select(c => c.TextContent).ToArray();
        Assert.Equal("5.00 EUR", cards[0]); // pending: the new sale
        Assert.Equal("10.00 EUR", cards[2]); // in the payout: the first sale
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/partners/assets/portal.css']"));
        Assert.NotNull(page.QuerySelector("nav[aria-label] a[aria-current=page][href='/partners/']"));
    }

    [Fact]
    public async Task An_anonymous_visitor_gets_the_hosts_challenge_on_every_partner_page()
    {
        await using var world = await PortalWorld.StartAsync();
        string[] pages =
        [
            "/partners/",
            "/partners/apply",
            "/partners/links",
            "/partners/conversions",
            "/partners/conversions/order-a",
            "/partners/payouts",
            $"/partners/payouts/{world.PayoutOf("anna").Id}",
            $"/partners/payouts/{world.PayoutOf("anna").Id}/statement.csv",
            "/partners/statement.csv",
            "/partners/plan",
        ];

        foreach (var url in pages)
        {
            using var response = await world.Host.Client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{url}: {response.StatusCode}");
        }

        using var post = await world.Host.Client.PostAsync(
            new Uri("/partners/links", UriKind.Relative),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["destination"] = "/" })
        );
        Assert.Equal(HttpStatusCode.Unauthorized, post.StatusCode);
    }

    [Fact]
    public async Task The_stylesheet_and_script_are_served_by_the_mount_without_a_user()
    {
        await using var portal = await PortalHost.StartAsync();

        using var css = await portal.Host.Client.GetAsync(new Uri("/partners/assets/portal.css", UriKind.Relative));
        using var js = await portal.Host.Client.GetAsync(
            new Uri("/affiliate-admin/assets/portal.js", UriKind.Relative)
        );
        using var missing = await portal.Host.Client.GetAsync(new Uri("/partners/assets/nope.css", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType!.MediaType);
        Assert.Contains("--affiliate-accent", await css.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, js.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_user_who_is_no_partner_applies_and_then_sees_the_pending_page()
    {
        await using var world = await PortalWorld.StartAsync(seed: false);
        var client = world.Partner("newbie");

        using var start = await client.GetAsync(new Uri("/partners/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, start.StatusCode);
        Assert.Equal("/partners/apply", start.Headers.Location!.OriginalString);

        using var applied = await PortalHost.SubmitAsync(
            client,
            "/partners/apply",
            "form[action='/partners/apply']",
            new Dictionary<string, string>
            {
                ["name"] = "Newbie Reviews",
                ["email"] = "hello@newbie.example",
                ["segment"] = "review-site",
                ["code"] = "NEWBIE",
            }
        );
        Assert.Equal(HttpStatusCode.SeeOther, applied.StatusCode);
        Assert.Equal("/partners/?done=applied", applied.Headers.Location!.OriginalString);

        var partner = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("newbie")).AsTask()
        );
        Assert.Equal(PartnerStatus.Pending, partner!.Status);
        Assert.Equal(PartnerSegment.ReviewSite, partner.Segment);
        Assert.Equal("NEWBIE", partner.ReferralCodes.Single().ToString());

        var page = await PortalHost.PageAsync(client, "/partners/?done=applied");
        Assert.Contains("application was received", page.QuerySelector("[role=status]")!.TextContent);
        Assert.Contains("waiting for the program's approval", page.QuerySelector("main")!.TextContent);
        Assert.Null(page.QuerySelector("nav[aria-label] ul"));
        using var links = await client.GetAsync(new Uri("/partners/links", UriKind.Relative));
        Assert.Equal(HttpStatusCode.SeeOther, links.StatusCode);
    }

    [Fact]
    public async Task An_application_the_core_refuses_shows_its_description_next_to_the_form()
    {
        await using var world = await PortalWorld.StartAsync();

        using var applied = await PortalHost.SubmitAsync(
            world.Partner("newbie"),
            "/partners/apply",
            "form[action='/partners/apply']",
            new Dictionary<string, string> { ["name"] = "Copycat", ["code"] = "ANNA" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, applied.StatusCode);
        var page = await PortalHost.ParseAsync(applied);
        var error = page.QuerySelector("form .ap-error[role=alert]")!;
        Assert.Contains("taken", error.TextContent, StringComparison.Ordinal);
        Assert.NotNull(error.QuerySelector("code"));
        Assert.Equal("Copycat", page.QuerySelector("input[name=name]")!.GetAttribute("value"));
        Assert.Null(
            await world.Host.InScopeAsync(s =>
                s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("newbie")).AsTask()
            )
        );
    }

    [Fact]
    public async Task A_partner_creates_a_link_with_sub_ids_sees_it_with_its_url_and_deactivates_it()
    {
        await using var world = await PortalWorld.StartAsync();
        var anna = world.Partner("anna");

        using var created = await PortalHost.SubmitAsync(
            anna,
            "/partners/links",
            "form[action='/partners/links']",
            new Dictionary<string, string>
            {
                ["destination"] = "/products/tea",
                ["name"] = "Tea video",
                ["sub1"] = "youtube",
                ["sub2"] = "march",
            }
        );
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);
        Assert.Equal("/partners/links?done=link-created", created.Headers.Location!.OriginalString);

        var page = await PortalHost.PageAsync(anna, "/partners/links?done=link-created");
        Assert.Equal("Your link was created.", page.QuerySelector("[role=status]")!.TextContent);
        var row = page.QuerySelector("[data-link]")!;
        var id = row.GetAttribute("data-link")!;
        Assert.Contains("Tea video", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("youtube · march", row.TextContent, StringComparison.Ordinal);
        var url = row.QuerySelector("input[readonly]")!.GetAttribute("value");
        Assert.Equal($"http://localhost/go/ANNA/{id}", url);
        Assert.Equal(url, row.QuerySelector("button.ap-copy")!.GetAttribute("data-copy"));
        Assert.Equal("http://localhost/?ref=ANNA", page.QuerySelector("#ap-referral-url")!.GetAttribute("value"));

        using var deactivated = await PortalHost.SubmitAsync(
            anna,
            "/partners/links",
            $"form[action='/partners/links/{id}/deactivate']"
        );
        Assert.Equal(HttpStatusCode.SeeOther, deactivated.StatusCode);
        var link = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerLinks>().FindAsync(new PartnerId("anna"), id).AsTask()
        );
        Assert.False(link.Value!.Active);
    }

    [Fact]
    public async Task A_link_to_a_foreign_host_is_refused_with_the_reason_next_to_the_form()
    {
        await using var world = await PortalWorld.StartAsync();

        using var response = await PortalHost.SubmitAsync(
            world.Partner("anna"),
            "/partners/links",
            "form[action='/partners/links']",
            new Dictionary<string, string> { ["destination"] = "https://evil.example/" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(
            "destination_not_allowed",
            await response.Content.ReadAsStringAsync(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_form_without_the_antiforgery_token_is_refused_and_writes_nothing()
    {
        await using var world = await PortalWorld.StartAsync();
        var before = await RowCounts.ReadAsync(world.Host);

        using var link = await PortalHost.PostWithoutTokenAsync(
            world.Partner("anna"),
            "/partners/links",
            new Dictionary<string, string> { ["destination"] = "/products" }
        );
        using var apply = await PortalHost.PostWithoutTokenAsync(
            world.Partner("newbie"),
            "/partners/apply",
            new Dictionary<string, string> { ["name"] = "Forged" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, link.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, apply.StatusCode);
        Assert.Contains("expired", await link.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await RowCounts.ReadAsync(world.Host));
    }

    [Fact]
    public async Task The_conversions_page_lists_the_partners_sales_with_their_explanations()
    {
        await using var world = await PortalWorld.StartAsync();

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/conversions");

        var rows = page.QuerySelectorAll("tr[data-conversion]");
        Assert.Equal(["order-c", "order-a"], rows.Select(r => r.GetAttribute("data-conversion")));
        Assert.All(rows, r => Assert.False(string.IsNullOrWhiteSpace(r.QuerySelectorAll("td")[5].TextContent)));
        Assert.Contains("10.00 EUR", rows[1].TextContent, StringComparison.Ordinal);

        var detail = await PortalHost.PageAsync(world.Partner("anna"), "/partners/conversions/order-a");
        Assert.Contains("100.00 EUR", detail.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("spring", detail.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(detail.QuerySelectorAll("main table tbody tr"));
    }

    [Fact]
    public async Task A_partner_gets_404_for_another_partners_conversion_payout_and_link()
    {
        await using var world = await PortalWorld.StartAsync();
        var bens = world.PayoutOf("ben").Id;
        using var created = await PortalHost.SubmitAsync(
            world.Partner("ben"),
            "/partners/links",
            "form[action='/partners/links']",
            new Dictionary<string, string> { ["destination"] = "/" }
        );
        var bensLink = (await PortalHost.PageAsync(world.Partner("ben"), "/partners/links"))
            .QuerySelector("[data-link]")!
            .GetAttribute("data-link")!;
        var anna = world.Partner("anna");

        await PortalHost.PageAsync(anna, "/partners/conversions/order-b", HttpStatusCode.NotFound);
        await PortalHost.PageAsync(anna, "/partners/conversions/no-such-order", HttpStatusCode.NotFound);
        await PortalHost.PageAsync(anna, $"/partners/payouts/{bens}", HttpStatusCode.NotFound);
        await PortalHost.PageAsync(anna, $"/partners/payouts/{bens}/statement.csv", HttpStatusCode.NotFound);
        using var foreign = await PostWithPageTokenAsync(anna, $"/partners/links/{bensLink}/deactivate");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        var link = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerLinks>().FindAsync(new PartnerId("ben"), bensLink).AsTask()
        );
        Assert.True(link.Value!.Active);
    }

    [Fact]
    public async Task The_payouts_page_shows_the_balance_and_payouts_and_the_statements_download_as_csv()
    {
        await using var world = await PortalWorld.StartAsync();
        var anna = world.Partner("anna");
        var payout = world.PayoutOf("anna");

        var page = await PortalHost.PageAsync(anna, "/partners/payouts");
        var row = page.QuerySelector($"tr[data-payout='{payout.Id}']")!;
        Assert.Contains("10.00 EUR", row.TextContent, StringComparison.Ordinal);
        Assert.Single(page.QuerySelectorAll("tr[data-payout]"));

        var detail = await PortalHost.PageAsync(anna, $"/partners/payouts/{payout.Id}");
        Assert.Contains("10.00 EUR", detail.QuerySelector("dl")!.TextContent, StringComparison.Ordinal);

        using var csv = await anna.GetAsync(new Uri($"/partners/payouts/{payout.Id}/statement.csv", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("order-a", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var form = page.QuerySelector("form[action='/partners/statement.csv']")!;
        var from = form.QuerySelector("input[name=from]")!.GetAttribute("value");
        var until = form.QuerySelector("input[name=until]")!.GetAttribute("value");
        using var statement = await anna.GetAsync(
            new Uri($"/partners/statement.csv?from=2026-04-01&until={until}", UriKind.Relative)
        );
        Assert.Equal(HttpStatusCode.OK, statement.StatusCode);
        var text = await statement.Content.ReadAsStringAsync();
        Assert.Contains("order-a", text, StringComparison.Ordinal);
        Assert.Contains("order-c", text, StringComparison.Ordinal);
        Assert.DoesNotContain("order-b", text, StringComparison.Ordinal);
        Assert.NotNull(from);
        await PortalHost.PageAsync(
            anna,
            "/partners/statement.csv?from=2020-01-01&until=2026-06-01",
            HttpStatusCode.BadRequest
        );
    }

    [Fact]
    public async Task The_plan_page_shows_the_terms_in_force_and_a_scheduled_change()
    {
        await using var world = await PortalWorld.StartAsync();
        var scheduled = await world.Host.InScopeAsync(async s =>
        {
            var plans = s.GetRequiredService<PlanDirectory>();
            var current = (await plans.FindAsync(new PlanId("plan"))).GetValueOrThrow();
            var next = current.Plan.Versions[^1] with
            {
                Number = current.Plan.Versions[^1].Number + 1,
                EffectiveFrom = world.Host.Now + Duration.FromDays(40),
                Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(12) }],
            };
            return await plans.ScheduleAsync(current.Plan.Id, next, current.Revision);
        });
        Assert.True(scheduled.Succeeded, scheduled.Error?.Description);

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/plan");

        var terms = page.QuerySelector("section[aria-labelledby=ap-terms]")!.TextContent;
        Assert.Contains("10%", terms, StringComparison.Ordinal);
        var change = page.QuerySelector("section[aria-labelledby=ap-scheduled] article")!.TextContent;
        Assert.Contains("12%", change, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostWithPageTokenAsync(HttpClient client, string action)
    {
        // A real token and cookie from a page of the signed-in partner, posted to another form's action.
        using var page = await client.GetAsync(new Uri("/partners/links", UriKind.Relative));
        var document = await PortalHost.ParseAsync(page);
        var token = document.QuerySelector("form input[type=hidden]")!;
        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(action, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([
                KeyValuePair.Create(token.GetAttribute("name")!, token.GetAttribute("value")!),
            ]),
        };
        post.Headers.Add(
            "Cookie",
            string.Join("; ", page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]))
        );
        return await client.SendAsync(post);
    }
}
