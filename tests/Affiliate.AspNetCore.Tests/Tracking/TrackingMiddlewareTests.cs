using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>UseAffiliateTracking: referral visits become clicks and cookies; everything else is left alone.</summary>
public sealed class TrackingMiddlewareTests
{
    private static Uri Url(string relative) => new(relative, UriKind.Relative);

    [Fact]
    public async Task A_referral_visit_records_one_click_and_sets_both_cookies_httponly_secure_lax()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        var response = await client.GetAsync(Url("/shoes?ref=ANNA10"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("shoes", await response.Content.ReadAsStringAsync());
        var visitor = response.SetCookie("aff_vid");
        var attribution = response.SetCookie("aff_attr");
        Assert.NotNull(visitor);
        Assert.NotNull(attribution);
        foreach (var cookie in new[] { visitor, attribution })
        {
            Assert.True(cookie.HttpOnly);
            Assert.True(cookie.Secure);
            Assert.Equal(Microsoft.Net.Http.Headers.SameSiteMode.Lax, cookie.SameSite);
            Assert.Equal("/", cookie.Path.ToString());
        }

        Assert.Equal(TimeSpan.FromDays(365), visitor.MaxAge);
        Assert.Equal(TimeSpan.FromDays(30), attribution.MaxAge);

        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal("anna", click.PartnerId.Value);
        Assert.Equal(visitor.Value.ToString(), click.VisitorId);
        Assert.Equal(TrackingHost.Browser, click.UserAgent);
        Assert.Equal(Instant.FromDateTimeOffset(TestHost.Start), click.OccurredAt);
        Assert.True(click.Attributable);

        // The attribution cookie names that click, signed, and the payload is not readable as plain text.
        Assert.DoesNotContain("ANNA10", attribution.Value.ToString(), StringComparison.OrdinalIgnoreCase);
        var read = host.Services.GetRequiredService<AttributionCookie>().Unprotect(attribution.Value.ToString());
        Assert.NotNull(read);
        Assert.Equal(click.Id, read.ClickId);
        Assert.Equal("ANNA10", read.ReferralCode);
        Assert.Equal(click.OccurredAt + Duration.FromDays(30), read.ExpiresAt);
    }

    [Fact]
    public async Task The_click_keeps_the_visitor_s_ip_only_anonymised_and_hashed()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        client.DefaultRequestHeaders.Add("X-Test-Ip", "203.0.113.77");

        await client.GetAsync(Url("/?ref=ANNA10"));

        var click = Assert.Single(await host.ClicksAsync());
        Assert.NotNull(click.IpHash);
        Assert.NotNull(click.AnonymizedIp);
        Assert.DoesNotContain("77", click.AnonymizedIp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_request_does_not_ask_the_consent_hook_or_any_request_service()
    {
        var consent = new CountingConsent();
        await using var host = await TrackingHost.StartAsync(services: s => s.AddSingleton<ITrackingConsent>(consent));
        using var client = host.BrowserClient();

        await client.GetAsync(Url("/shoes?color=red"));
        await client.GetAsync(Url("/shoes"));
        Assert.Equal(0, consent.Calls);

        await client.GetAsync(Url("/shoes?ref=ANNA10"));
        Assert.Equal(1, consent.Calls);
    }

    [Fact]
    public void Looking_for_the_referral_parameter_in_a_plain_query_allocates_nothing()
    {
        string[] names = ["ref", "via"];
        const string query = "?color=red&size=42&utm_source=newsletter&reference=x&sub1=y";
        Assert.False(TrackingQuery.Names(query, names));
        Assert.True(TrackingQuery.Names("?a=1&VIA=ANNA10", names));
        Assert.True(TrackingQuery.Names("?ref", names));
        Assert.False(TrackingQuery.Names("?preref=ANNA10", names));

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            TrackingQuery.Names(query, names);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public async Task Stopping_the_host_records_the_clicks_still_queued()
    {
        var host = await TrackingHost.StartAsync();
        try
        {
            using var client = host.BrowserClient();
            for (var i = 0; i < 20; i++)
            {
                await client.GetAsync(Url("/?ref=ANNA10&sub1=n" + i));
            }

            await host.App.StopAsync();

            var clicks = await host.InScopeAsync(async services =>
                (
                    await services
                        .GetRequiredService<AffiliateLists>()
                        .ClicksAsync(new ClickListFilter { ProgramId = new ProgramId("default") }, new PageRequest())
                )
                    .GetValueOrThrow()
                    .Items
            );
            Assert.Equal(20, clicks.Count);
        }
        finally
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_returning_visitor_keeps_the_visitor_id_of_the_cookie()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/?ref=anna10"));
        request.Headers.Add(HeaderNames.Cookie, "aff_vid=vis_known-visitor");

        var response = await client.SendAsync(request);

        Assert.Equal("vis_known-visitor", response.SetCookie("aff_vid")?.Value.ToString());
        Assert.Equal("vis_known-visitor", Assert.Single(await host.ClicksAsync()).VisitorId);
    }

    [Fact]
    public async Task Sub_ids_and_utm_parameters_are_recorded_with_the_click()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        client.DefaultRequestHeaders.Referrer = new Uri("https://blog.example/best-shoes");

        await client.GetAsync(Url("/shoes?ref=ANNA10&sub1=newsletter&sub3=may&utm_source=blog&utm_campaign=spring"));

        var click = Assert.Single(await host.ClicksAsync());
        Assert.Equal(["newsletter", "", "may"], click.SubIds);
        Assert.Contains("utm_source=blog", click.LandingUrl, StringComparison.Ordinal);
        Assert.Contains("utm_campaign=spring", click.LandingUrl, StringComparison.Ordinal);
        Assert.StartsWith("http://localhost/shoes?", click.LandingUrl, StringComparison.Ordinal);
        Assert.Equal("https://blog.example/best-shoes", click.Referrer);
    }

    [Fact]
    public async Task An_alias_of_the_referral_parameter_tracks_too()
    {
        await using var host = await TrackingHost.StartAsync(web => web.Tracking.ReferralAliases.Add("via"));
        using var client = host.BrowserClient();

        await client.GetAsync(Url("/?VIA=ANNA10"));

        Assert.Equal("anna", Assert.Single(await host.ClicksAsync()).PartnerId.Value);
    }

    [Fact]
    public async Task A_plain_request_sets_no_cookie_and_records_nothing()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        var plain = await client.GetAsync(Url("/shoes"));
        var other = await client.GetAsync(Url("/shoes?color=red&reference=ANNA10&sub1=x"));

        foreach (var response in new[] { plain, other })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains(HeaderNames.SetCookie));
        }

        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_post_with_the_referral_parameter_is_not_tracked()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        await client.PostAsync(Url("/checkout?ref=ANNA10&order=o-1"), null);

