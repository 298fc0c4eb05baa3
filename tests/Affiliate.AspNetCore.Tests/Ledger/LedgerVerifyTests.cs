using System.Net;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Api;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Ledger;

/// <summary>
/// <c>GET /affiliate/admin/partners/{partnerId}/ledger/verify</c>: intact after the ledger-seal job, the edited line
/// named once a stored amount is changed behind the library's back, 404 for an unknown partner, admins only.
/// </summary>
public sealed class LedgerVerifyTests
{
    private static Uri Verify(string partner) => Url($"/affiliate/admin/partners/{partner}/ledger/verify");

    private static Task<JobRun> SealAsync(ApiWorld world) =>
        world
            .Host.Services.GetServices<IAffiliateJob>()
            .Single(j => j.Name == LedgerSealJob.JobName)
            .RunOnceAsync(default)
            .AsTask();

    [Fact]
    public async Task A_sealed_ledger_verifies_intact_and_an_edited_amount_is_named()
    {
        await using var world = await StartAsync();
        var admin = world.Host.AdminClient();
        var before = await JsonAsync(await admin.GetAsync(Verify("anna")));
        Assert.Equal((0, 1, true), Counts(before));

        Assert.Equal(2, (await SealAsync(world)).Items);
        var intact = await admin.GetAsync(Verify("anna"));
        Assert.Equal(HttpStatusCode.OK, intact.StatusCode);
        var body = await JsonAsync(intact);
        Assert.Equal("anna", body.GetProperty("partnerId").GetString());
        Assert.Equal((1, 0, true), Counts(body));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("broken").ValueKind);

        var line = await world.InScopeAsync(async services =>
            Assert.Single(
                await services
                    .GetRequiredService<ILedgerStore>()
                    .QueryLinesAsync(new LineQuery { PartnerId = new PartnerId("anna") }, default)
            )
        );
        await world.InScopeAsync(async services =>
        {
            var context = services.GetRequiredService<TestShopContext>();
            var table = context.Model.FindEntityType(typeof(CommissionLineRow))!.GetTableName();
            var sql = "UPDATE \"" + table + "\" SET amount_minor = amount_minor * 10 WHERE id = {0}";
            return await context.Database.ExecuteSqlRawAsync(sql, line.Id.Value);
        });

        var broken = await JsonAsync(await admin.GetAsync(Verify("anna")));
        Assert.Equal((1, 0, false), Counts(broken));
        Assert.Equal(line.Id.Value, broken.GetProperty("broken").GetProperty("lineId").GetString());
        Assert.Equal(1, broken.GetProperty("broken").GetProperty("position").GetInt64());
        Assert.Equal("line_edited", broken.GetProperty("broken").GetProperty("reason").GetString());
        Assert.True((await JsonAsync(await admin.GetAsync(Verify("ben")))).GetProperty("intact").GetBoolean());
    }

    [Fact]
    public async Task An_unknown_partner_is_a_404_problem_and_partners_are_refused()
    {
        await using var world = await StartAsync();

        var unknown = await world.Host.AdminClient().GetAsync(Verify("nobody"));
        var partner = await world.Host.PartnerClient("anna").GetAsync(Verify("anna"));

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("unknown_partner", (await JsonAsync(unknown)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
    }

    private static (long Sealed, long Unsealed, bool Intact) Counts(JsonElement body) =>
        (
            body.GetProperty("sealedLines").GetInt64(),
            body.GetProperty("unsealedLines").GetInt64(),
            body.GetProperty("intact").GetBoolean()
        );
}
