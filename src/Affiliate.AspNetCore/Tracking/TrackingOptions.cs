namespace Affiliate.AspNetCore;

/// <summary>The tracking middleware (<c>app.UseAffiliateTracking()</c>) and its cookies.</summary>
/// <remarks>
/// The middleware reads the visitor's IP from <c>HttpContext.Connection.RemoteIpAddress</c>. Behind a proxy or load
/// balancer, the host configures <c>UseForwardedHeaders</c> (with its known proxies) before the middleware, or every
/// click carries the proxy's address.
/// </remarks>
public sealed class TrackingOptions
{
    /// <summary>The query parameter that carries a partner's referral code; <c>ref</c> by default.</summary>
    public string ReferralParameter { get; set; } = "ref";

    /// <summary>
    /// More query parameters read as the referral code when <see cref="ReferralParameter"/> is absent, e.g.
    /// <c>via</c> and <c>aff</c>; none by default.
    /// </summary>
    public IList<string> ReferralAliases { get; } = [];

    /// <summary>The first-party cookie that holds the visitor id; <c>aff_vid</c> by default.</summary>
    public string VisitorCookieName { get; set; } = "aff_vid";

    /// <summary>
    /// The signed attribution cookie (referral code, click, sub-ids and its expiry, protected with ASP.NET Core Data
    /// Protection); <c>aff_attr</c> by default. It lives as long as the program's attribution window.
    /// </summary>
    public string AttributionCookieName { get; set; } = "aff_attr";

    /// <summary>How long the visitor cookie lives after the last referral visit; 365 days by default.</summary>
    public TimeSpan VisitorCookieLifetime { get; set; } = TimeSpan.FromDays(365);

    /// <summary>
    /// The cookies' domain, e.g. <c>.shop.example</c> to share them with subdomains; the host's own by default.
    /// </summary>
    public string? CookieDomain { get; set; }

    /// <summary>
    /// Whether a referral visit is answered with a 302 to the same URL without the referral and sub-id parameters
    /// (<c>utm_*</c> are kept for the host's analytics), so that search engines and shared links see one URL; off by
    /// default.
    /// </summary>
    public bool RedirectToCanonicalUrl { get; set; }

    /// <summary>
    /// The origins (<c>https://blog.example</c>) whose pages may post to the click endpoint
    /// (<c>app.MapAffiliateTracking()</c>) with credentials; none by default, so only this site's own pages can.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>
    /// How many clicks may wait for the background recorder; 10,000 by default. When it is full, a referral request
    /// waits for room up to <see cref="ClickQueueWait"/>.
    /// </summary>
    public int ClickQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long a referral request waits for room in a full click queue before its click is dropped (and logged);
    /// 2 seconds by default. Bounded back-pressure: when visitors arrive faster than clicks are recorded, their
    /// requests slow down to the recording rate instead of clicks being lost, and a stalled database costs a visitor
    /// at most this long (the page still renders, untracked). <see cref="TimeSpan.Zero"/> drops at once.
    /// </summary>
    public TimeSpan ClickQueueWait { get; set; } = TimeSpan.FromSeconds(2);

    internal void Validate(ICollection<string> failures)
    {
        if (string.IsNullOrWhiteSpace(ReferralParameter))
        {
            failures.Add(
                "AffiliateWebOptions.Tracking.ReferralParameter is empty; set the query parameter name, e.g. 'ref'."
            );
        }

        for (var i = 0; i < ReferralAliases.Count; i++)
        {
            if (!IsToken(ReferralAliases[i]))
            {
                failures.Add(
                    $"AffiliateWebOptions.Tracking.ReferralAliases[{i}] is empty or not a plain parameter name; "
                        + "use letters, digits, '-' or '_', e.g. 'via'."
                );
            }
        }

        if (!IsToken(VisitorCookieName) || !IsToken(AttributionCookieName))
        {
            failures.Add(
                "AffiliateWebOptions.Tracking.VisitorCookieName and AttributionCookieName must be plain cookie names "
                    + "(letters, digits, '-' or '_'), e.g. 'aff_vid' and 'aff_attr'."
            );
        }
        else if (string.Equals(VisitorCookieName, AttributionCookieName, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add(
                "AffiliateWebOptions.Tracking.VisitorCookieName and AttributionCookieName are the same; give each "
                    + "cookie its own name."
            );
        }

        if (VisitorCookieLifetime <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Tracking.VisitorCookieLifetime must be positive, e.g. 365 days.");
        }

        if (ClickQueueCapacity < 1)
        {
            failures.Add("AffiliateWebOptions.Tracking.ClickQueueCapacity must be at least 1, e.g. 10000.");
        }

        if (ClickQueueWait < TimeSpan.Zero || ClickQueueWait > TimeSpan.FromMinutes(1))
        {
            failures.Add(
                "AffiliateWebOptions.Tracking.ClickQueueWait must be between 0 (drop at once) and 1 minute, e.g. 2 s."
            );
        }

        for (var i = 0; i < AllowedOrigins.Count; i++)
        {
            if (TrackingCors.Normalize(AllowedOrigins[i]) is null)
            {
                failures.Add(
                    $"AffiliateWebOptions.Tracking.AllowedOrigins[{i}] is not an origin; give scheme and host only, "
                        + "e.g. 'https://blog.example'."
                );
            }
        }
    }

    /// <summary>The referral parameter followed by its aliases, as the middleware looks for them.</summary>
    internal string[] ReferralNames() => [ReferralParameter, .. ReferralAliases];

    private static bool IsToken(string? value) =>
        !string.IsNullOrEmpty(value) && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
