using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Links;

/// <summary>
/// <c>/go/{code}</c> and <c>/go/{code}/{link}</c>: a click recorded as the tracking middleware would, then a 302 to
/// the stored destination or an allowed <c>?to=</c>, and the default page for everything else, never an open redirect.
/// </summary>
public sealed class LinkRedirectTests
{
    [Fact]
    public async Task A_link_redirects_to_its_stored_destination_and_records_the_click_with_its_id_and_sub_ids()
    {
        await using var host = await LinkTestHost.StartAsync();
        var link = await host.CreateLinkAsync(
            new PartnerLinkRequest
            {
                PartnerId = new("anna"),
                Destination = "/shoes?size=42",
                Sub1 = "ig",
                Sub3 = "story",
            }
        );

        var response = await GetAsync(host, $"/go/ANNA/{link.Id}?sub1=ignored&sub2=q2&to=https://evil.com/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/shoes?size=42", response.Headers.Location?.OriginalString);
        Assert.True(response.Headers.CacheControl?.NoStore);
        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal(new PartnerId("anna"), click.PartnerId);
        Assert.Equal(link.Id, click.LinkId);
        Assert.Equal(["ig", "q2", "story"], click.SubIds);
    }

    [Theory]
    [InlineData("/pricing", "/pricing")]
    [InlineData("/caf%C3%A9?x=1", "/caf%C3%A9?x=1")]
    [InlineData("/café?q=süß", "/caf%C3%A9?q=s%C3%BC%C3%9F")]
    [InlineData("https://partner-shop.example/deal", "https://partner-shop.example/deal")]
    [InlineData("https://img.cdn.example/a", "https://img.cdn.example/a")]
    [InlineData("http://localhost/own-host", "http://localhost/own-host")]
    [InlineData("https://shop.example/sale", "https://shop.example/sale")]
    public async Task A_code_alone_redirects_to_an_allowed_to_and_records_the_click_without_a_link(
        string to,
        string location
    )
    {
        await using var host = await LinkTestHost.StartAsync();

        var response = await GetAsync(host, "/go/anna?sub1=news&to=" + Uri.EscapeDataString(to));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(location, response.Headers.Location?.OriginalString);
        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal(new PartnerId("anna"), click.PartnerId);
        Assert.Null(click.LinkId);
        Assert.Equal(["news"], click.SubIds);
    }

    public static TheoryData<string> OpenRedirects =>
        [
            "//evil.com",
            "///evil.com",
            "https://evil.com",
            "HTTPS://EVIL.COM/x",
            "/\\evil.com",
            "\\\\evil.com",
            "\\/evil.com",
            "https:evil.com",
            "https:/evil.com",
            "http:\\\\evil.com",
            "%2F%2Fevil.com",
            "/\t/evil.com",
            " //evil.com",
            "javascript:alert(document.cookie)",
            "JaVaScRiPt:alert(1)",
            "data:text/html;base64,PHNjcmlwdD4=",
            "https://shop.example@evil.com",
            "https://shop.example:443@evil.com/",
            "https://evil.com\\@shop.example",
            "https://evil.com#@shop.example",
            "https://shop.example.evil.com/",
            "https://evilcdn.example/",
            "https://cdn.example/",
            "ftp://partner-shop.example/",
            "evil.com",
        ];

