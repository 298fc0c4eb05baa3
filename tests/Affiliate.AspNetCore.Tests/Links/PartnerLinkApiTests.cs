using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;

namespace Affiliate.AspNetCore.Tests.Links;

/// <summary>
/// The partner API for links: the signed-in partner's own links only, idempotent creation, destinations limited to
/// the site and allowed hosts, and every bad request a problem answer that writes nothing.
/// </summary>
public sealed class PartnerLinkApiTests
{
    private static readonly Uri LinksUrl = new("/affiliate/partner/links", UriKind.Relative);

    [Fact]
    public async Task A_partner_creates_a_link_and_the_same_request_again_is_a_replay_while_other_content_conflicts()
    {
        await using var host = await LinkTestHost.StartAsync();
        var anna = host.PartnerClient("anna");
        var body = new
        {
            id = "spring-sale",
            destination = "https://partner-shop.example/spring",
            sub1 = "ig",
            sub3 = "story",
            name = "Spring",
        };

        var created = await anna.PostAsJsonAsync(LinksUrl, body);
        var replay = await anna.PostAsJsonAsync(LinksUrl, body);
        var conflict = await anna.PostAsJsonAsync(LinksUrl, body with { destination = "/other" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/affiliate/partner/links/spring-sale", created.Headers.Location?.OriginalString);
        var link = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("spring-sale", link.GetProperty("id").GetString());
        Assert.Equal("https://partner-shop.example/spring", link.GetProperty("destination").GetString());
        Assert.Equal("story", link.GetProperty("sub3").GetString());
        Assert.True(link.GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        await AssertProblemAsync(conflict, HttpStatusCode.Conflict, "idempotency_conflict");
        Assert.Equal(
            "https://partner-shop.example/spring",
            (await host.FindLinkAsync("anna", "spring-sale"))?.Destination
        );
    }

    [Fact]
    public async Task A_created_link_without_an_id_gets_a_short_one_and_leads_where_it_was_set()
    {
        await using var host = await LinkTestHost.StartAsync();

        var created = await host.PartnerClient("anna").PostAsJsonAsync(LinksUrl, new { destination = "/welcome-anna" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var redirect = await host.Client.GetAsync(new Uri($"/go/ANNA/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(PartnerLinks.IsValidId(id));
        Assert.Equal("/welcome-anna", redirect.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("https://evil.com/")]
    [InlineData("https://partner-shop.example.evil.com/")]
    [InlineData("http://shop.example@evil.com/")]
    public async Task A_destination_on_a_host_that_is_not_allowed_is_refused_and_writes_nothing(string destination)
    {
        await using var host = await LinkTestHost.StartAsync();

        var response = await host.PartnerClient("anna").PostAsJsonAsync(LinksUrl, new { destination });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var code = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
        Assert.Contains(code, new[] { "destination_not_allowed", "invalid_request" });
        Assert.Empty(await host.LinksOfAsync("anna"));
    }

    public static TheoryData<string, string, int, string> BadBodies =>
        new()
        {
            { "application/json", "{\"destination\":", 400, "invalid_request" },
            { "application/json", "{}", 400, "invalid_request" },
            { "application/json", "{\"destination\":null}", 400, "invalid_request" },
            { "application/json", "{\"destination\":42}", 400, "invalid_request" },
            { "application/json", "[]", 400, "invalid_request" },
            { "application/json", "null", 400, "invalid_request" },
            { "text/plain", "{\"destination\":\"/x\"}", 415, "unsupported_media_type" },
            { "application/json", "{\"destination\":\"//evil.com\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"javascript:alert(1)\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"https:evil.com\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"/\\\\evil.com\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"/x\",\"id\":\"a/b\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"/x\",\"id\":\"'; DROP TABLE x;--\"}", 400, "invalid_request" },
            { "application/json", "{\"destination\":\"/x\",\"sub1\":\"a\\u0000b\"}", 400, "invalid_request" },
            {
                "application/json",
                "{\"destination\":\"/x\",\"sub2\":\"" + new string('s', 129) + "\"}",
                400,
                "invalid_request"
            },
            {
                "application/json",
                "{\"destination\":\"/x\",\"name\":\"" + new string('n', 201) + "\"}",
                400,
                "invalid_request"
            },
            { "application/json", "{\"destination\":\"/" + new string('x', 70_000) + "\"}", 413, "payload_too_large" },
        };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_a_problem_answer_and_writes_nothing(
        string mediaType,
        string body,
        int status,
        string code
    )
    {
        await using var host = await LinkTestHost.StartAsync();
        using var content = new StringContent(body, Encoding.UTF8, mediaType);

        var response = await host.PartnerClient("anna").PostAsync(LinksUrl, content);

        await AssertProblemAsync(response, (HttpStatusCode)status, code);
        Assert.Empty(await host.LinksOfAsync("anna"));
    }

    [Fact]
    public async Task Without_a_user_the_answer_is_401_and_a_user_who_is_no_partner_gets_403()
    {
        await using var host = await LinkTestHost.StartAsync();

        await AssertProblemAsync(
            await host.Client.GetAsync(LinksUrl),
            HttpStatusCode.Unauthorized,
            "not_authenticated"
        );
        await AssertProblemAsync(
            await host.Client.PostAsJsonAsync(LinksUrl, new { destination = "/" }),
            HttpStatusCode.Unauthorized,
            "not_authenticated"
        );
        await AssertProblemAsync(await host.AdminClient().GetAsync(LinksUrl), HttpStatusCode.Forbidden, "not_allowed");
        await AssertProblemAsync(
            await host.AdminClient().DeleteAsync(new Uri(LinksUrl + "/x", UriKind.Relative)),
            HttpStatusCode.Forbidden,
            "not_allowed"
        );
    }

    [Fact]
    public async Task Partner_b_never_sees_nor_deactivates_partner_as_links_even_with_guessed_ids_or_swapped_cursors()
    {
        await using var host = await LinkTestHost.StartAsync();
        var (anna, bob) = (host.PartnerClient("anna"), host.PartnerClient("bob"));
        for (var i = 0; i < 3; i++)
        {
            host.Advance(Duration.FromMinutes(1));
            (
                await anna.PostAsJsonAsync(LinksUrl, new { id = $"anna-{i}", destination = "/anna-secret-page" })
            ).EnsureSuccessStatusCode();
        }

        var annasFirstPage = await anna.GetFromJsonAsync<JsonElement>(new Uri(LinksUrl + "?size=1", UriKind.Relative));
        var cursor = annasFirstPage.GetProperty("nextCursor").GetString();
        var swapped = await bob.GetAsync(
            new Uri(LinksUrl + "?cursor=" + Uri.EscapeDataString(cursor!), UriKind.Relative)
        );
        var guessed = await bob.GetAsync(new Uri(LinksUrl + "/anna-1", UriKind.Relative));
        var deleted = await bob.DeleteAsync(new Uri(LinksUrl + "/anna-1", UriKind.Relative));
        var bobsList = await bob.GetFromJsonAsync<JsonElement>(LinksUrl);

        await AssertProblemAsync(swapped, HttpStatusCode.BadRequest, "invalid_cursor");
        await AssertProblemAsync(guessed, HttpStatusCode.NotFound, "unknown_link");
        await AssertProblemAsync(deleted, HttpStatusCode.NotFound, "unknown_link");
        Assert.DoesNotContain("anna-secret-page", await guessed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, bobsList.GetProperty("items").GetArrayLength());
        Assert.True((await host.FindLinkAsync("anna", "anna-1"))?.Active);
    }

    [Fact]
    public async Task A_partner_pages_through_their_links_newest_first_and_bad_page_parameters_are_problems()
    {
        await using var host = await LinkTestHost.StartAsync();
        var anna = host.PartnerClient("anna");
        for (var i = 0; i < 5; i++)
        {
            host.Advance(Duration.FromMinutes(1));
            await anna.PostAsJsonAsync(LinksUrl, new { id = $"l-{i}", destination = "/" });
        }

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var query = "?size=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await anna.GetFromJsonAsync<JsonElement>(new Uri(LinksUrl + query, UriKind.Relative));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("id").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        } while (cursor is not null);

        Assert.Equal(["l-4", "l-3", "l-2", "l-1", "l-0"], seen);
        await AssertProblemAsync(
            await anna.GetAsync(new Uri(LinksUrl + "?size=abc", UriKind.Relative)),
            HttpStatusCode.BadRequest,
            "invalid_request"
        );
        await AssertProblemAsync(
            await anna.GetAsync(new Uri(LinksUrl + "?size=0", UriKind.Relative)),
            HttpStatusCode.BadRequest,
            "invalid_request"
        );
        await AssertProblemAsync(
            await anna.GetAsync(new Uri(LinksUrl + "?cursor=not-a-cursor", UriKind.Relative)),
            HttpStatusCode.BadRequest,
            "invalid_cursor"
        );
    }

    [Fact]
    public async Task A_partner_deactivates_their_link_and_it_then_leads_to_the_default_page()
    {
        await using var host = await LinkTestHost.StartAsync();
        var anna = host.PartnerClient("anna");
        await anna.PostAsJsonAsync(LinksUrl, new { id = "old", destination = "/old" });

        var deleted = await anna.DeleteAsync(new Uri(LinksUrl + "/old", UriKind.Relative));
        var again = await anna.DeleteAsync(new Uri(LinksUrl + "/old", UriKind.Relative));
        var shown = await anna.GetFromJsonAsync<JsonElement>(new Uri(LinksUrl + "/old", UriKind.Relative));
        var redirect = await host.Client.GetAsync(new Uri("/go/ANNA/old", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.False((await deleted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("active").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.False(shown.GetProperty("active").GetBoolean());
        Assert.Equal(LinkTestHost.DefaultPage, redirect.Headers.Location?.OriginalString);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }
}
