namespace Affiliate;

/// <summary>
/// Flags clicks whose user agent is missing or contains a bot marker, and conversions recorded from a user agent
/// with a bot marker (a conversion without one is a server-side call, which is normal).
/// </summary>
internal sealed class BotUserAgentRule : IClickFraudRule, IConversionFraudRule
{
    private readonly FraudAction _action;
    private readonly string[] _patterns;
    private readonly bool _missingIsBot;

    public BotUserAgentRule(BotUserAgentOptions options)
    {
        _action = options.Action;
        _missingIsBot = options.TreatMissingAsBot;
        _patterns = (options.UseBuiltInPatterns ? BotUserAgentOptions.BuiltInPatterns : [])
            .Concat(options.AdditionalPatterns)
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => p.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
    {
        var userAgent = context.Click.UserAgent;
        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return Verdict(
                _missingIsBot
                    ? new FraudVerdict(
                        _action,
                        FraudCodes.BotUserAgent,
                        "The click has no user agent; every browser sends one, so it came from a script."
                    )
                    : FraudVerdict.Allow
            );
        }

        return Verdict(Check(userAgent, "click"));
    }

    public ValueTask<FraudVerdict> EvaluateAsync(ConversionFraudContext context, CancellationToken cancellationToken) =>
        Verdict(
            string.IsNullOrWhiteSpace(context.UserAgent) ? FraudVerdict.Allow : Check(context.UserAgent, "conversion")
        );

    private FraudVerdict Check(string userAgent, string what)
    {
        foreach (var pattern in _patterns)
        {
            if (userAgent.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return new FraudVerdict(
                    _action,
                    FraudCodes.BotUserAgent,
                    $"The {what}'s user agent contains '{pattern}', which marks a bot, crawler, script or link preview."
                );
            }
        }

        return FraudVerdict.Allow;
    }

    private static ValueTask<FraudVerdict> Verdict(FraudVerdict verdict) => ValueTask.FromResult(verdict);
}
