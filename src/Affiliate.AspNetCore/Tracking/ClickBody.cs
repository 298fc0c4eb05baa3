namespace Affiliate.AspNetCore;

/// <summary>What the tracking script posts to the click endpoint.</summary>
/// <param name="Code">The referral code from the page's URL.</param>
/// <param name="SubIds">sub1..sub5 from the page's URL (at most five; an absent one in between empty).</param>
/// <param name="LandingUrl">The page's URL.</param>
/// <param name="Referrer">The page's referrer.</param>
/// <param name="VisitorId">The visitor id the endpoint handed out before, if the page kept one.</param>
public sealed record ClickBody(
    string Code,
    IReadOnlyList<string>? SubIds = null,
    string? LandingUrl = null,
    string? Referrer = null,
    string? VisitorId = null
);

/// <summary>The click endpoint's answer.</summary>
/// <param name="VisitorId">The visitor id to keep (first-party cookie) and pass to checkout.</param>
/// <param name="ClickId">The recorded click; null when nothing was recorded (a bot).</param>
/// <param name="Attribution">
/// The signed attribution (what the middleware's attribution cookie holds), for the page to keep in a first-party
/// cookie of the attribution cookie's name or to pass to checkout as <see cref="AffiliateOrder.Attribution"/>; null
/// when the click cannot earn (a bot, or rejected by a fraud rule).
/// </param>
/// <param name="AttributionMaxAge">How many seconds the attribution counts; 0 when there is none.</param>
public sealed record TrackedClick(
    string VisitorId,
    string? ClickId,
    string? Attribution = null,
    long AttributionMaxAge = 0
);
