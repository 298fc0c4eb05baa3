using System.Net;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>The partner API shows the signed-in partner's own data, and nobody else's.</summary>
public sealed class PartnerApiTests
{
    [Fact]
    public async Task The_partner_reads_their_profile_clicks_conversions_balance_and_payouts()
    {
        await using var world = await StartAsync();
        var anna = world.Host.PartnerClient("anna");

        var me = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/me")));
        Assert.Equal("anna", me.GetProperty("id").GetString());
        Assert.Equal("active", me.GetProperty("status").GetString());
        Assert.False(me.TryGetProperty("knownIpHashes", out _));

        var clicks = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/clicks")));
        var click = Assert.Single(clicks.GetProperty("items").EnumerateArray());
        Assert.Equal("spring", click.GetProperty("subIds")[0].GetString());
        Assert.False(click.TryGetProperty("visitorId", out _));

        var conversions = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/conversions")));
        var conversion = Assert.Single(conversions.GetProperty("items").EnumerateArray());
        Assert.Equal("order-a", conversion.GetProperty("id").GetString());
        var explanation = Assert.Single(conversion.GetProperty("explanations").EnumerateArray()).GetString();
        Assert.Contains("10", explanation, StringComparison.Ordinal);
        Assert.Equal(10.00m, Amount(conversion.GetProperty("lines")[0].GetProperty("amount")));

        var detail = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/conversions/order-a")));
        Assert.Equal("order-a", detail.GetProperty("id").GetString());

        var balance = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/balance")));
        Assert.Equal(10.00m, Amount(balance[0].GetProperty("inPayout")));

        var payouts = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/payouts")));
        var payout = Assert.Single(payouts.GetProperty("items").EnumerateArray());
        Assert.Equal("anna", payout.GetProperty("partnerId").GetString());
    }

