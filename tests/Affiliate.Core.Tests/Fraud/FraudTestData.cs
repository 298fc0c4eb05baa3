using System.Net;

namespace Affiliate.Tests.Fraud;

/// <summary>Clean clicks and conversions that no default rule flags; tests spoil one thing at a time.</summary>
internal static class FraudTestData
{
    public const string Browser =
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

    public static readonly Instant ClickedAt = Instant.FromUtc(2026, 3, 14, 15, 9, 26);
    public static readonly PartnerId PartnerId = new("partner-anna");

    public static Click Click(
        string? userAgent = Browser,
        string? referrer = "https://blog.anna.example/reviews",
        string? country = "DE"
    ) =>
        new()
        {
            Id = new ClickId("click-1"),
            ProgramId = new ProgramId("program-1"),
            PartnerId = PartnerId,
            VisitorId = "visitor-1",
            OccurredAt = ClickedAt,
            UserAgent = userAgent,
            Referrer = referrer,
            Country = country,
            AnonymizedIp = "198.51.100.0",
            IpHash = "ip-hash-visitor",
        };

    public static ClickFraudContext ClickContext(
        Click? click = null,
        IPAddress? ip = null,
        int fromIp = 0,
        int fromVisitor = 0
    ) =>
        new()
        {
            Click = click ?? Click(),
            IpAddress = ip ?? IPAddress.Parse("198.51.100.23"),
            ClicksFromIpInWindow = fromIp,
            ClicksFromVisitorInWindow = fromVisitor,
        };

    public static Partner Partner() =>
        new()
        {
            Id = PartnerId,
            Name = "Anna",
            Status = PartnerStatus.Active,
            Email = "anna@anna.example",
            CustomerId = new CustomerId("customer-anna"),
            KnownIpHashes = ["ip-hash-anna-home", "ip-hash-anna-office"],
        };

    /// <summary>
    /// A sale a minute after the click, by a customer who is not the partner, with ordinary activity numbers.
    /// </summary>
    public static ConversionFraudContext ConversionContext() =>
        new()
        {
            Conversion = ConversionFacts.Sale(
                new ConversionId("order-1"),
                ClickedAt + Duration.FromMinutes(1),
                Money.Of(100m, "EUR")
            ),
            Partner = Partner(),
            AttributedClick = Click(),
            CustomerEmail = "bob@customer.example",
            CustomerId = new CustomerId("customer-bob"),
            IpHash = "ip-hash-visitor",
            UserAgent = Browser,
            PartnerActivity = new PartnerActivity(Clicks: 400, Conversions: 12, RefundedConversions: 1),
            ProgramBaseline = new PartnerActivity(Clicks: 100_000, Conversions: 2_500, RefundedConversions: 150),
            DistinctPartnersClickedByVisitor = 1,
        };

    public static ConversionFraudContext WithConversionAt(this ConversionFraudContext context, Instant at) =>
        context with
        {
            Conversion = context.Conversion with { OccurredAt = at },
        };

    /// <summary>Options with every built-in rule turned off.</summary>
    public static FraudOptions AllDisabled()
    {
        var options = new FraudOptions();
        foreach (var rule in Rules(options))
        {
            rule.Enabled = false;
        }

        return options;
    }

    public static IEnumerable<FraudRuleOptions> Rules(FraudOptions options) =>
        [
            options.BotUserAgents,
            options.IpVelocity,
            options.VisitorVelocity,
            options.BlockedCountries,
            options.BlockedReferrers,
            options.BlockedIpRanges,
            options.SelfReferral,
            options.ClickToConversion,
            options.DuplicateOrders,
            options.ConversionRateAnomaly,
            options.RefundRate,
            options.CookieStuffing,
        ];

    public static async Task<FraudAssessment> AssessAsync(
        this ClickFraudContext context,
        FraudOptions? options = null
    ) => await new FraudPipeline(options ?? new FraudOptions()).AssessClickAsync(context, CancellationToken.None);

    public static async Task<FraudAssessment> AssessAsync(
        this ConversionFraudContext context,
        FraudOptions? options = null
    ) => await new FraudPipeline(options ?? new FraudOptions()).AssessConversionAsync(context, CancellationToken.None);

    /// <summary>Asserts the assessment holds exactly one verdict, with this code and action, and returns it.</summary>
    public static FraudVerdict Single(this FraudAssessment assessment, string code, FraudAction action)
    {
        var verdict = Assert.Single(assessment.Verdicts);
        Assert.Equal(code, verdict.Code);
        Assert.Equal(action, verdict.Action);
        Assert.Equal(action, assessment.Action);
        Assert.Equal([code], assessment.Codes);
        return verdict;
    }
}
