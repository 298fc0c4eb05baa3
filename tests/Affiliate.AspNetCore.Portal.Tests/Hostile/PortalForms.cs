using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Hostile;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests.Hostile;

/// <summary>Every POST form of the portal and the admin, found on their pages and in routing.</summary>
public static class PortalForms
{
    /// <summary>
    /// What makes every form show: a pending applicant carl (approve and decline), a link of anna's (deactivate) and
    /// a sale fraud holds (review).
    /// </summary>
    public static async Task SeedAsync(PortalWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        await world.Host.InScopeAsync(async services =>
        {
            await services
                .GetRequiredService<PartnerDirectory>()
                .RegisterAsync(
                    new PartnerApplication
                    {
                        Id = new("carl"),
                        Name = "carl",
                        ReferralCodes = ["CARL"],
                    }
                );
            return await services
                .GetRequiredService<PartnerLinks>()
                .CreateAsync(
                    new PartnerLinkRequest
                    {
                        PartnerId = new("anna"),
                        Destination = "/kettles",
                        Id = "k1",
                    }
                );
        });
        await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);
    }

    /// <summary>
    /// The forms on the pages each user sees, and for each POST route of the portal that no page showed, one made up
    /// of the route and the fields forms have.
    /// </summary>
    public static async Task<List<PortalForm>> FindAsync(PortalWorld world, Dictionary<string, PortalSession> users)
    {
        var pages = new (string User, string Url)[]
        {
            ("anna", "/partners"),
            ("anna", "/partners/links"),
            ("anna", "/partners/payouts"),
            ("newbie", "/partners/apply"),
            ("admin", "/affiliate-admin"),
            ("admin", "/affiliate-admin/partners"),
            ("admin", "/affiliate-admin/partners/anna"),
            ("admin", "/affiliate-admin/partners/carl"),
            ("admin", "/affiliate-admin/plans"),
            ("admin", "/affiliate-admin/reviews"),
            ("admin", "/affiliate-admin/payouts"),
        };
        var forms = new List<PortalForm>();
        foreach (var (user, url) in pages)
        {
            var page = await PortalHost.PageAsync(users[user].Client, url);
            foreach (var form in page.QuerySelectorAll("form").OfType<IHtmlFormElement>())
            {
                if (!string.Equals(form.Method, "post", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var fields = form.QuerySelectorAll("input[name], select[name], textarea[name]")
                    .Select(f =>
                        (
                            f.GetAttribute("name")!,
                            f switch
                            {
                                IHtmlInputElement input => input.Value,
                                IHtmlTextAreaElement area => area.Value,
                                IHtmlSelectElement select => select.Value ?? "",
                                _ => "",
                            }
                        )
                    )
                    .ToList();
                forms.Add(new PortalForm(user, form.GetAttribute("action")!, fields));
            }
        }

        var routes = ((IEndpointRouteBuilder)world.Host.App)
            .DataSources.SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.Contains("POST") == true)
            .Select(e => "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'))
            .Where(p =>
                p.StartsWith(PortalHost.Partners, StringComparison.Ordinal)
                || p.StartsWith(PortalHost.Admin, StringComparison.Ordinal)
            )
            .Distinct()
            .ToList();
        foreach (var route in routes)
        {
            var filled = HostileRoutes.Fill(route, p =>
                p.Contains("id", StringComparison.OrdinalIgnoreCase) ? "anna" : "x"
            );
            if (forms.Any(f => Matches(route, f.Action)))
            {
                continue;
            }

            var user = route.StartsWith(PortalHost.Admin, StringComparison.Ordinal) ? "admin" : "anna";
            forms.Add(new PortalForm(user, filled, [("reason", "r"), ("reference", "ref"), ("version", "1")]));
        }

        return forms;
    }

    private static bool Matches(string route, string action)
    {
        var routeParts = route.Split('/');
        var actionParts = action.Split('?')[0].Split('/');
        return routeParts.Length == actionParts.Length
            && routeParts.Zip(actionParts).All(p => p.First.StartsWith('{') || p.First == p.Second);
    }
}

/// <summary>A POST form: who sees it, where it posts, its fields with the values the page filled in.</summary>
public sealed record PortalForm(string User, string Action, IReadOnlyList<(string Name, string Value)> Fields);

/// <summary>A signed-in user's antiforgery pair, read once from a page: the cookie and the hidden field.</summary>
public sealed record PortalSession(HttpClient Client, string TokenField, string Token, string Cookie)
{
    /// <summary>Reads the pair from the page at <paramref name="url"/>.</summary>
    public static async Task<PortalSession> OpenAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        var page = await PortalHost.ParseAsync(response);
        var field =
            page.QuerySelector("form input[type=hidden][name^='__']") as IHtmlInputElement
            ?? throw new InvalidOperationException($"{url} has no antiforgery field");
        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]);
        return new PortalSession(client, field.Name!, field.Value, string.Join("; ", cookies));
    }
}
