using System.Net;
using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Portal.Tests.Hostile;

/// <summary>
/// Issue 11's portal bullets as fixed cases: CSRF on every POST form (no token, a garbage token, another user's token
/// or whole antiforgery pair) and injection strings stored verbatim but shown encoded on every page.
/// </summary>
public sealed class PortalSecurityTests
{
    private const string Script = "<script>alert('xss')</script>";

    [Fact]
    public async Task Every_post_form_refuses_a_missing_garbage_or_other_users_token_and_writes_nothing()
    {
        await using var world = await PortalWorld.StartAsync();
        await PortalForms.SeedAsync(world);
        var users = new Dictionary<string, PortalSession>(StringComparer.Ordinal)
        {
            ["anna"] = await PortalSession.OpenAsync(world.Partner("anna"), "/partners/links"),
            ["ben"] = await PortalSession.OpenAsync(world.Partner("ben"), "/partners/links"),
            ["newbie"] = await PortalSession.OpenAsync(world.Partner("newbie"), "/partners/apply"),
            ["admin"] = await PortalSession.OpenAsync(world.Admin(), "/affiliate-admin/payouts"),
        };
        var forms = await PortalForms.FindAsync(world, users);
        var before = await RowCounts.ReadAsync(world.Host);
        var refused = 0;

        foreach (var form in forms)
        {
            var own = users[form.User];
            // The other user: a partner's form with the admin's pair, everyone else's with anna's (or ben's).
            var other = users[
                form.User == "admin" ? "anna"
                : form.User == "anna" ? "ben"
                : "anna"
            ];
            foreach (
                var (mode, token, cookie) in new (string, string?, string?)[]
                {
                    ("no token, no cookie", null, null),
                    ("no token", null, own.Cookie),
                    ("garbage token", "CfDJ8garbage", own.Cookie),
                    ("other user's token", other.Token, own.Cookie),
                    ("other user's token and cookie", other.Token, other.Cookie),
                }
            )
            {
                var fields = form
                    .Fields.Where(f => f.Name != own.TokenField)
                    .Select(f => KeyValuePair.Create(f.Name, f.Value))
                    .ToList();
                if (token is not null)
                {
                    fields.Add(KeyValuePair.Create(own.TokenField, token));
                }

                using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(form.Action, UriKind.Relative))
                {
                    Content = new FormUrlEncodedContent(fields),
                };
                if (cookie is not null)
                {
                    request.Headers.Add("Cookie", cookie);
                }

                using var response = await own.Client.SendAsync(request);
                Assert.True(
                    response.StatusCode == HttpStatusCode.BadRequest,
                    $"{form.Action} as {form.User} with {mode}: {response.StatusCode}"
                );
                Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
                refused++;
            }
        }

        Assert.True(refused >= 60, $"only {refused} forged posts");
        Assert.Equal(before, await RowCounts.ReadAsync(world.Host));

        // The same forms with the user's own pair are not refused as forged (the pair above was the only fault).
        using var real = await PortalHost.SubmitAsync(
            world.Admin(),
            "/affiliate-admin/payouts",
            "form[action$='/run']"
        );
        Assert.Equal(HttpStatusCode.SeeOther, real.StatusCode);
    }

    [Fact]
    public async Task Markup_in_names_and_links_is_stored_verbatim_and_shown_encoded_on_every_page()
    {
        await using var world = await PortalWorld.StartAsync();
        await world.Host.InScopeAsync(async services =>
        {
            (
                await services
                    .GetRequiredService<PartnerDirectory>()
                    .RegisterAsync(
                        new PartnerApplication
                        {
                            Id = new("mallory"),
                            Name = "Mallory " + Script,
                            ReferralCodes = ["MALLORY"],
                            AutoApprove = true,
                        }
                    )
            ).GetValueOrThrow();
            return (
                await services
                    .GetRequiredService<PartnerLinks>()
                    .CreateAsync(
                        new PartnerLinkRequest
                        {
                            PartnerId = new("mallory"),
                            Destination = "/kettles?x=\"><svg/onload=alert(1)>",
                            Id = "m1",
                            Name = "Link " + Script,
                        }
                    )
            ).GetValueOrThrow();
        });
        await world.SaleAsync("MALLORY", "visitor-m", "order-m", 40m, null);

        // Stored as given: encoding is the page's job, not the store's.
        var stored = await world.Host.InScopeAsync(async services =>
            await services.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("mallory"))
        );
        Assert.Equal("Mallory " + Script, stored!.Name);

        var mallory = world.Partner("mallory");
        var admin = world.Admin();
        var shown = 0;
        foreach (
            var (client, url) in new[]
            {
                (mallory, "/partners"),
                (mallory, "/partners/links"),
                (mallory, "/partners/conversions"),
                (mallory, "/partners/conversions/order-m"),
                (mallory, "/partners/payouts"),
                (mallory, "/partners/plan"),
                (admin, "/affiliate-admin"),
                (admin, "/affiliate-admin/partners"),
                (admin, "/affiliate-admin/partners/mallory"),
                (admin, "/affiliate-admin/reviews"),
                (admin, "/affiliate-admin/payouts"),
            }
        )
        {
            using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            Assert.DoesNotContain("<script>alert", body, StringComparison.Ordinal);
            Assert.DoesNotContain("<svg/onload", body, StringComparison.Ordinal);
            shown += body.Contains("&lt;script&gt;", StringComparison.Ordinal) ? 1 : 0;
        }

        // The values are on the pages (encoded), not merely left out.
        Assert.True(shown >= 3, $"the markup shows encoded on only {shown} pages");
    }
}
