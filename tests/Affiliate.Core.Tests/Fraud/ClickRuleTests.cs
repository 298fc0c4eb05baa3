using System.Net;
using static Affiliate.Tests.Fraud.FraudTestData;

namespace Affiliate.Tests.Fraud;

public sealed class ClickRuleTests
{
    [Fact]
    public async Task A_clean_click_is_allowed_by_every_default_rule()
    {
        var assessment = await ClickContext().AssessAsync();

        Assert.True(assessment.IsAllow, assessment.ToString());
        Assert.Equal(FraudAction.Allow, assessment.Action);
        Assert.Empty(assessment.Verdicts);
        Assert.Empty(assessment.Codes);
    }

    // ---- Bot user agents -------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot/")]
    [InlineData("Mozilla/5.0 (compatible; AdsBot-Google)", "bot-")]
    [InlineData(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
        "headless"
    )]
    [InlineData("curl/8.5.0", "curl")]
    [InlineData("Wget/1.21.4", "wget")]
    [InlineData("python-requests/2.31.0", "python-requests")]
    [InlineData("Go-http-client/2.0", "go-http-client")]
    [InlineData("Java/17.0.2", "java/")]
    [InlineData("Scrapy/2.11 (+https://scrapy.org)", "scrapy")]
    [InlineData("Mozilla/5.0 (compatible; Yahoo! Slurp)", "slurp")]
    [InlineData("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "facebookexternalhit")]
    public async Task A_bot_user_agent_is_rejected_naming_the_marker(string userAgent, string marker)
    {
        var assessment = await ClickContext(Click(userAgent: userAgent)).AssessAsync();

        var verdict = assessment.Single(FraudCodes.BotUserAgent, FraudAction.Reject);
        Assert.Contains($"'{marker}'", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public async Task A_click_without_a_user_agent_counts_as_a_bot(string? userAgent)
    {
        var assessment = await ClickContext(Click(userAgent: userAgent)).AssessAsync();

        var verdict = assessment.Single(FraudCodes.BotUserAgent, FraudAction.Reject);
        Assert.Contains("no user agent", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_user_agent_is_allowed_when_configured_so()
    {
        var options = new FraudOptions();
        options.BotUserAgents.TreatMissingAsBot = false;

        Assert.True((await ClickContext(Click(userAgent: null)).AssessAsync(options)).IsAllow);
    }

    [Fact]
    public async Task Additional_patterns_flag_more_user_agents_and_built_in_ones_can_be_dropped()
    {
        var scraper = ClickContext(Click(userAgent: Browser + " AcmeScraper/1.0"));
        var curl = ClickContext(Click(userAgent: "curl/8.5.0"));
        var options = new FraudOptions();
        options.BotUserAgents.AdditionalPatterns.Add("acmescraper");

        Assert.True((await scraper.AssessAsync()).IsAllow);
        (await scraper.AssessAsync(options)).Single(FraudCodes.BotUserAgent, FraudAction.Reject);

        options.BotUserAgents.UseBuiltInPatterns = false;
        Assert.True((await curl.AssessAsync(options)).IsAllow);
        (await scraper.AssessAsync(options)).Single(FraudCodes.BotUserAgent, FraudAction.Reject);
    }

    // ---- Click velocity
    // ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_twentieth_click_from_an_ip_in_an_hour_is_allowed_and_the_twenty_first_rejected()
    {
        Assert.True((await ClickContext(fromIp: 19).AssessAsync()).IsAllow);

        var verdict = (await ClickContext(fromIp: 20).AssessAsync()).Single(
            FraudCodes.ClickVelocityIp,
            FraudAction.Reject
        );
        Assert.Equal("More than 20 clicks from this IP address in the last 1 hour, the limit.", verdict.Reason);
    }

    [Fact]
    public async Task The_ip_velocity_reason_names_the_limit_and_window()
    {
        var verdict = (await ClickContext(fromIp: 22).AssessAsync()).Single(
            FraudCodes.ClickVelocityIp,
            FraudAction.Reject
        );

        Assert.Equal("More than 20 clicks from this IP address in the last 1 hour, the limit.", verdict.Reason);
    }

    [Fact]
    public async Task The_tenth_click_of_a_visitor_in_an_hour_is_allowed_and_the_eleventh_rejected()
    {
        Assert.True((await ClickContext(fromVisitor: 9).AssessAsync()).IsAllow);

        var verdict = (await ClickContext(fromVisitor: 10).AssessAsync()).Single(
            FraudCodes.ClickVelocityVisitor,
            FraudAction.Reject
        );
        Assert.Equal("More than 10 clicks from this visitor in the last 1 hour, the limit.", verdict.Reason);
    }

    [Fact]
    public async Task Velocity_limits_and_windows_are_configurable()
    {
        var options = new FraudOptions();
        options.IpVelocity.MaxClicks = 100;
        options.IpVelocity.Window = Duration.FromMinutes(90);
        options.VisitorVelocity.MaxClicks = 1;
        options.VisitorVelocity.Window = Duration.FromDays(2);

        var assessment = await ClickContext(fromIp: 100, fromVisitor: 1).AssessAsync(options);

        Assert.Equal([FraudCodes.ClickVelocityIp, FraudCodes.ClickVelocityVisitor], assessment.Codes);
        Assert.Equal(
            "More than 100 clicks from this IP address in the last 90 minutes, the limit.",
            assessment.Verdicts[0].Reason
        );
        Assert.Equal(
            "More than 1 click from this visitor in the last 2 days, the limit.",
            assessment.Verdicts[1].Reason
        );
    }

    [Fact]
    public async Task A_phone_brand_ending_in_bot_is_not_a_bot()
    {
        var assessment = await ClickContext(
                Click(
                    userAgent: "Mozilla/5.0 (Linux; Android 10; CUBOT_X30) AppleWebKit/537.36 Chrome/120.0 Mobile "
                        + "Safari/537.36"
                )
            )
            .AssessAsync();

        Assert.True(assessment.IsAllow, assessment.ToString());
    }

    [Fact]
    public async Task A_huge_click_count_does_not_overflow()
    {
        Assert.Equal(
            "More than 20 clicks from this IP address in the last 1 hour, the limit.",
            (await ClickContext(fromIp: int.MaxValue).AssessAsync()).Verdicts[0].Reason
        );
    }

    [Fact]
    public void Click_counts_cannot_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ClickContext(fromIp: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClickContext(fromVisitor: -1));
    }

    // ---- Blocked countries -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("XX")]
    [InlineData("xx")]
    [InlineData(" Xx ")]
    public async Task A_click_from_a_blocked_country_is_rejected_ignoring_case(string country)
    {
        var options = new FraudOptions();
        options.BlockedCountries.Countries.Add("xX");

        var verdict = (await ClickContext(Click(country: country)).AssessAsync(options)).Single(
            FraudCodes.BlockedCountry,
            FraudAction.Reject
        );
        Assert.Equal("Clicks from country XX are blocked by the program.", verdict.Reason);
    }

    [Theory]
    [InlineData("DE")]
    [InlineData(null)]
    public async Task A_click_from_another_or_an_unknown_country_is_allowed(string? country)
    {
        var options = new FraudOptions();
        options.BlockedCountries.Countries.Add("XX");

        Assert.True((await ClickContext(Click(country: country)).AssessAsync(options)).IsAllow);
    }

    // ---- Blocked referrers -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData("https://spam.example/landing?x=1")]
    [InlineData("http://SPAM.example.:8080/")]
    [InlineData("https://ads.spam.example/p")]
    [InlineData("https://a.b.spam.example")]
    [InlineData("spam.example/page")]
    public async Task A_click_referred_by_a_blocked_host_or_its_sub_domain_is_rejected(string referrer)
    {
        var options = new FraudOptions();
        options.BlockedReferrers.Hosts.Add("spam.example");

        (await ClickContext(Click(referrer: referrer)).AssessAsync(options)).Single(
            FraudCodes.BlockedReferrer,
            FraudAction.Reject
        );
    }

    [Theory]
    [InlineData("https://notspam.example/")]
    [InlineData("https://spam.example.com/")]
    [InlineData("https://blog.anna.example/?ref=spam.example")]
    [InlineData("not a url at all")]
    [InlineData(null)]
    public async Task A_click_from_another_host_is_allowed(string? referrer)
    {
        var options = new FraudOptions();
        options.BlockedReferrers.Hosts.Add("spam.example");

        Assert.True((await ClickContext(Click(referrer: referrer)).AssessAsync(options)).IsAllow);
    }

    [Theory]
    [InlineData("*.spam.example")]
    [InlineData(".spam.example")]
    [InlineData("https://SPAM.example/any/path")]
    [InlineData(" Spam.Example. ")]
    public async Task Blocked_hosts_may_be_written_as_wildcards_or_urls(string entry)
    {
        var options = new FraudOptions();
        options.BlockedReferrers.Hosts.Add(entry);

        Assert.Empty(options.Validate());
        (await ClickContext(Click(referrer: "https://ads.spam.example/")).AssessAsync(options)).Single(
            FraudCodes.BlockedReferrer,
            FraudAction.Reject
        );
    }

    [Fact]
    public async Task The_referrer_reason_names_the_host_and_the_blocked_entry()
    {
        var options = new FraudOptions();
        options.BlockedReferrers.Hosts.Add("spam.example");

        var exact = (await ClickContext(Click(referrer: "https://spam.example/")).AssessAsync(options)).Verdicts[0];
        var sub = (await ClickContext(Click(referrer: "https://ads.spam.example/")).AssessAsync(options)).Verdicts[0];

        Assert.Equal("Clicks referred by spam.example are blocked by the program.", exact.Reason);
        Assert.Equal(
            "Clicks referred by ads.spam.example (under the blocked spam.example) are blocked by the program.",
            sub.Reason
        );
    }

    [Fact]
    public async Task An_internationalised_blocked_host_matches_its_punycode_referrer()
    {
        var options = new FraudOptions();
        options.BlockedReferrers.Hosts.Add("bücher.example");

        (await ClickContext(Click(referrer: "https://www.xn--bcher-kva.example/")).AssessAsync(options)).Single(
            FraudCodes.BlockedReferrer,
            FraudAction.Reject
        );
        (await ClickContext(Click(referrer: "https://www.bücher.example/")).AssessAsync(options)).Single(
            FraudCodes.BlockedReferrer,
            FraudAction.Reject
        );
    }

    // ---- Blocked IP ranges ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.113.0")]
    [InlineData("203.0.113.0/24", "203.0.113.255")]
    [InlineData("10.0.0.0/8", "10.200.3.4")]
    [InlineData("192.0.2.7", "192.0.2.7")]
    [InlineData("192.0.2.7/32", "192.0.2.7")]
    [InlineData("0.0.0.0/0", "8.8.8.8")]
    [InlineData("203.0.113.0/24", "::ffff:203.0.113.9")]
    [InlineData("2001:db8::/32", "2001:db8:1234::1")]
    [InlineData("2001:DB8:abcd::/48", "2001:db8:abcd:ffff:ffff:ffff:ffff:ffff")]
    [InlineData("2001:db8::1", "2001:db8::1")]
    [InlineData("::/0", "2a00:1450:4001:82b::200e")]
    public async Task A_click_from_a_blocked_range_is_rejected(string range, string address)
    {
        var options = new FraudOptions();
        options.BlockedIpRanges.Ranges.Add(range);

        var verdict = (await ClickContext(ip: IPAddress.Parse(address)).AssessAsync(options)).Single(
            FraudCodes.BlockedIpRange,
            FraudAction.Reject
        );
        Assert.StartsWith("The click's IP address is in the blocked range ", verdict.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("203.0.113.0/24", "203.0.112.255")]
    [InlineData("203.0.113.0/24", "203.0.114.0")]
    [InlineData("192.0.2.7", "192.0.2.8")]
    [InlineData("2001:db8::/32", "2001:db9::1")]
    [InlineData("2001:db8:abcd::/48", "2001:db8:abce::")]
    [InlineData("203.0.113.0/24", "2001:db8::1")]
    [InlineData("2001:db8::/32", "203.0.113.1")]
    public async Task A_click_outside_the_ranges_is_allowed(string range, string address)
    {
        var options = new FraudOptions();
        options.BlockedIpRanges.Ranges.Add(range);

        Assert.True((await ClickContext(ip: IPAddress.Parse(address)).AssessAsync(options)).IsAllow);
    }

    [Fact]
    public async Task The_range_reason_names_the_range_and_a_click_without_an_address_is_not_judged()
    {
        var options = new FraudOptions();
        options.BlockedIpRanges.Ranges.Add("198.51.100.0/24");

        var verdict = (await ClickContext().AssessAsync(options)).Single(FraudCodes.BlockedIpRange, FraudAction.Reject);
        Assert.Equal("The click's IP address is in the blocked range 198.51.100.0/24.", verdict.Reason);
        Assert.True((await (ClickContext() with { IpAddress = null }).AssessAsync(options)).IsAllow);
    }
}
