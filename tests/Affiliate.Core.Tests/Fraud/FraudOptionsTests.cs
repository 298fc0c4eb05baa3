namespace Affiliate.Tests.Fraud;

public sealed class FraudOptionsTests
{
    [Fact]
    public void The_defaults_are_what_an_affiliate_manager_expects()
    {
        var options = new FraudOptions();

        Assert.Empty(options.Validate());
        Assert.All(FraudTestData.Rules(options), rule => Assert.True(rule.Enabled));

        Assert.Equal(FraudAction.Reject, options.BotUserAgents.Action);
        Assert.True(options.BotUserAgents.UseBuiltInPatterns);
        Assert.True(options.BotUserAgents.TreatMissingAsBot);
        Assert.Empty(options.BotUserAgents.AdditionalPatterns);
        Assert.Subset(
            BotUserAgentOptions.BuiltInPatterns.ToHashSet(),
            new HashSet<string>([
                "bot/",
                "bot-",
                "bot;",
                "bot)",
                "crawler",
                "spider",
                "slurp",
                "headless",
                "phantomjs",
                "curl",
                "wget",
                "python-requests",
                "httpclient",
                "go-http-client",
                "java/",
                "libwww",
                "scrapy",
                "preview",
            ])
        );

        Assert.Equal(
            (FraudAction.Reject, 20, Duration.FromHours(1)),
            (options.IpVelocity.Action, options.IpVelocity.MaxClicks, options.IpVelocity.Window)
        );
        Assert.Equal(
            (FraudAction.Reject, 10, Duration.FromHours(1)),
            (options.VisitorVelocity.Action, options.VisitorVelocity.MaxClicks, options.VisitorVelocity.Window)
        );

        Assert.Equal(FraudAction.Reject, options.BlockedCountries.Action);
        Assert.Empty(options.BlockedCountries.Countries);
        Assert.Equal(FraudAction.Reject, options.BlockedReferrers.Action);
        Assert.Empty(options.BlockedReferrers.Hosts);
        Assert.Equal(FraudAction.Reject, options.BlockedIpRanges.Action);
        Assert.Empty(options.BlockedIpRanges.Ranges);

        Assert.Equal(FraudAction.Reject, options.SelfReferral.Action);
        Assert.True(
            options.SelfReferral.CheckEmail
                && options.SelfReferral.CheckCustomerId
                && options.SelfReferral.CheckIpAddress
        );

        Assert.Equal(
            (FraudAction.Hold, Duration.FromSeconds(10)),
            (options.ClickToConversion.Action, options.ClickToConversion.MinimumDelay)
        );
        Assert.Equal(
            (FraudAction.Hold, 0, Duration.FromHours(24)),
            (
                options.DuplicateOrders.Action,
                options.DuplicateOrders.MaxSimilarConversions,
                options.DuplicateOrders.Window
            )
        );
        Assert.Equal(
            (FraudAction.Hold, 3m, 50),
            (
                options.ConversionRateAnomaly.Action,
                options.ConversionRateAnomaly.MaxMultipleOfBaseline,
                options.ConversionRateAnomaly.MinimumClicks
            )
        );
        Assert.Equal(
            (FraudAction.Hold, 30m, 10),
            (options.RefundRate.Action, options.RefundRate.MaxRefundPercent, options.RefundRate.MinimumConversions)
        );
        Assert.Equal(
            (FraudAction.Hold, 2, Duration.FromHours(24)),
            (options.CookieStuffing.Action, options.CookieStuffing.MaxDistinctPartners, options.CookieStuffing.Window)
        );
        Assert.Equal(Duration.FromDays(30), options.PartnerActivityWindow);
    }

