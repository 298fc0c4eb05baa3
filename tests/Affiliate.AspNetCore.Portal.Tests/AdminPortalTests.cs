using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests;

public sealed class AdminPortalTests
{
    private static readonly string[] Pages =
    [
        "/affiliate-admin/",
        "/affiliate-admin/partners",
        "/affiliate-admin/partners/anna",
        "/affiliate-admin/plans",
        "/affiliate-admin/reviews",
        "/affiliate-admin/payouts",
    ];

    [Fact]
    public async Task The_overview_shows_revenue_commission_the_leaderboard_and_the_top_partners_share()
    {
        await using var world = await PortalWorld.StartAsync();
        await world.SaleAsync("BEN", "visitor-d", "order-d", 150m, null);

        var page = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/");

        Assert.Equal("Program overview", page.QuerySelector("main h1")!.TextContent);
        // The 30 days hold anna's 50 EUR (order-c) and ben's 150 EUR (order-d); the older sales are outside.
        Assert.Equal("200.00 EUR", page.QuerySelector("[data-metric=revenue]")!.TextContent);
        Assert.Equal("20.00 EUR", page.QuerySelector("[data-metric=commission]")!.TextContent);
        Assert.Equal("2", page.QuerySelector("[data-metric=partners]")!.TextContent);
        Assert.Contains("75", page.QuerySelector("[data-metric=top-share]")!.TextContent, StringComparison.Ordinal);
        var leaders = page.QuerySelectorAll("tr[data-partner]").Select(r => r.GetAttribute("data-partner"));
        Assert.Equal(["ben", "anna"], leaders);
        Assert.Equal(3, page.QuerySelectorAll("figure.ap-chart").Length);
    }

