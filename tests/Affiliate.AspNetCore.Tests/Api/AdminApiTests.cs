using System.Net;
using System.Net.Http.Json;
using System.Text;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>The admin API manages partners, the ledger and payouts, and refuses everyone else.</summary>
public sealed class AdminApiTests
{
    [Fact]
    public async Task An_admin_registers_approves_suspends_and_reactivates_a_partner_from_the_version_read()
    {
        await using var world = await StartAsync(seed: false);
        var admin = world.Host.AdminClient();

        var created = await admin.PostAsync(
            Url("/affiliate/admin/partners"),
            Json("""{"id":"cleo","name":"Cleo","referralCodes":["CLEO"]}""")
        );
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("pending", (await JsonAsync(created)).GetProperty("status").GetString());

        var pending = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/partners?status=pending")));
        Assert.Single(pending.GetProperty("items").EnumerateArray());

        var approved = await JsonAsync(
            await admin.PostAsync(Url("/affiliate/admin/partners/cleo/approve"), Json("""{"expectedVersion":1}"""))
        );
        Assert.Equal("active", approved.GetProperty("status").GetString());
        var version = approved.GetProperty("version").GetInt64();

        var stale = await admin.PostAsync(
            Url("/affiliate/admin/partners/cleo/suspend"),
            Json("""{"expectedVersion":1,"reason":"fraud review"}""")
        );
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("partner_changed", (await JsonAsync(stale)).GetProperty("code").GetString());

        var suspended = await JsonAsync(
            await admin.PostAsync(
                Url("/affiliate/admin/partners/cleo/suspend"),
                Json($$"""{"expectedVersion":{{version}},"reason":"fraud review"}""")
            )
        );
        Assert.Equal("suspended", suspended.GetProperty("status").GetString());
        var reactivated = await JsonAsync(
            await admin.PostAsync(
                Url("/affiliate/admin/partners/cleo/reactivate"),
                Json($$"""{"expectedVersion":{{suspended.GetProperty("version").GetInt64()}}}""")
            )
        );
        Assert.Equal("active", reactivated.GetProperty("status").GetString());

        var profile = await admin.PutAsync(
            Url("/affiliate/admin/partners/cleo/profile"),
            Json(
                $$$"""
                {"expectedVersion":{{{reactivated.GetProperty("version").GetInt64()}}},
                 "profile":{"name":"Cleo B","segment":"reviewSite"}}
                """
            )
        );
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("reviewSite", (await JsonAsync(profile)).GetProperty("segment").GetString());

        var tier = await admin.PutAsync(Url("/affiliate/admin/partners/cleo/tier"), Json("""{"tier":"gold"}"""));
        Assert.Equal("gold", (await JsonAsync(tier)).GetProperty("tier").GetString());
    }

