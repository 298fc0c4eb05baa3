using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;

namespace Affiliate.AspNetCore.Portal.Tests;

/// <summary>The portal and the admin on the PostgreSQL server: every page answers as on SQLite.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresPortalTests(PostgresServer server)
{
    [PostgresFact]
    public async Task Every_partner_and_admin_page_renders_and_a_partner_still_cannot_see_another_partners_data()
    {
        var database = await server.CreateDatabaseAsync();
        await using var world = await PortalWorld.StartAsync(configure: setup =>
            setup.PostgresConnectionString = database
        );
        await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);
        using var created = await PortalHost.SubmitAsync(
            world.Partner("anna"),
            "/partners/links",
            "form[action='/partners/links']",
            new Dictionary<string, string> { ["destination"] = "/tea", ["sub1"] = "pg" }
        );
        Assert.Equal(HttpStatusCode.SeeOther, created.StatusCode);

        var partner = await CrawlTests.CrawlAsync(world.Partner("anna"), "/partners/");
        var admin = await CrawlTests.CrawlAsync(world.Admin(), "/affiliate-admin/");

        Assert.Contains("/partners/conversions/order-a", partner);
        Assert.Contains("/affiliate-admin/reviews", admin);
        await PortalHost.PageAsync(world.Partner("anna"), "/partners/conversions/order-b", HttpStatusCode.NotFound);
        var page = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/");
        // The 30 days hold order-c (50 EUR) and the held order-fast (80 EUR).
        Assert.Equal("130.00 EUR", page.QuerySelector("[data-metric=revenue]")!.TextContent);
    }
}