    [Fact]
    public async Task The_overview_counts_the_applications_and_held_sales_that_wait_and_links_to_them()
    {
        await using var world = await PortalWorld.StartAsync();
        await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);
        await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerDirectory>()
                .RegisterAsync(new PartnerApplication { Id = new PartnerId("cleo"), Name = "Cleo" })
                .AsTask()
        );

        var page = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/");

        var applications = page.QuerySelector("a[data-waiting=applications]")!;
        Assert.EndsWith(": 1", applications.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("/affiliate-admin/partners?status=Pending", applications.GetAttribute("href"));
        Assert.EndsWith(
            ": 1",
            page.QuerySelector("a[data-waiting=reviews]")!.TextContent.Trim(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task An_admin_form_without_the_antiforgery_token_is_refused_and_writes_nothing()
    {
        await using var world = await PortalWorld.StartAsync();
        var before = await RowCounts.ReadAsync(world.Host);
        var annas = world.PayoutOf("anna").Id;

        foreach (
            var (url, fields) in new (string, Dictionary<string, string>)[]
            {
                ("/affiliate-admin/payouts/run", []),
                ("/affiliate-admin/approvals", []),
                ($"/affiliate-admin/payouts/{annas}/paid", new() { ["reference"] = "forged" }),
                ("/affiliate-admin/partners/anna/status", new() { ["to"] = "suspend" }),
                ("/affiliate-admin/partners/anna/sponsor", new() { ["sponsor"] = "ben" }),
                ("/affiliate-admin/plans/plan/versions", new() { ["effectiveFrom"] = "2026-09-01" }),
            }
        )
        {
            using var response = await PortalHost.PostWithoutTokenAsync(world.Admin(), url, fields);
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
        }

        Assert.Equal(before, await RowCounts.ReadAsync(world.Host));
    }

    [Fact]
    public async Task Hostile_form_values_are_refused_next_to_the_form_never_with_an_error_page()
    {
        await using var world = await PortalWorld.StartAsync();
        var admin = world.Admin();
        var junk = "<script>" + new string('x', 5000) + "\u0007";

        var answers = new List<HttpResponseMessage>
        {
            await PortalHost.SubmitAsync(
                admin,
                "/affiliate-admin/partners/anna",
                "form[action$='/segment']",
                new Dictionary<string, string> { ["segment"] = junk }
            ),
            await PortalHost.SubmitAsync(
                admin,
                "/affiliate-admin/partners/anna",
                "form[action$='/sponsor']",
                new Dictionary<string, string> { ["sponsor"] = junk }
            ),
            await PortalHost.SubmitAsync(
                admin,
                "/affiliate-admin/partners/anna",
                "form[action$='/status']",
                new Dictionary<string, string> { ["to"] = junk }
            ),
            await PortalHost.SubmitAsync(
                admin,
                "/affiliate-admin/plans",
                "form[action$='/versions']",
                new Dictionary<string, string>
                {
                    ["effectiveFrom"] = "2026-09-01",
                    ["version"] = """{"rules":[{"id":"x","rate":{"percent":-5}}]}""",
                }
            ),
            await PortalHost.SubmitAsync(
                admin,
                "/affiliate-admin/payouts",
                $"form[action='/affiliate-admin/payouts/{world.PayoutOf("ben").Id}/failed']",
                new Dictionary<string, string> { ["reason"] = junk }
            ),
            await PortalHost.SubmitAsync(
                world.Partner("anna"),
                "/partners/links",
                "form[action='/partners/links']",
                new Dictionary<string, string>
                {
                    ["destination"] = "/" + junk,
                    ["sub1"] = junk,
                    ["name"] = junk,
                }
            ),
            await PortalHost.SubmitAsync(
                world.Partner("newbie"),
                "/partners/apply",
                "form[action='/partners/apply']",
                new Dictionary<string, string>
                {
                    ["name"] = junk,
                    ["code"] = "bad code!",
                    ["email"] = junk,
                }
            ),
        };
        // A NUL makes the body no readable form at all: refused as a form without its token is.
        using var unreadable = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/partners/anna",
            "form[action$='/status']",
            new Dictionary<string, string> { ["to"] = "suspend", ["reason"] = "\u0000" }
        );
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Contains("expired", await unreadable.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        foreach (var answer in answers)
        {
            var body = await answer.Content.ReadAsStringAsync();
            Assert.True(
                answer.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.SeeOther,
                $"{answer.RequestMessage!.RequestUri}: {answer.StatusCode} {body[..Math.Min(body.Length, 300)]}"
            );
            Assert.DoesNotContain("<script>xxx", body, StringComparison.Ordinal);
            if (answer.StatusCode == HttpStatusCode.BadRequest)
            {
                Assert.Contains("class=\"ap-error\"", body, StringComparison.Ordinal);
            }

            answer.Dispose();
        }

        Assert.Equal(PartnerStatus.Active, (await Find(world, "anna")).Status);
    }

    [Fact]
    public async Task A_partner_gets_403_and_an_anonymous_visitor_the_hosts_challenge_on_every_admin_page()
    {
        await using var world = await PortalWorld.StartAsync();

        foreach (var url in Pages)
        {
            var refused = await PortalHost.PageAsync(world.Partner("anna"), url, HttpStatusCode.Forbidden);
            Assert.Null(refused.QuerySelector("nav[aria-label] ul"));
            Assert.Null(refused.QuerySelector("main a[href]"));
            using var anonymous = await world.Host.Client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var post = await world
            .Partner("anna")
            .PostAsync(
                new Uri("/affiliate-admin/payouts/run", UriKind.Relative),
                new FormUrlEncodedContent(new Dictionary<string, string>())
            );
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
    }

    [Fact]
    public async Task An_admin_approves_a_pending_partner_and_sets_segment_sponsor_and_suspension()
    {
        await using var world = await PortalWorld.StartAsync();
        await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerDirectory>()
                .RegisterAsync(
                    new PartnerApplication
                    {
                        Id = new PartnerId("cleo"),
                        Name = "Cleo",
                        ReferralCodes = ["CLEO"],
                    }
                )
                .AsTask()
        );
        var admin = world.Admin();

        var list = await PortalHost.PageAsync(admin, "/affiliate-admin/partners?status=Pending");
        Assert.Equal(["cleo"], list.QuerySelectorAll("tr[data-partner]").Select(r => r.GetAttribute("data-partner")));

        using var approved = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/partners/cleo",
            "form[action$='/status']",
            new Dictionary<string, string> { ["to"] = "approve", ["reason"] = "Good site" }
        );
        Assert.Equal(HttpStatusCode.SeeOther, approved.StatusCode);
        using var segment = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/partners/cleo",
            "form[action$='/segment']",
            new Dictionary<string, string> { ["segment"] = "coupon-site" }
        );
        Assert.Equal(HttpStatusCode.SeeOther, segment.StatusCode);
        using var sponsor = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/partners/cleo",
            "form[action$='/sponsor']",
            new Dictionary<string, string> { ["sponsor"] = "anna" }
        );
        Assert.Equal(HttpStatusCode.SeeOther, sponsor.StatusCode);
        var cleo = await Find(world, "cleo");
        Assert.Equal(PartnerStatus.Active, cleo.Status);
        Assert.Equal(PartnerSegment.CouponSite, cleo.Segment);
        Assert.Equal(new PartnerId("anna"), cleo.SponsorId);

        using var suspended = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/partners/cleo",
            "form[action$='/status']",
            new Dictionary<string, string> { ["to"] = "suspend", ["reason"] = "Spam" }
        );
        Assert.Equal(PartnerStatus.Suspended, (await Find(world, "cleo")).Status);
        var dashboard = await PortalHost.PageAsync(world.Partner("cleo"), "/partners/");
        Assert.Contains(
            "suspended",
            dashboard.QuerySelector("main .ap-warning")!.TextContent,
            StringComparison.Ordinal
        );
        var page = await PortalHost.PageAsync(admin, "/affiliate-admin/partners/cleo?done=partner-updated");
        Assert.Contains("Anna", page.QuerySelector("dl")!.TextContent, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_sponsor_cycle_is_refused_with_the_cores_description_and_changes_nothing()
    {
        await using var world = await PortalWorld.StartAsync();
        using var first = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/partners/ben",
            "form[action$='/sponsor']",
            new Dictionary<string, string> { ["sponsor"] = "anna" }
        );

        using var cycle = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/partners/anna",
            "form[action$='/sponsor']",
            new Dictionary<string, string> { ["sponsor"] = "ben" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, cycle.StatusCode);
        var page = await PortalHost.ParseAsync(cycle);
        Assert.Equal("sponsor_cycle", page.QuerySelector("form[action$='/sponsor'] .ap-error code")!.TextContent);
        Assert.Null((await Find(world, "anna")).SponsorId);
    }

    [Fact]
    public async Task An_admin_schedules_a_plan_version_from_the_prefilled_terms()
    {
        await using var world = await PortalWorld.StartAsync();
        var admin = world.Admin();
        var page = await PortalHost.PageAsync(admin, "/affiliate-admin/plans");
        var json = page.QuerySelector("textarea[name=version]")!
            .TextContent.Replace("10", "12", StringComparison.Ordinal);

        using var scheduled = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/plans",
            "form[action$='/versions']",
            new Dictionary<string, string> { ["effectiveFrom"] = "2026-08-01", ["version"] = json }
        );

        Assert.Equal(HttpStatusCode.SeeOther, scheduled.StatusCode);
        var plan = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PlanDirectory>().FindAsync(new PlanId("plan")).AsTask()
        );
        var version = plan.Value!.Plan.Versions[^1];
        Assert.Equal(2, version.Number);
        Assert.Equal(Instant.FromUtc(2026, 8, 1, 0, 0), version.EffectiveFrom);
        Assert.Equal(12m, ((PercentRate)version.Rules[0].Rate!).Value);
        var after = await PortalHost.PageAsync(admin, "/affiliate-admin/plans?done=plan-scheduled");
        Assert.Equal(2, after.QuerySelectorAll("tr[data-version]").Length);
        Assert.Contains(
            "Scheduled",
            after.QuerySelector("tr[data-version='2']")!.TextContent,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_version_that_is_not_json_or_starts_too_early_is_refused_next_to_the_form()
    {
        await using var world = await PortalWorld.StartAsync();

        using var broken = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/plans",
            "form[action$='/versions']",
            new Dictionary<string, string> { ["effectiveFrom"] = "2026-08-01", ["version"] = "{ nope" }
        );
        using var early = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/plans",
            "form[action$='/versions']",
            new Dictionary<string, string> { ["effectiveFrom"] = "2026-01-01" }
        );

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Contains("not valid JSON", await broken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        var page = await PortalHost.ParseAsync(early);
        Assert.NotNull(page.QuerySelector("form .ap-error[role=alert] code"));
        var plan = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PlanDirectory>().FindAsync(new PlanId("plan")).AsTask()
        );
        Assert.Single(plan.Value!.Plan.Versions);
    }

    [Fact]
    public async Task The_review_queue_shows_held_sales_with_their_reasons_and_an_admin_rejects_one()
    {
        await using var world = await PortalWorld.StartAsync();
        var held = await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);
        Assert.Equal(ConversionStatus.Held, held.Conversion.Status);

        var page = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/reviews");
        var card = page.QuerySelector("article[data-conversion='order-fast']")!;
        Assert.NotEmpty(card.QuerySelectorAll("li code"));

        using var rejected = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/reviews",
            "form[action='/affiliate-admin/reviews/order-fast']",
            new Dictionary<string, string> { ["decision"] = "reject", ["reason"] = "Click and sale in one second" }
        );

        Assert.Equal(HttpStatusCode.SeeOther, rejected.StatusCode);
        var history = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<CommissionLedger>().HistoryAsync(null, new ConversionId("order-fast")).AsTask()
        );
        Assert.Equal(ConversionStatus.Rejected, history.Value!.Conversion.Status);
        var after = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/reviews?done=review-decided");
        Assert.Null(after.QuerySelector("article[data-conversion='order-fast']"));
    }

    [Fact]
    public async Task An_admin_approves_due_lines_runs_payouts_marks_one_paid_and_exports_csv()
    {
        await using var world = await PortalWorld.StartAsync();
        var admin = world.Admin();
        var annas = world.PayoutOf("anna");

        using var paid = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/payouts",
            $"form[action='/affiliate-admin/payouts/{annas.Id}/paid']",
            new Dictionary<string, string> { ["reference"] = "SEPA-1234" }
        );
        Assert.Equal(HttpStatusCode.SeeOther, paid.StatusCode);
        var statement = await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PayoutProcessor>().StatementAsync(annas.Id).AsTask()
        );
        Assert.Equal(PayoutStatus.Paid, statement.Value!.Payout.Status);
        Assert.Equal("SEPA-1234", statement.Value.Payout.ExternalReference);

        world.Host.Advance(Duration.FromDays(31));
        using var approvals = await PortalHost.SubmitAsync(
            admin,
            "/affiliate-admin/payouts",
            "form[action$='/approvals']"
        );
        Assert.Equal(HttpStatusCode.SeeOther, approvals.StatusCode);
        using var run = await PortalHost.SubmitAsync(admin, "/affiliate-admin/payouts", "form[action$='/payouts/run']");
        Assert.Equal(HttpStatusCode.SeeOther, run.StatusCode);

        var page = await PortalHost.PageAsync(admin, "/affiliate-admin/payouts?status=Pending");
        var pending = page.QuerySelectorAll("tr[data-payout]");
        Assert.Equal(2, pending.Length); // ben's first and anna's second (order-c)
        Assert.Contains(pending, r => r.TextContent.Contains("5.00 EUR", StringComparison.Ordinal));

        using var csv = await admin.GetAsync(new Uri("/affiliate-admin/payouts.csv", UriKind.Relative));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        var text = await csv.Content.ReadAsStringAsync();
        Assert.Equal(4, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // header and 3 payouts
        Assert.Contains("SEPA-1234", text, StringComparison.Ordinal);
        using var annasStatement = await admin.GetAsync(
            new Uri("/affiliate-admin/partners/anna/statement.csv?from=2026-04-01&until=2026-08-01", UriKind.Relative)
        );
        var statementText = await annasStatement.Content.ReadAsStringAsync();
        Assert.Contains("order-a", statementText, StringComparison.Ordinal);
        Assert.DoesNotContain("order-b", statementText, StringComparison.Ordinal);
        await PortalHost.PageAsync(admin, "/affiliate-admin/partners/nobody/statement.csv", HttpStatusCode.NotFound);
        using var lines = await admin.GetAsync(
            new Uri($"/affiliate-admin/payouts/{annas.Id}/statement.csv", UriKind.Relative)
        );
        Assert.Contains("order-a", await lines.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_a_payout_without_a_reference_is_refused_next_to_its_row()
    {
        await using var world = await PortalWorld.StartAsync();
        var annas = world.PayoutOf("anna");

        using var response = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/payouts",
            $"form[action='/affiliate-admin/payouts/{annas.Id}/paid']",
            new Dictionary<string, string> { ["reference"] = " " }
        );

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await PortalHost.ParseAsync(response);
        Assert.NotNull(page.QuerySelector($"tr[data-payout='{annas.Id}'] .ap-error"));
        await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/partners/nobody", HttpStatusCode.NotFound);
        await PortalHost.PageAsync(
            world.Admin(),
            "/affiliate-admin/payouts/nothing/statement.csv",
            HttpStatusCode.NotFound
        );
    }

    private static Task<Partner> Find(PortalWorld world, string id) =>
        world.Host.InScopeAsync(async s =>
            (await s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId(id)))!
        );
}
