using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;

namespace Affiliate.AspNetCore.Portal.Tests;

/// <summary>
/// Follows every link and form action of the pages a partner and an admin reach from the start pages: none answers
/// 404 or an error, and every page is a whole document with one main landmark, one h1 and labelled fields.
/// </summary>
public sealed class CrawlTests
{
    [Fact]
    public async Task No_partner_page_links_to_a_route_that_is_missing()
    {
        await using var world = await PortalWorld.StartAsync();
        await PortalHost.SubmitAsync(
            world.Partner("anna"),
            "/partners/links",
            "form[action='/partners/links']",
            new Dictionary<string, string> { ["destination"] = "/tea" }
        );

        var visited = await CrawlAsync(world.Partner("anna"), "/partners/");

        Assert.Contains("/partners/links", visited);
        Assert.Contains("/partners/conversions/order-a", visited);
        Assert.Contains($"/partners/payouts/{world.PayoutOf("anna").Id}", visited);
        Assert.Contains("/partners/plan", visited);
    }

    [Fact]
    public async Task No_admin_page_links_to_a_route_that_is_missing()
    {
        await using var world = await PortalWorld.StartAsync();
        await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);

        var visited = await CrawlAsync(world.Admin(), "/affiliate-admin/");

        Assert.Contains("/affiliate-admin/partners/anna", visited);
        Assert.Contains("/affiliate-admin/reviews", visited);
        Assert.Contains("/affiliate-admin/payouts.csv", visited);
        Assert.Contains("/affiliate-admin/plans", visited);
    }

    /// <summary>Visits every page reachable from <paramref name="start"/>, checking each as it goes.</summary>
    internal static async Task<HashSet<string>> CrawlAsync(HttpClient client, string start)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0 && visited.Count < 200)
        {
            var url = queue.Dequeue();
            if (!visited.Add(url))
            {
                continue;
            }

            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {response.StatusCode}");
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            var page = await PortalHost.ParseAsync(response);
            Assert.Single(page.QuerySelectorAll("main"));
            Assert.Single(page.QuerySelectorAll("h1"));
            Assert.NotEmpty(page.Title ?? "");
            foreach (var field in page.QuerySelectorAll("input:not([type=hidden]), select, textarea"))
            {
                // Every field has a label (for=id), so screen readers name it.
                var id = field.GetAttribute("id");
                Assert.True(
                    id is not null && page.QuerySelector($"label[for='{id}']") is not null,
                    $"{url}: a field without a label: {field.OuterHtml}"
                );
            }

            foreach (var form in page.QuerySelectorAll("form[method=post]"))
            {
                // The post route exists: a GET on it is the page (200) or 405 (method not allowed), never 404.
                var action = form.GetAttribute("action")!;
                using var probe = await client.GetAsync(new Uri(action, UriKind.Relative));
                Assert.True(
                    probe.StatusCode is HttpStatusCode.OK or HttpStatusCode.MethodNotAllowed,
                    $"{url}: the form to {action} finds {probe.StatusCode}"
                );
            }

            foreach (var link in page.QuerySelectorAll("a[href], link[href], script[src]"))
            {
                var href = link.GetAttribute("href") ?? link.GetAttribute("src")!;
                if (href.StartsWith('#'))
                {
                    continue;
                }

                Assert.StartsWith("/", href, StringComparison.Ordinal);
                queue.Enqueue(href);
            }
        }

        return visited;
    }
}
