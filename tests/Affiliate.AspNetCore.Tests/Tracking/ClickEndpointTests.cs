using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>MapAffiliateTracking: the first-party script and click endpoint for sites without the middleware.</summary>
public sealed class ClickEndpointTests
{
    private const string Blog = "https://blog.example";
    private static readonly Uri Clicks = new("/affiliate/clicks", UriKind.Relative);

    [Fact]
    public async Task A_click_from_an_allowed_origin_is_recorded_and_answers_the_visitor_and_click_ids_with_cors()
    {
        await using var host = await TrackingHost.StartAsync(web => web.Tracking.AllowedOrigins.Add(Blog + "/"));
        using var client = host.BrowserClient();

        var response = await PostAsync(
            client,
            """
            {"code":"ANNA10","subIds":["spring"],"landingUrl":"https://blog.example/shoes?ref=ANNA10","referrer":null}
            """,
            Blog
        );

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Blog, response.Headers.GetValues(HeaderNames.AccessControlAllowOrigin).Single());
        Assert.Equal("true", response.Headers.GetValues(HeaderNames.AccessControlAllowCredentials).Single());
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var visitorId = answer.GetProperty("visitorId").GetString();
        var clickId = answer.GetProperty("clickId").GetString();
        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal(clickId, click.Id.Value);
        Assert.Equal(visitorId, click.VisitorId);
        Assert.Equal(["spring"], click.SubIds);
        Assert.Equal("https://blog.example/shoes?ref=ANNA10", click.LandingUrl);

        // The page sends the kept visitor id back: the next click is the same visitor's.
        var again = await PostAsync(client, $$"""{"code":"ANNA10","visitorId":"{{visitorId}}"}""", Blog);
        Assert.Equal(
            visitorId,
            (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitorId").GetString()
        );
    }

    [Fact]
    public async Task The_preflight_of_an_allowed_origin_is_answered_and_a_foreign_origin_gets_no_cors_headers()
    {
        await using var host = await TrackingHost.StartAsync(web => web.Tracking.AllowedOrigins.Add(Blog));
        using var client = host.BrowserClient();

        var allowed = await PreflightAsync(client, Blog);
        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(Blog, allowed.Headers.GetValues(HeaderNames.AccessControlAllowOrigin).Single());
        Assert.Contains(
            "POST",
            allowed.Headers.GetValues(HeaderNames.AccessControlAllowMethods).Single(),
            StringComparison.Ordinal
        );

        var foreignPreflight = await PreflightAsync(client, "https://evil.example");
        Assert.False(foreignPreflight.Headers.Contains(HeaderNames.AccessControlAllowOrigin));

        var foreign = await PostAsync(client, """{"code":"ANNA10"}""", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.False(foreign.Headers.Contains(HeaderNames.AccessControlAllowOrigin));
        Assert.Equal("origin_not_allowed", await CodeAsync(foreign));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task The_site_s_own_pages_may_post_without_configuring_an_origin()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        var response = await PostAsync(client, """{"code":"ANNA10"}""", "http://localhost");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await host.ClicksAsync());
    }

    [Theory]
    [InlineData("application/json", "{\"code\":", 400, "invalid_request")]
    [InlineData("application/json", "{}", 400, "invalid_request")]
    [InlineData("application/json", "{\"code\":null}", 400, "invalid_request")]
    [InlineData("text/plain", "{\"code\":\"ANNA10\"}", 415, "unsupported_media_type")]
    [InlineData("application/json", "{\"code\":\"ANNA10'; DROP TABLE clicks;--\"}", 400, "invalid_request")]
    [InlineData(
        "application/json",
        "{\"code\":\"ANNA10\",\"subIds\":[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\"]}",
        400,
        "invalid_request"
    )]
    [InlineData("application/json", "{\"code\":\"ANNA10\",\"subIds\":[\"a\\u0000b\"]}", 400, "invalid_request")]
    [InlineData("application/json", "{\"code\":\"ANNA10\",\"visitorId\":\"<script>\"}", 400, "invalid_request")]
    [InlineData("application/json", "{\"code\":\"ANNA10\",\"landingUrl\":\"javascript-ish\"}", 400, "invalid_request")]
    [InlineData("application/json", "{\"code\":\"NOBODY\"}", 404, "unknown_referral_code")]
    public async Task A_bad_body_is_a_problem_answer_and_writes_nothing(
        string mediaType,
        string body,
        int status,
        string code
    )
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        using var content = new StringContent(body, Encoding.UTF8, mediaType);

        var response = await client.PostAsync(Clicks, content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, await CodeAsync(response));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task An_oversized_body_is_refused_with_413()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        var response = await PostAsync(
            client,
            $$"""{"code":"ANNA10","referrer":"https://x.example/{{new string('a', 9000)}}"}""",
            null
        );

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await CodeAsync(response));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_bot_gets_a_visitor_id_but_no_click_is_recorded()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.Client;
        client.DefaultRequestHeaders.UserAgent.ParseAdd("python-requests/2.31");

        var response = await PostAsync(client, """{"code":"ANNA10"}""", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("clickId").ValueKind);
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task The_script_names_the_click_endpoint_and_the_referral_parameters()
    {
        await using var host = await TrackingHost.StartAsync(web => web.Tracking.ReferralAliases.Add("via"));

        var response = await host.Client.GetAsync(new Uri("/affiliate/track.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"endpoint\":\"http://localhost/affiliate/clicks\"", script, StringComparison.Ordinal);
        Assert.Contains("\"params\":[\"ref\",\"via\"]", script, StringComparison.Ordinal);
        Assert.Contains("\"cookie\":\"aff_vid\"", script, StringComparison.Ordinal);
        Assert.Contains("\"attributionCookie\":\"aff_attr\"", script, StringComparison.Ordinal);
        Assert.DoesNotContain("{CONFIG}", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoints_carry_names_tags_and_answers_for_an_openapi_document()
    {
        await using var host = await TrackingHost.StartAsync();

        var endpoints = host
            .Services.GetRequiredService<EndpointDataSource>()
            .Endpoints.Where(e => e.Metadata.GetMetadata<IEndpointNameMetadata>() is not null)
            .ToDictionary(e => e.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName);

        var click = endpoints["AffiliateRecordClick"];
        Assert.Contains("Affiliate tracking", click.Metadata.GetMetadata<ITagsMetadata>()!.Tags);
        var answers = click.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>();
        Assert.Contains(answers, a => a.StatusCode == 200 && a.Type == typeof(TrackedClick));
        Assert.Contains(answers, a => a.StatusCode == 400 && a.ContentTypes.Contains("application/problem+json"));
        Assert.NotNull(endpoints["AffiliateTrackingScript"].Metadata.GetMetadata<ITagsMetadata>());
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string json, string? origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Clicks)
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        if (origin is not null)
        {
            request.Headers.Add(HeaderNames.Origin, origin);
        }

        return await client.SendAsync(request);
    }

    private static async Task<HttpResponseMessage> PreflightAsync(HttpClient client, string origin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Clicks);
        request.Headers.Add(HeaderNames.Origin, origin);
        request.Headers.Add(HeaderNames.AccessControlRequestMethod, "POST");
        request.Headers.Add(HeaderNames.AccessControlRequestHeaders, "content-type");
        return await client.SendAsync(request);
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
