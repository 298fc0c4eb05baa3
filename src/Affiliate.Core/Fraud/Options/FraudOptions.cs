using System.Globalization;

namespace Affiliate;

/// <summary>
/// The built-in fraud rules, each with a switch, the action it takes and its thresholds. Bound from configuration or
/// set in <c>services.AddAffiliates(o =&gt; o.Fraud...)</c>; the defaults are what most programs want, with the block
/// lists empty. <see cref="FraudPipeline"/> copies the values when it is built (once per DI scope), so a change applies
/// from the next scope on.
/// </summary>
/// <remarks>
/// From configuration, durations use NodaTime's round-trip pattern <c>-D:hh:mm:ss.FFFFFFFFF</c> (<c>"0:01:00:00"</c> is
/// one hour, <c>"30:00:00:00"</c> thirty days), actions their names (<c>"Hold"</c>), and lists are added to.
/// Check the result with <see cref="Validate"/>.
/// </remarks>
/// <example><code>
/// services.AddAffiliates(o =>
/// {
///     o.Fraud.IpVelocity.MaxClicks = 50;                 // a campus or office shares one address
///     o.Fraud.BlockedCountries.Countries.Add("XX");
///     o.Fraud.BlockedIpRanges.Ranges.Add("203.0.113.0/24");
///     o.Fraud.ClickToConversion.Action = FraudAction.Reject;
///     o.Fraud.CookieStuffing.Enabled = false;
/// });
/// </code></example>
public sealed class FraudOptions
{
    /// <summary>Bot and script user agents: enabled, reject.</summary>
    public BotUserAgentOptions BotUserAgents { get; set; } = new();

    /// <summary>Clicks per IP address: enabled, reject beyond 20 clicks in 1 hour.</summary>
    public ClickVelocityOptions IpVelocity { get; set; } = new() { MaxClicks = 20, Window = Duration.FromHours(1) };

    /// <summary>Clicks per visitor: enabled, reject beyond 10 clicks in 1 hour.</summary>
    public ClickVelocityOptions VisitorVelocity { get; set; } =
        new() { MaxClicks = 10, Window = Duration.FromHours(1) };

    /// <summary>Blocked countries: enabled, reject, none listed.</summary>
    public BlockedCountryOptions BlockedCountries { get; set; } = new();

    /// <summary>Blocked referring hosts and their sub-domains: enabled, reject, none listed.</summary>
    public BlockedReferrerOptions BlockedReferrers { get; set; } = new();

    /// <summary>Blocked IP ranges (CIDR): enabled, reject, none listed.</summary>
    public BlockedIpRangeOptions BlockedIpRanges { get; set; } = new();

    /// <summary>Self-referral by e-mail, customer id or IP hash: enabled, reject.</summary>
    public SelfReferralOptions SelfReferral { get; set; } = new();

    /// <summary>Conversion too soon after its click: enabled, hold under 10 seconds.</summary>
    public ClickToConversionOptions ClickToConversion { get; set; } = new();

    /// <summary>Same customer, same amount, again: enabled, hold any in 24 hours.</summary>
    public DuplicateOrderOptions DuplicateOrders { get; set; } = new();

    /// <summary>Partner conversion rate against the program's: enabled, hold above 3 times from 50 clicks.</summary>
    public ConversionRateAnomalyOptions ConversionRateAnomaly { get; set; } = new();

    /// <summary>Partner refund rate: enabled, hold above 30% from 10 conversions.</summary>
    public RefundRateOptions RefundRate { get; set; } = new();

    /// <summary>Visitor clicked many partners: enabled, hold at 3 or more in 24 hours.</summary>
    public CookieStuffingOptions CookieStuffing { get; set; } = new();

    /// <summary>
    /// The period over which the caller counts <see cref="ConversionFraudContext.PartnerActivity"/> and
    /// <see cref="ConversionFraudContext.ProgramBaseline"/> for the conversion-rate and refund-rate rules; 30 days by
    /// default.
    /// </summary>
    public Duration PartnerActivityWindow { get; set; } = Duration.FromDays(30);