    [Fact]
    public async Task An_admin_reads_the_ledger_conversions_reports_and_exports_payouts_then_marks_them_paid_or_failed()
    {
        await using var world = await StartAsync();
        var admin = world.Host.AdminClient();
        var anna = world.Payouts.Single(p => p.PartnerId.Value == "anna").Id.Value;
        var ben = world.Payouts.Single(p => p.PartnerId.Value == "ben").Id.Value;

        var lines = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/ledger/lines?partner=anna")));
        Assert.Single(lines.GetProperty("items").EnumerateArray());
        var history = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/conversions/order-b")));
        Assert.Equal("order-b", history.GetProperty("conversion").GetProperty("id").GetString());
        var conversions = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/conversions")));
        Assert.Equal(2, conversions.GetProperty("items").GetArrayLength());

        var summary = await JsonAsync(
            await admin.GetAsync(Url("/affiliate/admin/reports/summary?from=2026-05-01&until=2026-06-01"))
        );
        Assert.Equal(2, summary.GetProperty("conversions").GetInt32());
        var board = await JsonAsync(
            await admin.GetAsync(Url("/affiliate/admin/reports/leaderboard?from=2026-05-01&until=2026-06-01&top=1"))
        );
        Assert.Equal("ben", Assert.Single(board.EnumerateArray()).GetProperty("partnerId").GetString());
        var subIds = await JsonAsync(
            await admin.GetAsync(Url("/affiliate/admin/reports/partners/anna/sub-ids?from=2026-05-01&until=2026-06-01"))
        );
        Assert.Equal("spring", Assert.Single(subIds.EnumerateArray()).GetProperty("subId").GetString());
        var report = await JsonAsync(
            await admin.GetAsync(
                Url("/affiliate/admin/reports/program?from=2026-05-01&until=2026-06-01&granularity=month")
            )
        );
        Assert.Single(report.GetProperty("rows").EnumerateArray());
        var series = await JsonAsync(
            await admin.GetAsync(Url("/affiliate/admin/reports/time-series?from=2026-05-01&until=2026-05-08"))
        );
        Assert.Equal(7, series.GetArrayLength());

        var csv = await (await admin.GetAsync(Url("/affiliate/admin/payouts.csv"))).Content.ReadAsStringAsync();
        Assert.Contains(anna, csv, StringComparison.Ordinal);
        Assert.Contains(ben, csv, StringComparison.Ordinal);
        var statement = await JsonAsync(await admin.GetAsync(Url($"/affiliate/admin/payouts/{anna}/statement")));
        Assert.Single(statement.GetProperty("lines").EnumerateArray());

        var paid = await admin.PostAsync(
            Url($"/affiliate/admin/payouts/{anna}/paid"),
            Json("""{"reference":"bank-1"}""")
        );
        Assert.Equal("paid", (await JsonAsync(paid)).GetProperty("status").GetString());
        var failed = await admin.PostAsync(
            Url($"/affiliate/admin/payouts/{ben}/failed"),
            Json("""{"reason":"iban"}""")
        );
        Assert.Equal("failed", (await JsonAsync(failed)).GetProperty("status").GetString());
        var paidList = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/payouts?status=paid")));
        Assert.Single(paidList.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_adjusts_a_balance_runs_payouts_and_lists_plans()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        var admin = world.Host.AdminClient();

        var adjusted = await admin.PostAsync(
            Url("/affiliate/admin/ledger/adjustments"),
            Json(
                """
                {"adjustmentId":"bonus-1","partnerId":"anna","kind":"bonus",
                 "amount":{"amount":"50.00","currency":"EUR"},"reason":"spring winner"}
                """
            )
        );
        Assert.Equal(HttpStatusCode.OK, adjusted.StatusCode);

        var run = await JsonAsync(await admin.PostAsync(Url("/affiliate/admin/payouts/run"), null));
        Assert.Equal(50.00m, Amount(run.GetProperty("payouts")[0].GetProperty("amount")));
        Assert.False(string.IsNullOrEmpty(run.GetProperty("summary").GetString()));
        var due = await JsonAsync(await admin.PostAsync(Url("/affiliate/admin/payouts/run-if-due"), null));
        // 1 May is a payout date and the run above paid everything: nothing is payable.
        Assert.Equal("nothingPayable", due.GetProperty("status").GetString());

        var plans = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/plans")));
        Assert.Equal("plan", plans[0].GetProperty("plan").GetProperty("id").GetString());
        var plan = await admin.GetAsync(Url("/affiliate/admin/plans/plan"));
        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var missing = await admin.GetAsync(Url("/affiliate/admin/plans/nope"));
        Assert.Equal("unknown_plan", (await JsonAsync(missing)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Partners_get_403_and_anonymous_callers_401_problems_from_every_admin_endpoint()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");

        foreach (var url in new[] { "/affiliate/admin/partners", "/affiliate/admin/payouts", "/affiliate/admin/plans" })
        {
            var partner = await world.Host.PartnerClient("anna").GetAsync(Url(url));
            Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
            Assert.Equal("not_allowed", (await JsonAsync(partner)).GetProperty("code").GetString());
            var anonymous = await world.Host.Client.GetAsync(Url(url));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("not_authenticated", (await JsonAsync(anonymous)).GetProperty("code").GetString());
        }

        var write = await world
            .Host.PartnerClient("anna")
            .PostAsync(Url("/affiliate/admin/partners/anna/suspend"), Json("""{"expectedVersion":1}"""));
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal(
            "active",
            (await JsonAsync(await world.Host.AdminClient().GetAsync(Url("/affiliate/admin/partners/anna"))))
                .GetProperty("status")
                .GetString()
        );
    }

    [Theory]
    [InlineData("/affiliate/admin/partners", "{\"name\":", 400)]
    [InlineData("/affiliate/admin/partners", "{\"id\":\"x\"}", 400)]
    [InlineData("/affiliate/admin/partners", "{\"id\":\"x\\u0001\",\"name\":\"X\"}", 400)]
    [InlineData(
        "/affiliate/admin/partners",
        "{\"id\":\"x\",\"name\":\"X\",\"referralCodes\":[\"'; drop table partners;--\"]}",
        400
    )]
    [InlineData(
        "/affiliate/admin/ledger/adjustments",
        Adjustment + "\"anna\",\"amount\":{\"amount\":\"-5\",\"currency\":\"EUR\"}}",
        400
    )]
    [InlineData(
        "/affiliate/admin/ledger/adjustments",
        Adjustment + "\"anna\",\"amount\":{\"amount\":\"5\",\"currency\":\"XXY\"}}",
        400
    )]
    [InlineData(
        "/affiliate/admin/ledger/adjustments",
        Adjustment + "\"nobody\",\"amount\":{\"amount\":\"5\",\"currency\":\"EUR\"}}",
        404
    )]
    [InlineData("/affiliate/admin/ledger/adjustments", "{\"adjustmentId\":\"a\",\"partnerId\":\"anna\"}", 400)]
    [InlineData("/affiliate/admin/ledger/adjustments", Adjustment + "null,\"amount\":null}", 400)]
    [InlineData("/affiliate/admin/ledger/adjustments", Adjustment + "\"anna\",\"amount\":null}", 400)]
    [InlineData("/affiliate/admin/ledger/adjustments", Adjustment + "\"\",\"amount\":null}", 400)]
    [InlineData("/affiliate/admin/review/decisions", "{\"conversionIds\":[],\"approve\":true,\"reason\":\"r\"}", 400)]
    [InlineData(
        "/affiliate/admin/review/decisions",
        "{\"conversionIds\":[null],\"approve\":true,\"reason\":\"r\"}",
        400
    )]
    [InlineData("/affiliate/admin/partners/anna/approve", "{}", 400)]
    [InlineData("/affiliate/admin/partners/anna/suspend", "{\"expectedVersion\":\"one\"}", 400)]
    public async Task Bad_bodies_are_problems_and_write_nothing(string url, string body, int status)
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        var admin = world.Host.AdminClient();
        var before = await CountsAsync(admin);

        var response = await admin.PostAsync(Url(url), Json(body));

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync(admin));
    }

    [Fact]
    public async Task An_oversized_or_non_json_body_is_413_or_415_and_writes_nothing()
    {
        await using var world = await StartAsync(seed: false);
        var admin = world.Host.AdminClient();

        var big = new string('a', JsonBody.DefaultMaxBytes + 10);
        var oversized = await admin.PostAsync(Url("/affiliate/admin/partners"), Json($$"""{"name":"{{big}}"}"""));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.StatusCode);
        using var text = new StringContent("name=x", Encoding.UTF8, "text/plain");
        var plain = await admin.PostAsync(Url("/affiliate/admin/partners"), text);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plain.StatusCode);
        Assert.Equal((0, 0), await CountsAsync(admin));
    }

    [Theory]
    [InlineData("/affiliate/admin/partners/%01x")]
    [InlineData("/affiliate/admin/payouts/%20/statement")]
    [InlineData("/affiliate/admin/conversions/%7F")]
    [InlineData("/affiliate/admin/reports/partners/%01/sub-ids")]
    [InlineData("/affiliate/admin/ledger/lines?state=7")]
    [InlineData("/affiliate/admin/reports/leaderboard?top=0")]
    [InlineData("/affiliate/admin/reports/partners/anna/sub-ids?index=6")]
    public async Task Bad_ids_and_query_values_are_400_problems(string url)
    {
        await using var world = await StartAsync(seed: false);

        var response = await world.Host.AdminClient().GetAsync(Url(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await JsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task An_injection_string_in_a_search_finds_nothing_and_changes_nothing()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        var admin = world.Host.AdminClient();

        var search = Uri.EscapeDataString("'; DROP TABLE affiliate_partners; --");
        var found = await JsonAsync(await admin.GetAsync(Url($"/affiliate/admin/partners?search={search}")));

        Assert.Empty(found.GetProperty("items").EnumerateArray());
        Assert.Equal((1, 0), await CountsAsync(admin));
    }

    [Fact]
    public async Task Unknown_ids_are_404_problems()
    {
        await using var world = await StartAsync(seed: false);
        var admin = world.Host.AdminClient();

        Assert.Equal(
            HttpStatusCode.NotFound,
            (await admin.GetAsync(Url("/affiliate/admin/partners/nobody"))).StatusCode
        );
        Assert.Equal(
            HttpStatusCode.NotFound,
            (await admin.GetAsync(Url("/affiliate/admin/payouts/p-1/statement"))).StatusCode
        );
        var paid = await admin.PostAsync(Url("/affiliate/admin/payouts/p-1/paid"), Json("""{"reference":"r"}"""));
        Assert.Equal("unknown_payout", (await JsonAsync(paid)).GetProperty("code").GetString());
    }

    private static async Task<(int Partners, int Lines)> CountsAsync(HttpClient admin)
    {
        var partners = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/partners?size=500")));
        var lines = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/ledger/lines?size=500")));
        return (partners.GetProperty("items").GetArrayLength(), lines.GetProperty("items").GetArrayLength());
    }

    private const string Adjustment = "{\"adjustmentId\":\"a\",\"kind\":\"bonus\",\"reason\":\"r\",\"partnerId\":";

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
