namespace Affiliate;

/// <summary>
/// Rejects clicks whose user agent is empty or contains a bot marker (crawlers, scripts, headless browsers, link
/// previews), and conversions recorded from such a user agent. Patterns match anywhere in the user agent, ignoring
/// case.
/// </summary>
public sealed class BotUserAgentOptions : FraudRuleOptions
{
    /// <summary>Enabled, rejecting.</summary>
    public BotUserAgentOptions()
        : base(FraudAction.Reject) { }

    /// <summary>The built-in patterns, used unless <see cref="UseBuiltInPatterns"/> is false.</summary>
    public static IReadOnlyList<string> BuiltInPatterns { get; } =
    [
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
        "facebookexternalhit",
    ];

    /// <summary>Whether <see cref="BuiltInPatterns"/> apply; true by default.</summary>
    public bool UseBuiltInPatterns { get; set; } = true;

    /// <summary>More substrings that mark a bot, in addition to the built-in ones; empty by default.</summary>
    public IList<string> AdditionalPatterns { get; } = [];

    /// <summary>
    /// Whether a click without a user agent counts as a bot; true by default, since every browser sends one.
    /// Conversions without a user agent are never flagged: server-to-server postbacks and webhooks have none.
    /// </summary>
    public bool TreatMissingAsBot { get; set; } = true;
}
