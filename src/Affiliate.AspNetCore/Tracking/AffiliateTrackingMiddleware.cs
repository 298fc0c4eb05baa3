using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Tracks referral visits (<c>app.UseAffiliateTracking()</c>): on a GET or HEAD whose query names the referral
/// parameter (or an alias) it queues the click for <see cref="TrackingClickQueue"/>, sets the visitor cookie and the
/// signed attribution cookie, and optionally redirects to the URL without the parameters. It never breaks the
/// visitor's page: bad input, an unknown code, a bot or a refused consent record nothing and set no cookie.
/// </summary>
internal sealed partial class AffiliateTrackingMiddleware
{
    private readonly RequestDelegate _next;
    private readonly TrackingOptions _options;
    private readonly string[] _referralNames;
    private readonly string[] _watchedNames;
    private readonly ReferralVisits _visits;
    private readonly ILogger<AffiliateTrackingMiddleware> _logger;

    public AffiliateTrackingMiddleware(
        RequestDelegate next,
        IOptions<AffiliateWebOptions> options,
        ReferralVisits visits,
        ILogger<AffiliateTrackingMiddleware> logger
    )
    {
        _next = next;
        _options = options.Value.Tracking;
        _referralNames = _options.ReferralNames();
        // The canonical redirect also fires for a visit with only sub-ids, so every tracking parameter is watched
        // when it is on; otherwise only the referral names are.
        _watchedNames = _options.RedirectToCanonicalUrl
            ? [.. _referralNames, .. TrackingQuery.SubIdNames]
            : _referralNames;
        _visits = visits;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        // The plain request's whole cost: the method and one scan of the raw query string.
        if (
            !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || !TrackingQuery.Names(request.QueryString.Value, _watchedNames)
        )
        {
            await _next(context).ConfigureAwait(false);
            return;
        }

        try
        {
            await TrackAsync(context).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Tracking never breaks the visitor's page: whatever failed is logged, the page renders.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogTrackingFailed(_logger, e);
        }

        if (_options.RedirectToCanonicalUrl)
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Redirect(TrackingQuery.Canonical(request, _referralNames));
            return;
        }

        await _next(context).ConfigureAwait(false);
    }

    private async Task TrackAsync(HttpContext context)
    {
        var request = context.Request;
        var code = TrackingQuery.First(request.Query, _referralNames);
        if (code is null)
        {
            return;
        }

        if (!ReferralCode.TryParse(code, out _, out var problem))
        {
            ReferralVisits.LogIgnored(_logger, "the referral code is malformed", problem);
            return;
        }

        var subIds = TrackingQuery.SubIds(request.Query);
        if (!subIds.All(s => TrackingQuery.IsAcceptable(s, InputLimits.MaxCodeLength)))
        {
            ReferralVisits.LogIgnored(
                _logger,
                "a sub-id is too long or has control characters",
                $"at most {InputLimits.MaxCodeLength} printable characters"
            );
            return;
        }

        await _visits.TrackAsync(context, code, subIds, linkId: null, request.GetEncodedUrl()).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3112, Level = LogLevel.Warning, Message = "Tracking a referral visit failed")]
    private static partial void LogTrackingFailed(ILogger logger, Exception exception);
}
