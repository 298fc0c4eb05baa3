using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// One referral visit, however it arrived (a page with the referral parameter, a <c>/go</c> link): skips bots and
/// visitors who did not consent, hands the click to the <see cref="TrackingClickQueue"/> without waiting on the
/// database (only for room in a full queue, briefly), and sets the visitor cookie and the signed attribution cookie
/// that checkout credits through.
/// </summary>
internal sealed partial class ReferralVisits(
    IOptions<AffiliateWebOptions> options,
    TrackingBots bots,
    TrackingClickQueue queue,
    AttributionCookie attribution,
    IClock clock,
    ILogger<ReferralVisits> logger
)
{
    private readonly TrackingOptions _options = options.Value.Tracking;

    /// <summary>Tracks the visit; false when not tracked (a bot, no consent, a full queue), no cookie set.</summary>
    /// <param name="context">The visitor's request.</param>
    /// <param name="code">A well-formed referral code (parsed by the caller).</param>
    /// <param name="subIds">Acceptable sub-ids (checked by the caller).</param>
    /// <param name="linkId">The partner link followed, if any.</param>
    /// <param name="landingUrl">Where the visitor lands.</param>
    public async ValueTask<bool> TrackAsync(
        HttpContext context,
        string code,
        IReadOnlyList<string> subIds,
        string? linkId,
        string landingUrl
    )
    {
        var request = context.Request;
        var userAgent = request.Headers.UserAgent.ToString();
        if (bots.IsBot(userAgent))
        {
            LogIgnored(logger, "the user agent is a known bot", userAgent);
            return false;
        }

        var consent = context.RequestServices.GetService<ITrackingConsent>();
        if (consent is not null && !await consent.AllowsTrackingAsync(context).ConfigureAwait(false))
        {
            LogIgnored(logger, "the visitor has not consented to tracking", "ITrackingConsent refused");
            return false;
        }

        var cookie = request.Cookies[_options.VisitorCookieName];
        var newVisitor = !TrackingQuery.IsVisitorId(cookie);
        var visitorId = newVisitor ? TrackingQuery.NewVisitorId() : cookie!;

        var now = clock.GetCurrentInstant();
        var click = new ClickRequest
        {
            ClickId = ClickId.New(),
            // Both ids made here: the tracker need not look them up in the store (a batch of new visitors then costs
            // one click-id and one velocity round trip per IP, not one per visitor).
            ClickIdIsNew = true,
            VisitorIsNew = newVisitor,
            ReferralCode = code,
            VisitorId = visitorId,
            LinkId = linkId,
            SubIds = subIds,
            LandingUrl = landingUrl,
            Referrer = request.Headers.Referer is { Count: > 0 } referer ? referer.ToString() : null,
            UserAgent = userAgent,
            IpAddress = context.Connection.RemoteIpAddress?.ToString(),
            OccurredAt = now,
        };
        // Not cancelled when the visitor goes away: the visit happened and its click counts (the wait is bounded).
        if (!await queue.EnqueueAsync(click, CancellationToken.None).ConfigureAwait(false))
        {
            return false;
        }

        context.Response.Cookies.Append(
            _options.VisitorCookieName,
            visitorId,
            AttributionCookie.CookieOptions(_options, Duration.FromTimeSpan(_options.VisitorCookieLifetime))
        );
        attribution.Write(
            context,
            new AffiliateAttribution(code, click.ClickId.Value, visitorId, subIds, now + attribution.Window)
        );
        return true;
    }

    [LoggerMessage(EventId = 3111, Level = LogLevel.Debug, Message = "Referral visit not tracked: {Reason} ({Detail})")]
    internal static partial void LogIgnored(ILogger logger, string reason, string detail);
}
