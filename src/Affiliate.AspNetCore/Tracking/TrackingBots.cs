using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Whether a user agent is a known bot, by the core's bot rule settings (<see cref="FraudOptions.BotUserAgents"/>:
/// its built-in patterns and the host's additions), so the middleware neither counts a bot nor sets it a cookie.
/// </summary>
internal sealed class TrackingBots
{
    private readonly bool _enabled;
    private readonly bool _missingIsBot;
    private readonly string[] _patterns;

    public TrackingBots(IOptions<AffiliateOptions> options)
    {
        var bots = options.Value.Fraud.BotUserAgents;
        _enabled = bots.Enabled;
        _missingIsBot = bots.TreatMissingAsBot;
        _patterns = (bots.UseBuiltInPatterns ? BotUserAgentOptions.BuiltInPatterns : [])
            .Concat(bots.AdditionalPatterns)
            .Where(p => !string.IsNullOrWhiteSpace(p))
            .Select(p => p.Trim())
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToArray();
    }

    public bool IsBot(string? userAgent)
    {
        if (!_enabled)
        {
            return false;
        }

        if (string.IsNullOrWhiteSpace(userAgent))
        {
            return _missingIsBot;
        }

        foreach (var pattern in _patterns)
        {
            if (userAgent.Contains(pattern, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