    [Fact]
    public void Validation_lists_every_problem_with_what_to_change()
    {
        var options = new FraudOptions { PartnerActivityWindow = Duration.Zero };
        options.BotUserAgents.AdditionalPatterns.Add(" ");
        options.IpVelocity.MaxClicks = -1;
        options.IpVelocity.Action = FraudAction.Allow;
        options.VisitorVelocity.Window = Duration.FromMinutes(-5);
        options.BlockedCountries.Countries.Add("Russia");
        options.BlockedCountries.Countries.Add("RU");
        options.BlockedReferrers.Hosts.Add("spam.example/path");
        options.BlockedReferrers.Hosts.Add("*.");
        options.BlockedIpRanges.Ranges.Add("10.0.0.1/8");
        options.BlockedIpRanges.Ranges.Add("10.0.0.0/33");
        options.BlockedIpRanges.Ranges.Add("not-an-ip");
        options.BlockedIpRanges.Ranges.Add("2001:db8::/32");
        options.SelfReferral.Action = (FraudAction)9;
        options.ClickToConversion.MinimumDelay = Duration.FromSeconds(-1);
        options.DuplicateOrders.MaxSimilarConversions = -2;
        options.DuplicateOrders.Window = Duration.Zero;
        options.ConversionRateAnomaly.MaxMultipleOfBaseline = 0.5m;
        options.ConversionRateAnomaly.MinimumClicks = -50;
        options.RefundRate.MaxRefundPercent = 130m;
        options.RefundRate.MinimumConversions = -1;
        options.CookieStuffing.MaxDistinctPartners = -3;
        options.CookieStuffing.Window = Duration.Zero;
        options.CookieStuffing.Action = FraudAction.Allow;

        var problems = options.Validate().ToList();

        Assert.Equal(
            [
                "Fraud.PartnerActivityWindow is 0 seconds; set a positive duration such as 30 days.",
                "Fraud.BotUserAgents.AdditionalPatterns[0] is empty and would match every user agent; remove it or "
                    + "write a substring such as 'scraper'.",
                "Fraud.IpVelocity.Action is Allow, which would flag nothing; set Hold or Reject (to turn the rule "
                    + "off, set Fraud.IpVelocity.Enabled to false).",
                "Fraud.IpVelocity.MaxClicks is -1; set 1 or more (or disable the rule).",
                "Fraud.VisitorVelocity.Window is -5 minutes; set a positive duration such as 1 hour.",
                "Fraud.BlockedCountries.Countries[0] 'Russia' is not a two-letter ISO 3166 country code; write it "
                    + "like 'RU'.",
                "Fraud.BlockedReferrers.Hosts[0] 'spam.example/path' is not a host name; write just the host, such "
                    + "as 'spam.example'.",
                "Fraud.BlockedReferrers.Hosts[1] '*.' names no host; remove it or write a host such as 'spam.example'.",
                "Fraud.BlockedIpRanges.Ranges[0] '10.0.0.1/8' has address bits set past the /8 prefix; write "
                    + "'10.0.0.0/8' (or /32 for the single address).",
                "Fraud.BlockedIpRanges.Ranges[1] '10.0.0.0/33' needs a prefix length from 0 to 32 after the '/'.",
                "Fraud.BlockedIpRanges.Ranges[2] 'not-an-ip' is not an IP address or CIDR range; write it like "
                    + "'203.0.113.0/24' or '2001:db8::/32'.",
                "Fraud.SelfReferral.Action is 9, which is not an action; set Hold or Reject.",
                "Fraud.ClickToConversion.MinimumDelay is -1 second; set 0 or more, such as 10 seconds.",
                "Fraud.DuplicateOrders.MaxSimilarConversions is -2; set 0 or more.",
                "Fraud.DuplicateOrders.Window is 0 seconds; set a positive duration such as 24 hours.",
                "Fraud.ConversionRateAnomaly.MaxMultipleOfBaseline is 0.5; set 1 or more (3 flags partners "
                    + "converting above three times the program's rate).",
                "Fraud.ConversionRateAnomaly.MinimumClicks is -50; set 0 or more.",
                "Fraud.RefundRate.MaxRefundPercent is 130; set a percentage from 0 to 100, such as 30.",
                "Fraud.RefundRate.MinimumConversions is -1; set 0 or more.",
                "Fraud.CookieStuffing.Action is Allow, which would flag nothing; set Hold or Reject (to turn the "
                    + "rule off, set Fraud.CookieStuffing.Enabled to false).",
                "Fraud.CookieStuffing.MaxDistinctPartners is -3; set 0 or more.",
                "Fraud.CookieStuffing.Window is 0 seconds; set a positive duration such as 24 hours.",
            ],
            problems
        );
    }

    [Theory]
    [InlineData("203.0.113.0/24")]
    [InlineData("203.0.113.7")]
    [InlineData("0.0.0.0/0")]
    [InlineData(" 2001:db8::/32 ")]
    [InlineData("2001:db8::1/128")]
    [InlineData("::/0")]
    [InlineData("::ffff:203.0.113.0/120")]
    public void Valid_ranges_pass_validation(string range)
    {
        var options = new FraudOptions();
        options.BlockedIpRanges.Ranges.Add(range);

        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("10", "is not an IP address or CIDR range")]
    [InlineData("10.1", "is not an IP address or CIDR range")]
    [InlineData("256.0.0.0/8", "is not an IP address or CIDR range")]
    [InlineData("fe80::1%eth0", "is not an IP address or CIDR range")]
    [InlineData("10.0.0.0/", "needs a prefix length from 0 to 32")]
    [InlineData("10.0.0.0/-1", "needs a prefix length from 0 to 32")]
    [InlineData("10.0.0.0/8/8", "needs a prefix length from 0 to 32")]
    [InlineData("2001:db8::/129", "needs a prefix length from 0 to 128")]
    [InlineData("2001:db8::1/32", "write '2001:db8::/32' (or /128 for the single address)")]
    public void Bad_ranges_are_reported_with_the_fix(string range, string expected)
    {
        var options = new FraudOptions();
        options.BlockedIpRanges.Ranges.Add(range);

        var problem = Assert.Single(options.Validate());
        Assert.StartsWith("Fraud.BlockedIpRanges.Ranges[0] ", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_rule_section_is_reported()
    {
        var options = new FraudOptions { RefundRate = null!, IpVelocity = null! };

        Assert.Equal(
            [
                "Fraud.IpVelocity is null; leave the default in place and change its properties, or set "
                    + "Fraud.IpVelocity.Enabled to false.",
                "Fraud.RefundRate is null; leave the default in place and change its properties, or set "
                    + "Fraud.RefundRate.Enabled to false.",
            ],
            options.Validate()
        );
    }

    [Fact]
    public void Zero_thresholds_are_allowed_except_a_velocity_limit_of_zero_clicks()
    {
        var options = new FraudOptions();
        options.IpVelocity.MaxClicks = 1;
        options.ClickToConversion.MinimumDelay = Duration.Zero;
        options.ConversionRateAnomaly.MinimumClicks = 0;
        options.ConversionRateAnomaly.MaxMultipleOfBaseline = 1m;
        options.RefundRate.MaxRefundPercent = 0m;
        options.RefundRate.MinimumConversions = 0;
        options.CookieStuffing.MaxDistinctPartners = 0;

        Assert.Empty(options.Validate());
        options.VisitorVelocity.MaxClicks = 0;
        Assert.Contains(options.Validate(), p =>
            p.Contains("VisitorVelocity.MaxClicks is 0; set 1 or more", StringComparison.Ordinal)
        );
    }
}