        Assert.Empty(await host.ClicksAsync());
    }

    [Theory]
    [InlineData("/shoes?ref=NOBODY")]
    [InlineData("/shoes?ref=ANNA10%27%20OR%20%271%27%3D%271")]
    [InlineData("/shoes?ref=%3Cscript%3Ealert(1)%3C%2Fscript%3E")]
    [InlineData("/shoes?ref=ANNA10%00")]
    [InlineData("/shoes?ref=ANNA10&sub1=a%0Db")]
    [InlineData("/shoes?ref=x")]
    public async Task An_unknown_or_malformed_code_or_sub_id_records_nothing_and_the_page_renders(string url)
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var longSubId = await client.GetAsync(Url("/shoes?ref=ANNA10&sub2=" + new string('a', 129)));

        var response = await client.GetAsync(Url(url));

        foreach (var page in new[] { response, longSubId })
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("shoes", await page.Content.ReadAsStringAsync());
        }

        Assert.Null(longSubId.SetCookie("aff_attr"));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_suspended_partner_s_link_records_nothing_and_the_page_renders()
    {
        await using var host = await TrackingHost.StartAsync();
        await host.AddPartnerAsync("ben", "BEN20");
        await host.InScopeAsync(async services =>
            (
                await services.GetRequiredService<PartnerDirectory>().SuspendAsync(new PartnerId("ben"), "test")
            ).GetValueOrThrow()
        );
        using var client = host.BrowserClient();

        var response = await client.GetAsync(Url("/?ref=BEN20"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await host.ClicksAsync());
    }

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")]
    [InlineData("curl/8.5.0")]
    [InlineData("")]
    public async Task A_known_bot_is_not_counted_and_gets_no_cookie(string userAgent)
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.Client;
        using var request = new HttpRequestMessage(HttpMethod.Get, Url("/?ref=ANNA10"));
        if (userAgent.Length > 0)
        {
            request.Headers.TryAddWithoutValidation(HeaderNames.UserAgent, userAgent);
        }

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains(HeaderNames.SetCookie));
        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task A_bot_pattern_the_host_adds_to_the_core_rule_is_honoured()
    {
        await using var host = await TestHostWithBotPattern("ShopMonitor");
        using var client = host.Client;
        client.DefaultRequestHeaders.UserAgent.ParseAdd("ShopMonitor/1.0");

        await client.GetAsync(Url("/?ref=ANNA10"));

        Assert.Empty(await host.ClicksAsync());
    }

    [Fact]
    public async Task When_the_consent_hook_refuses_nothing_is_recorded_and_no_cookie_is_set()
    {
        await using var host = await TrackingHost.StartAsync(services: s =>
            s.AddSingleton<ITrackingConsent>(new ConsentFromHeader())
        );
        using var client = host.BrowserClient();

        var refused = await client.GetAsync(Url("/?ref=ANNA10"));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.False(refused.Headers.Contains(HeaderNames.SetCookie));
        Assert.Empty(await host.ClicksAsync());

        client.DefaultRequestHeaders.Add("X-Consent", "yes");
        var allowed = await client.GetAsync(Url("/?ref=ANNA10"));
        Assert.NotNull(allowed.SetCookie("aff_attr"));
        Assert.Single(await host.ClicksAsync());
    }

    [Fact]
    public async Task The_canonical_redirect_drops_the_referral_and_sub_ids_and_keeps_the_rest()
    {
        await using var host = await TrackingHost.StartAsync(web => web.Tracking.RedirectToCanonicalUrl = true);
        using var client = host.BrowserClient();

        var response = await client.GetAsync(Url("/shoes?color=red&ref=ANNA10&sub1=news&utm_source=blog"));

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/shoes?color=red&utm_source=blog", response.Headers.Location?.OriginalString);
        Assert.NotNull(response.SetCookie("aff_attr"));
        Assert.Equal(["news"], Assert.Single(await host.ClicksAsync()).SubIds);

        var bare = await client.GetAsync(Url("/?ref=ANNA10"));
        Assert.Equal("/", bare.Headers.Location?.OriginalString);
        var plain = await client.GetAsync(Url("/shoes?color=red"));
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
    }

    [Fact]
    public async Task Without_the_option_a_referral_visit_is_not_redirected()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();

        var response = await client.GetAsync(Url("/shoes?ref=ANNA10"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_tampered_foreign_or_expired_attribution_cookie_reads_as_none()
    {
        await using var host = await TrackingHost.StartAsync();
        using var client = host.BrowserClient();
        var response = await client.GetAsync(Url("/?ref=ANNA10"));
        var value = response.SetCookie("aff_attr")!.Value.ToString();
        var cookies = host.Services.GetRequiredService<AttributionCookie>();
        Assert.NotNull(cookies.Unprotect(value));

        var flipped = value[..10] + (value[10] == 'A' ? 'B' : 'A') + value[11..];
        Assert.Null(cookies.Unprotect(flipped));
        Assert.Null(cookies.Unprotect(value[..^4]));
        Assert.Null(cookies.Unprotect("not base64 at all!"));
        Assert.Null(cookies.Unprotect(new string('A', 5000)));
        var foreign = new EphemeralDataProtectionProvider().CreateProtector(AttributionCookie.Purpose);
        Assert.Null(
            cookies.Unprotect(System.Buffers.Text.Base64Url.EncodeToString(foreign.Protect(new byte[] { 1, 2, 3 })))
        );

        host.Advance(Duration.FromDays(30) + Duration.FromSeconds(1));
        Assert.Null(cookies.Unprotect(value));
    }

    private static async Task<TestHost> TestHostWithBotPattern(string pattern)
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Affiliates = o => o.Fraud.BotUserAgents.AdditionalPatterns.Add(pattern),
                Services = s => s.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider()),
                Pipeline = app =>
                {
                    app.UseAffiliateTracking();
                    app.MapGet("/", () => "the shop");
                },
            }
        );
        await host.AddPartnerAsync("anna", "ANNA10");
        return host;
    }

    private sealed class CountingConsent : ITrackingConsent
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public ValueTask<bool> AllowsTrackingAsync(HttpContext context)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(true);
        }
    }

    private sealed class ConsentFromHeader : ITrackingConsent
    {
        public ValueTask<bool> AllowsTrackingAsync(HttpContext context) =>
            ValueTask.FromResult(context.Request.Headers["X-Consent"] == "yes");
    }
}
