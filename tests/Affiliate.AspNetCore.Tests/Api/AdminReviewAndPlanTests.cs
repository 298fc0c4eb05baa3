using System.Net;
using System.Text;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>The admin API's review queue, plan versions and sponsors.</summary>
public sealed class AdminReviewAndPlanTests
{
    [Fact]
    public async Task An_admin_sees_held_conversions_with_their_reasons_and_decides_them_once()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        await world.SaleAsync("ANNA", "visitor-a", "order-fast", 100m, null, fast: true);
        var admin = world.Host.AdminClient();

        var held = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/review/conversions")));
        var item = Assert.Single(held.GetProperty("items").EnumerateArray());
        Assert.Equal("order-fast", item.GetProperty("conversion").GetProperty("id").GetString());
        Assert.NotEmpty(item.GetProperty("reasons").EnumerateArray());
        var lines = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/review/lines?partner=anna")));
        Assert.Single(lines.GetProperty("items").EnumerateArray());

        const string approve = """{"conversionIds":["order-fast"],"approve":true,"reason":"checked the order"}""";
        var decided = await JsonAsync(await admin.PostAsync(Url("/affiliate/admin/review/decisions"), Json(approve)));
        Assert.Equal(1, decided.GetProperty("decided").GetInt32());
        var again = await JsonAsync(await admin.PostAsync(Url("/affiliate/admin/review/decisions"), Json(approve)));
        Assert.Equal(1, again.GetProperty("replayed").GetInt32());
        var reject = await JsonAsync(
            await admin.PostAsync(
                Url("/affiliate/admin/review/decisions"),
                Json("""{"conversionIds":["order-fast"],"approve":false,"reason":"changed my mind"}""")
            )
        );
        Assert.Equal(1, reject.GetProperty("failed").GetInt32());
        Assert.Equal(
            "invalid_state_transition",
            reject.GetProperty("items")[0].GetProperty("error").GetProperty("code").GetString()
        );
        var empty = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/review/conversions")));
        Assert.Empty(empty.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task An_admin_schedules_a_plan_version_from_the_revision_read_and_a_second_admin_gets_plan_changed()
    {
        await using var world = await StartAsync(seed: false);
        var admin = world.Host.AdminClient();
        var plan = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/plans/plan")));
        var revision = plan.GetProperty("revision").GetInt64();
        var body = $$$"""
            {"expectedRevision":{{{revision}}},"version":{"number":2,"effectiveFrom":"2026-06-01T00:00:00Z",
             "rules":[{"id":"default","rate":{"kind":"percent","value":12}}]}}
            """;

        var scheduled = await admin.PostAsync(Url("/affiliate/admin/plans/plan/versions"), Json(body));
        Assert.Equal(HttpStatusCode.OK, scheduled.StatusCode);
        Assert.Equal(2, (await JsonAsync(scheduled)).GetProperty("plan").GetProperty("versions").GetArrayLength());

        var second = await admin.PostAsync(Url("/affiliate/admin/plans/plan/versions"), Json(body));
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("plan_changed", (await JsonAsync(second)).GetProperty("code").GetString());

        var past = await admin.PostAsync(
            Url("/affiliate/admin/plans/plan/versions"),
            Json(
                body.Replace("2026-06-01", "2026-04-01", StringComparison.Ordinal)
                    .Replace($"\"expectedRevision\":{revision}", "\"expectedRevision\":1", StringComparison.Ordinal)
            )
        );
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
    }

    [Fact]
    public async Task An_admin_changes_a_sponsor_and_a_cycle_is_refused()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        var ben = await world.Host.AddPartnerAsync("ben", "BEN");
        var admin = world.Host.AdminClient();

        var changed = await admin.PutAsync(
            Url("/affiliate/admin/partners/ben/sponsor"),
            Json($$"""{"sponsorId":"anna","expectedVersion":{{ben.Version}},"reason":"moved team"}""")
        );
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("anna", (await JsonAsync(changed)).GetProperty("sponsorId").GetString());
        var sponsored = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/partners?sponsor=anna")));
        Assert.Single(sponsored.GetProperty("items").EnumerateArray());

        var anna = await JsonAsync(await admin.GetAsync(Url("/affiliate/admin/partners/anna")));
        var cycle = await admin.PutAsync(
            Url("/affiliate/admin/partners/anna/sponsor"),
            Json($$"""{"sponsorId":"ben","expectedVersion":{{anna.GetProperty("version").GetInt64()}}}""")
        );
        Assert.Equal("sponsor_cycle", (await JsonAsync(cycle)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_payout_run_answers_its_payouts_as_csv_when_asked()
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        await world.SaleAsync("ANNA", "visitor-a", "order-a", 100m, null);
        world.Host.Advance(Duration.FromDays(31));
        await world.InScopeAsync(async s =>
            await Microsoft
                .Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<CommissionLedger>(s)
                .ApproveDueAsync()
        );

        using var request = new HttpRequestMessage(HttpMethod.Post, Url("/affiliate/admin/payouts/run"));
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await world.Host.AdminClient().SendAsync(request);

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var csv = await response.Content.ReadAsStringAsync();
        Assert.Contains("anna", csv, StringComparison.Ordinal);
        Assert.Equal(2, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