    [Theory]
    [MemberData(nameof(OpenRedirects))]
    public async Task An_open_redirect_attempt_lands_on_the_default_page(string to)
    {
        await using var host = await LinkTestHost.StartAsync();

        var encoded = await GetAsync(host, "/go/ANNA?to=" + Uri.EscapeDataString(to));

        Assert.Equal(HttpStatusCode.Redirect, encoded.StatusCode);
        Assert.Equal(LinkTestHost.DefaultPage, encoded.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/go/ANNA?to=//evil.com")]
    [InlineData("/go/ANNA?to=/%5Cevil.com")]
    [InlineData("/go/ANNA?to=%252F%252Fevil.com")]
    [InlineData("/go/ANNA?to=https%3A%2F%2Fevil.com")]
    [InlineData("/go/ANNA?to=https://evil.com&to=/ok")]
    [InlineData("/go/ANNA?to=/%09/evil.com")]
    [InlineData("/go/ANNA?to=/%0D%0ALocation:%20https://evil.com")]
    public async Task Raw_and_doubly_encoded_query_variants_land_on_the_default_page(string url)
    {
        await using var host = await LinkTestHost.StartAsync();

        var response = await GetAsync(host, url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LinkTestHost.DefaultPage, response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_stored_destination_whose_host_is_not_allowed_lands_on_the_default_page()
    {
        // Stored through the core, which checks the shape only; the allow-list is checked again at redirect.
        await using var host = await LinkTestHost.StartAsync();
        var link = await host.CreateLinkAsync(
            new PartnerLinkRequest { PartnerId = new("anna"), Destination = "https://evil.com/phish" }
        );

        var response = await GetAsync(host, $"/go/ANNA/{link.Id}");

        Assert.Equal(LinkTestHost.DefaultPage, response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/go/NOBODY")]
    [InlineData("/go/NOBODY?to=/pricing")]
    [InlineData("/go/NOBODY/{link}")]
    [InlineData("/go/BOB/{link}")]
    [InlineData("/go/ANNA/no-such-link")]
    [InlineData("/go/ANNA/..%2F..%2Fetc")]
    [InlineData("/go/'%3B%20DROP%20TABLE%20partners%3B--")]
    [InlineData("/go/ANNA/'%20OR%201%3D1--")]
    [InlineData("/go/%01%0A")]
    [InlineData("/go/ANNA/%01")]
    public async Task An_unknown_code_or_a_link_that_is_not_the_codes_partners_lands_on_the_default_page(string path)
    {
        await using var host = await LinkTestHost.StartAsync();
        var link = await host.CreateLinkAsync(
            new PartnerLinkRequest { PartnerId = new("anna"), Destination = "/anna-page" }
        );

        var response = await GetAsync(host, path.Replace("{link}", link.Id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(LinkTestHost.DefaultPage, response.Headers.Location?.OriginalString);
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_deactivated_link_and_a_suspended_partner_land_on_the_default_page()
    {
        await using var host = await LinkTestHost.StartAsync();
        var anna = await host.CreateLinkAsync(new PartnerLinkRequest { PartnerId = new("anna"), Destination = "/a" });
        var bob = await host.CreateLinkAsync(new PartnerLinkRequest { PartnerId = new("bob"), Destination = "/b" });
        await host.InScopeAsync(async services =>
        {
            (await services.GetRequiredService<PartnerLinks>().DeactivateAsync(new("anna"), anna.Id)).GetValueOrThrow();
            return (await services.GetRequiredService<PartnerDirectory>().SuspendAsync(new("bob"))).GetValueOrThrow();
        });

        var inactive = await GetAsync(host, $"/go/ANNA/{anna.Id}");
        var suspended = await GetAsync(host, $"/go/BOB/{bob.Id}");

        Assert.Equal(LinkTestHost.DefaultPage, inactive.Headers.Location?.OriginalString);
        Assert.Equal(LinkTestHost.DefaultPage, suspended.Headers.Location?.OriginalString);
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_known_bot_is_redirected_but_not_counted_and_gets_no_cookie()
    {
        await using var host = await LinkTestHost.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/go/ANNA?to=/x", UriKind.Relative));
        request.Headers.UserAgent.ParseAdd("Googlebot/2.1 (+http://www.google.com/bot.html)");

        var response = await host.Client.SendAsync(request);

        Assert.Equal("/x", response.Headers.Location?.OriginalString);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task The_default_page_may_be_a_path_on_the_site()
    {
        await using var host = await LinkTestHost.StartAsync(web => web.Links.DefaultDestination = "/start");

        var response = await GetAsync(host, "/go/ANNA?to=//evil.com");

        Assert.Equal("/start", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_allowed_host_that_is_no_host_name_stops_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            LinkTestHost.StartAsync(web => web.Links.AllowedHosts.Add("https://shop.example/"))
        );

        Assert.Contains("AllowedHosts has 'https://shop.example/'", error.Message, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> GetAsync(TestHost host, string url) =>
        host.Client.GetAsync(new Uri(url, UriKind.Relative));
}
