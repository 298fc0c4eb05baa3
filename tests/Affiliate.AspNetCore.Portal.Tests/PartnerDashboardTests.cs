using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;

namespace Affiliate.AspNetCore.Portal.Tests;

public sealed class PartnerDashboardTests
{
    [Fact]
    public async Task The_dashboard_draws_the_partners_last_30_days_and_balance()
    {
        await using var portal = await PortalHost.StartAsync();
        await portal.Host.AddPartnerAsync("anna", "ANNA");

        var page = await PortalHost.PageAsync(portal.Host.PartnerClient("anna"), "/partners/");

        Assert.Equal("Dashboard", page.QuerySelector("main h1")!.TextContent);
        Assert.Equal(3, page.QuerySelectorAll("figure.ap-chart svg").Length);
        Assert.Equal(30, page.QuerySelectorAll("figure.ap-chart")[0].QuerySelectorAll("tbody tr").Length);
        Assert.NotNull(page.QuerySelector("link[rel=stylesheet][href^='/partners/assets/portal.css']"));
    }

    [Fact]
    public async Task An_anonymous_visitor_gets_the_hosts_challenge()
    {
        await using var portal = await PortalHost.StartAsync();

        using var response = await portal.Host.Client.GetAsync(new Uri("/partners/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
