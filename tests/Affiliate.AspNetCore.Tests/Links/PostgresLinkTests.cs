using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;

namespace Affiliate.AspNetCore.Tests.Links;

/// <summary>The links' HTTP paths on the real PostgreSQL server: the same answers as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLinkTests(PostgresServer server)
{
    [PostgresFact]
    public async Task A_link_created_over_the_api_redirects_records_its_click_and_stays_its_partners_own()
    {
        await using var host = await LinkTestHost.StartAsync(postgres: await server.CreateDatabaseAsync());
        var links = new Uri("/affiliate/partner/links", UriKind.Relative);

        var created = await host.PartnerClient("anna")
            .PostAsJsonAsync(
                links,
                new
                {
                    id = "pg-1",
                    destination = "/pg?x=1",
                    sub1 = "mail",
                }
            );
        var replay = await host.PartnerClient("anna")
            .PostAsJsonAsync(
                links,
                new
                {
                    id = "pg-1",
                    destination = "/pg?x=1",
                    sub1 = "mail",
                }
            );
        var redirect = await host.Client.GetAsync(new Uri("/go/anna/pg-1?sub2=b", UriKind.Relative));
        var foreign = await host.Client.GetAsync(new Uri("/go/BOB/pg-1", UriKind.Relative));
        var bobDeletes = await host.PartnerClient("bob").DeleteAsync(new Uri(links + "/pg-1", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal("/pg?x=1", redirect.Headers.Location?.OriginalString);
        Assert.Equal(LinkTestHost.DefaultPage, foreign.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, bobDeletes.StatusCode);
        Assert.Equal(
            "unknown_link",
            (await bobDeletes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
        );
        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal("pg-1", click.LinkId);
        Assert.Equal(["mail", "b"], click.SubIds);
        Assert.True((await host.FindLinkAsync("anna", "pg-1"))?.Active);
    }
}
