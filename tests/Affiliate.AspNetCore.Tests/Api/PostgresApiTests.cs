using System.Net;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>The partner and admin APIs on the PostgreSQL server: the same answers as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresApiTests(PostgresServer server)
{
    [PostgresFact]
    public async Task Partners_see_only_their_own_payouts_and_conversions_and_the_admin_sees_all()
    {
        await using var world = await StartAsync(postgres: await server.CreateDatabaseAsync());
        var anna = world.Host.PartnerClient("anna");
        var bensPayout = world.Payouts.Single(p => p.PartnerId.Value == "ben").Id.Value;

        var own = await JsonAsync(await anna.GetAsync(Url("/affiliate/partner/conversions")));
        Assert.Equal("order-a", Assert.Single(own.GetProperty("items").EnumerateArray()).GetProperty("id").GetString());
        var foreign = await anna.GetAsync(Url($"/affiliate/partner/payouts/{bensPayout}/statement"));
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);

        var all = await JsonAsync(await world.Host.AdminClient().GetAsync(Url("/affiliate/admin/payouts")));
        Assert.Equal(2, all.GetProperty("items").GetArrayLength());
        var anonymous = await world.Host.Client.GetAsync(Url("/affiliate/admin/payouts"));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