    /// <summary>
    /// Lists every problem with the options, each saying what to change: an action of <see cref="FraudAction.Allow"/>,
    /// negative thresholds, empty windows, and list entries that are not country codes, hosts or CIDR ranges.
    /// Empty when the options are valid.
    /// </summary>
    public IEnumerable<string> Validate()
    {
        var problems = new List<string>();
        void Add(string message) => problems.Add(message);

        if (PartnerActivityWindow <= Duration.Zero)
        {
            Add(
                $"Fraud.PartnerActivityWindow is {FraudText.Duration(PartnerActivityWindow)}; set a positive "
                    + "duration such as 30 days."
            );
        }

        if (Rule(BotUserAgents, nameof(BotUserAgents), Add))
        {
            for (var i = 0; i < BotUserAgents.AdditionalPatterns.Count; i++)
            {
                if (string.IsNullOrWhiteSpace(BotUserAgents.AdditionalPatterns[i]))
                {
                    Add(
                        Invariant(
                            $"Fraud.BotUserAgents.AdditionalPatterns[{i}] is empty and would match every user agent; "
                        ) + "remove it or write a substring such as 'scraper'."
                    );
                }
            }
        }

        Velocity(IpVelocity, nameof(IpVelocity), Add);
        Velocity(VisitorVelocity, nameof(VisitorVelocity), Add);

        if (Rule(BlockedCountries, nameof(BlockedCountries), Add))
        {
            for (var i = 0; i < BlockedCountries.Countries.Count; i++)
            {
                var country = BlockedCountries.Countries[i];
                if (
                    country is null
                    || country.Trim() is not { Length: 2 } code
                    || !char.IsAsciiLetter(code[0])
                    || !char.IsAsciiLetter(code[1])
                )
                {
                    Add(
                        Invariant(
                            $"Fraud.BlockedCountries.Countries[{i}] '{country}' is not a two-letter ISO 3166 country "
                        ) + "code; write it like 'RU'."
                    );
                }
            }
        }

        if (Rule(BlockedReferrers, nameof(BlockedReferrers), Add))
        {
            for (var i = 0; i < BlockedReferrers.Hosts.Count; i++)
            {
                if (!ReferrerHosts.TryNormalizeEntry(BlockedReferrers.Hosts[i], out _, out var problem))
                {
                    Add(Invariant($"Fraud.BlockedReferrers.Hosts[{i}] {problem}."));
                }
            }
        }

        if (Rule(BlockedIpRanges, nameof(BlockedIpRanges), Add))
        {
            for (var i = 0; i < BlockedIpRanges.Ranges.Count; i++)
            {
                if (!IpRanges.TryParse(BlockedIpRanges.Ranges[i], out _, out var problem))
                {
                    Add(Invariant($"Fraud.BlockedIpRanges.Ranges[{i}] {problem}."));
                }
            }
        }

        Rule(SelfReferral, nameof(SelfReferral), Add);

        if (Rule(ClickToConversion, nameof(ClickToConversion), Add) && ClickToConversion.MinimumDelay < Duration.Zero)
        {
            Add(
                $"Fraud.ClickToConversion.MinimumDelay is {FraudText.Duration(ClickToConversion.MinimumDelay)}; set "
                    + "0 or more, such as 10 seconds."
            );
        }

        if (Rule(DuplicateOrders, nameof(DuplicateOrders), Add))
        {
            NotNegative(DuplicateOrders.MaxSimilarConversions, "DuplicateOrders.MaxSimilarConversions", Add);
            PositiveWindow(DuplicateOrders.Window, "DuplicateOrders.Window", "24 hours", Add);
        }

        if (Rule(ConversionRateAnomaly, nameof(ConversionRateAnomaly), Add))
        {
            if (ConversionRateAnomaly.MaxMultipleOfBaseline < 1m)
            {
                Add(
                    "Fraud.ConversionRateAnomaly.MaxMultipleOfBaseline is "
                        + $"{FraudText.Number(ConversionRateAnomaly.MaxMultipleOfBaseline)}; set 1 or more (3 flags "
                        + "partners converting above three times the program's rate)."
                );
            }

            NotNegative(ConversionRateAnomaly.MinimumClicks, "ConversionRateAnomaly.MinimumClicks", Add);
        }

        if (Rule(RefundRate, nameof(RefundRate), Add))
        {
            if (RefundRate.MaxRefundPercent is < 0m or > 100m)
            {
                Add(
                    $"Fraud.RefundRate.MaxRefundPercent is {FraudText.Number(RefundRate.MaxRefundPercent)}; set a "
                        + "percentage from 0 to 100, such as 30."
                );
            }

            NotNegative(RefundRate.MinimumConversions, "RefundRate.MinimumConversions", Add);
        }

        if (Rule(CookieStuffing, nameof(CookieStuffing), Add))
        {
            NotNegative(CookieStuffing.MaxDistinctPartners, "CookieStuffing.MaxDistinctPartners", Add);
            PositiveWindow(CookieStuffing.Window, "CookieStuffing.Window", "24 hours", Add);
        }

        return problems;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    // Checks what every rule has; false when the rule's options are missing, so the caller skips the details.
    private static bool Rule(FraudRuleOptions? options, string name, Action<string> add)
    {
        if (options is null)
        {
            add(
                $"Fraud.{name} is null; leave the default in place and change its properties, or set "
                    + $"Fraud.{name}.Enabled to false."
            );
            return false;
        }

        if (options.Action == FraudAction.Allow)
        {
            add(
                $"Fraud.{name}.Action is Allow, which would flag nothing; set Hold or Reject (to turn the rule off, "
                    + $"set Fraud.{name}.Enabled to false)."
            );
        }
        else if (!Enum.IsDefined(options.Action))
        {
            add(
                $"Fraud.{name}.Action is {((int)options.Action).ToString(CultureInfo.InvariantCulture)}, which is "
                    + "not an action; set Hold or Reject."
            );
        }

        return true;
    }

    private static void Velocity(ClickVelocityOptions? options, string name, Action<string> add)
    {
        if (Rule(options, name, add))
        {
            if (options!.MaxClicks < 1)
            {
                // Zero would flag every click, which is never what a velocity limit means.
                add(Invariant($"Fraud.{name}.MaxClicks is {options.MaxClicks}; set 1 or more (or disable the rule)."));
            }

            PositiveWindow(options.Window, name + ".Window", "1 hour", add);
        }
    }

    private static void NotNegative(int value, string path, Action<string> add)
    {
        if (value < 0)
        {
            add(Invariant($"Fraud.{path} is {value}; set 0 or more."));
        }
    }

    private static void PositiveWindow(Duration window, string path, string example, Action<string> add)
    {
        if (window <= Duration.Zero)
        {
            add($"Fraud.{path} is {FraudText.Duration(window)}; set a positive duration such as {example}.");
        }
    }
}