    [Fact]
    public async Task A_payout_statement_is_json_or_csv_and_a_period_statement_lists_the_lines()
    {
        await using var world = await StartAsync();
        var anna = world.Host.PartnerClient("anna");
        var payoutId = world.Payouts.Single(p => p.PartnerId.Value == "anna").Id.Value;

        var statement = await JsonAsync(await anna.GetAsync(Url($"/affiliate/partner/payouts/{payoutId}/statement")));
        Assert.Equal(payoutId, statement.GetProperty("payout").GetProperty("id").GetString());
        Assert.Single(statement.GetProperty("lines").EnumerateArray());

        var csv = await anna.GetAsync(Url($"/affiliate/partner/payouts/{payoutId}/statement.csv"));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("order-a", await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var accept = new HttpRequestMessage(
            HttpMethod.Get,
            Url($"/affiliate/partner/payouts/{payoutId}/statement")
        );
        accept.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal("text/csv", (await anna.SendAsync(accept)).Content.Headers.ContentType?.MediaType);

        var period = await JsonAsync(
            await anna.GetAsync(Url("/affiliate/partner/statement?from=2026-05-01&until=2026-06-01"))
        );
        Assert.Single(period.GetProperty("lines").EnumerateArray());
        Assert.Equal(10.00m, Amount(period.GetProperty("totals")[0]));
        var periodCsv = await anna.GetAsync(Url("/affiliate/partner/statement.csv?from=2026-05-01&until=2026-06-01"));
        Assert.Contains("order-a", await periodCsv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("day", 31)]
    [InlineData("week", 5)]
    [InlineData("month", 1)]
    public async Task Earnings_are_a_time_series_per_day_week_or_month(string granularity, int rows)
    {
        await using var world = await StartAsync();

        var earnings = await JsonAsync(
            await world
                .Host.PartnerClient("anna")
                .GetAsync(
                    Url($"/affiliate/partner/earnings?from=2026-05-01&until=2026-06-01&granularity={granularity}")
                )
        );

        Assert.Equal(rows, earnings.GetProperty("rows").GetArrayLength());
        Assert.Equal(1, earnings.GetProperty("total").GetProperty("conversions").GetInt32());
        Assert.Equal(100.00m, Amount(earnings.GetProperty("total").GetProperty("revenue")));
    }

    [Fact]
    public async Task Another_partners_payout_or_conversion_is_not_found_and_their_cursor_is_refused()
    {
        await using var world = await StartAsync();
        await world.SaleAsync("BEN", "visitor-b2", "order-b2", 50m, null);
        var anna = world.Host.PartnerClient("anna");
        var bensPayout = world.Payouts.Single(p => p.PartnerId.Value == "ben").Id.Value;

        var payout = await anna.GetAsync(Url($"/affiliate/partner/payouts/{bensPayout}/statement"));
        Assert.Equal(HttpStatusCode.NotFound, payout.StatusCode);
        Assert.Equal("unknown_payout", (await JsonAsync(payout)).GetProperty("code").GetString());
        Assert.DoesNotContain("ben", await payout.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csv = await anna.GetAsync(Url($"/affiliate/partner/payouts/{bensPayout}/statement.csv"));
        Assert.Equal(HttpStatusCode.NotFound, csv.StatusCode);

        var conversion = await anna.GetAsync(Url("/affiliate/partner/conversions/order-b"));
        Assert.Equal(HttpStatusCode.NotFound, conversion.StatusCode);
        Assert.Equal("unknown_conversion", (await JsonAsync(conversion)).GetProperty("code").GetString());

        var bensPage = await JsonAsync(
            await world.Host.PartnerClient("ben").GetAsync(Url("/affiliate/partner/conversions?size=1"))
        );
        var cursor = bensPage.GetProperty("nextCursor").GetString();
        Assert.NotNull(cursor);
        var swapped = await anna.GetAsync(
            Url($"/affiliate/partner/conversions?size=1&cursor={Uri.EscapeDataString(cursor)}")
        );
        Assert.Equal(HttpStatusCode.BadRequest, swapped.StatusCode);
        Assert.Equal("invalid_cursor", (await JsonAsync(swapped)).GetProperty("code").GetString());

        var bensClicks = await JsonAsync(
            await world.Host.PartnerClient("ben").GetAsync(Url("/affiliate/partner/clicks?size=1"))
        );
        var clickCursor = Uri.EscapeDataString(bensClicks.GetProperty("nextCursor").GetString()!);
        var swappedClicks = await anna.GetAsync(Url($"/affiliate/partner/clicks?size=1&cursor={clickCursor}"));
        Assert.Equal("invalid_cursor", (await JsonAsync(swappedClicks)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task No_user_is_401_and_a_user_who_is_no_partner_is_403_as_problem_details()
    {
        await using var world = await StartAsync(seed: false);

        var anonymous = await world.Host.Client.GetAsync(Url("/affiliate/partner/me"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("not_authenticated", (await JsonAsync(anonymous)).GetProperty("code").GetString());

        var stranger = await world.Host.PartnerClient("nobody").GetAsync(Url("/affiliate/partner/payouts"));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal("not_allowed", (await JsonAsync(stranger)).GetProperty("code").GetString());

        var admin = await world.Host.AdminClient().GetAsync(Url("/affiliate/partner/me"));
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    [Theory]
    [InlineData("/affiliate/partner/clicks?size=0")]
    [InlineData("/affiliate/partner/clicks?size=abc")]
    [InlineData("/affiliate/partner/conversions?status=7")]
    [InlineData("/affiliate/partner/conversions?status=%27;drop table partners;--")]
    [InlineData("/affiliate/partner/earnings?from=2026-13-01")]
    [InlineData("/affiliate/partner/earnings?from=2026-06-01&until=2026-05-01")]
    [InlineData("/affiliate/partner/earnings?granularity=hour")]
    [InlineData("/affiliate/partner/conversions?cursor=not-a-cursor")]
    [InlineData("/affiliate/partner/statement?from=2020-01-01&until=2026-01-01")]
    [InlineData("/affiliate/partner/payouts?program=%01")]
    public async Task Bad_query_values_are_400_problems(string url)
    {
        await using var world = await StartAsync(seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");

        var response = await world.Host.PartnerClient("anna").GetAsync(Url(url));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
