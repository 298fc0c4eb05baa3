using Affiliate.Conversions;
using Affiliate.Fraud;
using Affiliate.Partners;
using Affiliate.Privacy;
using Affiliate.Programs;
using Affiliate.Reports;
using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate.Touches;

/// <summary>
/// Records clicks: resolves the referral code, anonymises and hashes the IP address, runs the click fraud rules and
/// stores the click. Idempotent on the click id. Thread-safe.
/// </summary>
public sealed partial class ClickTracker(
    IClock clock,
    ProgramCatalog programs,
    IPartnerStore partners,
    ITouchStore touches,
    FraudPipeline fraud,
    IpAddressAnonymizer anonymizer,
    Microsoft.Extensions.Options.IOptions<Hosting.AffiliateOptions> options,
    ILogger<ClickTracker> logger,
    Diagnostics.AffiliateDiagnostics diagnostics)
{
    /// <summary>Records a click. Unknown or inactive partners' codes are refused with a stable code; a click rejected by a fraud rule is stored as not attributable.</summary>
    private async ValueTask<AffiliateResult<Click>> TrackAsync(
        ClickRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = programs.Find(request.ProgramId);
        if (program is null)
        {
            return ProgramCatalog.Unknown<Click>(request.ProgramId);
        }

        if (string.IsNullOrWhiteSpace(request.VisitorId))
        {
            return AffiliateResult<Click>.Failure(AffiliateErrorCodes.InvalidRequest, "A click needs a visitor id (the first-party cookie value).");
        }

        if (TextInput.FirstWithControl(("VisitorId", request.VisitorId), ("LinkId", request.LinkId), ("Country", request.Country),
                ("a sub-id", request.SubIds.FirstOrDefault(TextInput.HasControl))) is { } field)
        {
            return AffiliateResult<Click>.Failure(AffiliateErrorCodes.InvalidRequest, $"{field} contains a control character.");
        }

        if (!ReferralCode.TryParse(request.ReferralCode, out var code, out var problem))
        {
            return AffiliateResult<Click>.Failure(AffiliateErrorCodes.UnknownReferralCode, problem);
        }

        var partner = await partners.FindByReferralCodeAsync(code, cancellationToken).ConfigureAwait(false);
        if (partner is null)
        {
            return AffiliateResult<Click>.Failure(AffiliateErrorCodes.UnknownReferralCode, $"No partner has the referral code '{code}'.");
        }

        if (!partner.CanEarn)
        {
            return AffiliateResult<Click>.Failure(AffiliateErrorCodes.PartnerNotActive, $"Partner '{partner.Id}' is {partner.Status}; their links do not track.");
        }

        var at = request.OccurredAt ?? clock.GetCurrentInstant();
        var ip = IpAddressAnonymizer.TryParse(request.IpAddress, out var parsed) ? parsed : null;
        var click = new Click
        {
            Id = request.ClickId ?? ClickId.New(),
            ProgramId = program.Id,
            PartnerId = partner.Id,
            LinkId = request.LinkId,
            SubIds = request.SubIds,
            LandingUrl = TextInput.Clean(request.LandingUrl),
            Referrer = TextInput.Clean(request.Referrer),
            UserAgent = TextInput.Clean(request.UserAgent),
            VisitorId = request.VisitorId,
            OccurredAt = at,
            AnonymizedIp = ip is null ? null : anonymizer.Anonymize(ip),
            IpHash = ip is null ? null : anonymizer.Hash(ip),
            Country = request.Country?.ToUpperInvariant(),
        };

        if (request.ClickId is { } id && await touches.FindClickAsync(program.Id, id, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return Replay(existing, click, request.OccurredAt is not null);
        }

        // Velocity rules only need to know whether a source reached its limit: count that far and no further, on the
        // source's own index, and not at all when the rule is off.
        var fraudOptions = options.Value.Fraud;
        var ipVelocity = fraudOptions.IpVelocity;
        var ipCount = click.IpHash is null || !ipVelocity.Enabled ? 0 : await touches.CountClicksUpToAsync(
            new ClickQuery { ProgramId = program.Id, IpHash = click.IpHash, From = at - ipVelocity.Window, Until = at + Duration.Epsilon },
            ipVelocity.MaxClicks, cancellationToken).ConfigureAwait(false);
        var visitorVelocity = fraudOptions.VisitorVelocity;
        var visitorCount = !visitorVelocity.Enabled ? 0 : await touches.CountClicksUpToAsync(
            new ClickQuery { ProgramId = program.Id, VisitorId = click.VisitorId, From = at - visitorVelocity.Window, Until = at + Duration.Epsilon },
            visitorVelocity.MaxClicks, cancellationToken).ConfigureAwait(false);
        var assessment = await fraud.AssessClickAsync(new ClickFraudContext { Click = click, IpAddress = ip, ClicksFromIpInWindow = ipCount, ClicksFromVisitorInWindow = visitorCount }, cancellationToken).ConfigureAwait(false);

        // A rejected click is kept (reports count it) but can never earn credit.
        click = click with { Attributable = assessment.Action != FraudAction.Reject, FraudCodes = assessment.Codes };
        var written = await touches.AddClickAsync(click, new RollupChange().Click(click, program.TimeZone), cancellationToken).ConfigureAwait(false);
        if (written.Status == StoreWriteStatus.Duplicate)
        {
            var raced = await touches.FindClickAsync(program.Id, click.Id, cancellationToken).ConfigureAwait(false);
            return raced is null ? AffiliateResult<Click>.Failure(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "click write collided") : Replay(raced, click, request.OccurredAt is not null);
        }

        if (!assessment.IsAllow)
        {
            LogClickFlagged(logger, click.Id, partner.Id, assessment);
        }

        return AffiliateResult<Click>.Success(click);
    }

    /// <summary>
    /// A click recorded again with its id is a replay when its content is the same. Its time counts only when the
    /// caller gave one: a retried request stamped "now" a moment later is still the same click.
    /// </summary>
    private static AffiliateResult<Click> Replay(Click existing, Click incoming, bool timeGiven) =>
        Content(existing, timeGiven) == Content(incoming, timeGiven)
            ? AffiliateResult<Click>.Replayed(existing)
            : AffiliateResult<Click>.Failure(AffiliateErrorCodes.IdempotencyConflict, $"Click '{existing.Id}' was recorded before with other content.");

    private static string Content(Click click, bool withTime) => Fingerprint.Of(new ClickRequestContent(
        click.PartnerId, click.LinkId, string.Join(',', click.SubIds), click.LandingUrl, click.Referrer, click.UserAgent, click.VisitorId, withTime ? click.OccurredAt : null, click.IpHash, click.Country));

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Click {ClickId} for partner {PartnerId} flagged by fraud rules: {Assessment}")]
    private static partial void LogClickFlagged(ILogger logger, ClickId clickId, PartnerId partnerId, FraudAssessment assessment);
}
