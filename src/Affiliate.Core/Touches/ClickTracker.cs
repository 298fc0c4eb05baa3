using Affiliate.Stores;
using Microsoft.Extensions.Logging;

namespace Affiliate;

/// <summary>
/// Records clicks: resolves the referral code, anonymises and hashes the IP address, runs the click fraud rules and
/// stores the click. Idempotent on the click id. Thread-safe.
/// </summary>
public sealed partial class ClickTracker(
    IClock clock,
    ProgramCatalog programs,
    IPartnerStore partners,
    ReferralCodeCache codes,
    ITouchStore touches,
    FraudPipeline fraud,
    IpAddressAnonymizer anonymizer,
    Microsoft.Extensions.Options.IOptions<AffiliateOptions> options,
    ILogger<ClickTracker> logger,
    AffiliateDiagnostics diagnostics
)
{
    /// <summary>
    /// Records a click. Unknown or inactive partners' codes are refused with a stable code; a click rejected by a fraud
    /// rule is stored as not attributable.
    /// </summary>
    private async ValueTask<AffiliateResult<Click>> TrackAsync(
        ClickRequest request,
        CancellationToken cancellationToken
    )
    {
        var (prepared, refused) = await PrepareAsync(request, cancellationToken).ConfigureAwait(false);
        if (prepared is null)
        {
            return refused!;
        }

        var click = prepared.Click;
        if (
            request is { ClickId: { } id, ClickIdIsNew: false }
            && await touches.FindClickAsync(click.ProgramId, id, cancellationToken).ConfigureAwait(false)
                is { } existing
        )
        {
            return Replay(existing, click, request.OccurredAt is not null);
        }

        // Velocity rules only need to know whether a source reached its limit: count that far and no further, on the
        // source's own index, in one round trip, and not at all when the rules are off.
        var counts = await CountVelocityAsync(click, click.ProgramId, request.VisitorIsNew, cancellationToken)
            .ConfigureAwait(false);
        return await StoreAsync(prepared, counts, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The checks that need no click store: the program, the request's fields, the code and its partner (through
    /// the code cache). The click as it would be stored, or the refusal.
    /// </summary>
    private async ValueTask<(PreparedClick? Prepared, AffiliateResult<Click>? Refused)> PrepareAsync(
        ClickRequest request,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(request);
        var program = programs.Find(request.ProgramId);
        if (program is null)
        {
            return (null, ProgramCatalog.Unknown<Click>(request.ProgramId));
        }

        if (Problem(request) is { } invalid)
        {
            return (null, AffiliateResult<Click>.Failure(invalid));
        }

        if (!ReferralCode.TryParse(request.ReferralCode, out var code, out var problem))
        {
            return (null, AffiliateResult<Click>.Failure(AffiliateErrorCodes.UnknownReferralCode, problem));
        }

        var partner = await codes.FindAsync(code, partners, cancellationToken).ConfigureAwait(false);
        if (partner is null)
        {
            return (
                null,
                AffiliateResult<Click>.Failure(
                    AffiliateErrorCodes.UnknownReferralCode,
                    $"No partner has the referral code '{code}'."
                )
            );
        }

        if (!partner.CanEarn)
        {
            return (
                null,
                AffiliateResult<Click>.Failure(
                    AffiliateErrorCodes.PartnerNotActive,
                    $"Partner '{partner.Id}' is {partner.Status}; their links do not track."
                )
            );
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
            LandingUrl = InputLimits.CleanFreeText(request.LandingUrl, InputLimits.MaxUrlLength),
            Referrer = InputLimits.CleanFreeText(request.Referrer, InputLimits.MaxUrlLength),
            UserAgent = InputLimits.CleanFreeText(request.UserAgent, InputLimits.MaxUserAgentLength),
            VisitorId = request.VisitorId,
            OccurredAt = at,
            AnonymizedIp = ip is null ? null : anonymizer.Anonymize(ip),
            IpHash = ip is null ? null : anonymizer.Hash(ip),
            Country = request.Country?.ToUpperInvariant(),
        };
        return (new PreparedClick(request, program.TimeZone, click, ip), null);
    }

    /// <summary>Runs the fraud rules with the velocity counts given and stores the click.</summary>
    private async ValueTask<AffiliateResult<Click>> StoreAsync(
        PreparedClick prepared,
        (int FromIp, int FromVisitor) counts,
        CancellationToken cancellationToken
    )
    {
        var (request, timeZone, click, ip) = prepared;
        var assessment = await fraud
            .AssessClickAsync(
                new ClickFraudContext
                {
                    Click = click,
                    IpAddress = ip,
                    ClicksFromIpInWindow = counts.FromIp,
                    ClicksFromVisitorInWindow = counts.FromVisitor,
                },
                cancellationToken
            )
            .ConfigureAwait(false);

        // A rejected click is kept (reports count it) but can never earn credit.
        click = click with { Attributable = assessment.Action != FraudAction.Reject, FraudCodes = assessment.Codes };
        var written = await touches
            .AddClickAsync(click, new RollupChange().Click(click, timeZone), cancellationToken)
            .ConfigureAwait(false);
        if (written.Status == StoreWriteStatus.Duplicate)
        {
            var raced = await touches
                .FindClickAsync(click.ProgramId, click.Id, cancellationToken)
                .ConfigureAwait(false);
            return raced is null
                ? AffiliateResult<Click>.Failure(
                    AffiliateErrorCodes.ConcurrencyConflict,
                    written.Detail ?? "click write collided"
                )
                : Replay(raced, click, request.OccurredAt is not null);
        }

        if (Unwritten(written) is { } unwritten)
        {
            return AffiliateResult<Click>.Failure(unwritten);
        }

        if (!assessment.IsAllow)
        {
            LogClickFlagged(logger, click.Id, click.PartnerId, assessment);
        }

        return click.Attributable
            ? AffiliateResult<Click>.Success(click)
            : AffiliateResult<Click>.Success(click, [NotAttributable(assessment)]);
    }

    private async ValueTask<(int FromIp, int FromVisitor)> CountVelocityAsync(
        Click click,
        ProgramId programId,
        bool newVisitor,
        CancellationToken cancellationToken
    )
    {
        var fraudOptions = options.Value.Fraud;
        var (ip, visitor) = (fraudOptions.IpVelocity, fraudOptions.VisitorVelocity);
        var countIp = click.IpHash is not null && ip.Enabled;
        // A visitor id made for this request has no stored clicks to count.
        var countVisitor = visitor.Enabled && !newVisitor;
        if (!countIp && !countVisitor)
        {
            return (0, 0);
        }

        var until = click.OccurredAt + Duration.Epsilon;
        var counts = await touches
            .CountClicksUpToAsync(
                [
                    new ClickLimit(
                        new ClickQuery
                        {
                            ProgramId = programId,
                            IpHash = click.IpHash,
                            From = click.OccurredAt - ip.Window,
                            Until = until,
                        },
                        countIp ? ip.MaxClicks : 0
                    ),
                    new ClickLimit(
                        new ClickQuery
                        {
                            ProgramId = programId,
                            VisitorId = click.VisitorId,
                            From = click.OccurredAt - visitor.Window,
                            Until = until,
                        },
                        countVisitor ? visitor.MaxClicks : 0
                    ),
                ],
                cancellationToken
            )
            .ConfigureAwait(false);
        return (counts[0], counts[1]);
    }

    /// <summary>What a click request carries that no store may keep (see <see cref="InputLimits"/>).</summary>
    private static AffiliateError? Problem(ClickRequest request)
    {
        if (request.SubIds is null)
        {
            return new AffiliateError(AffiliateErrorCodes.InvalidRequest, "SubIds is null; give an empty list.");
        }

        var subIdProblem = request
            .SubIds.Select(
                (subId, i) =>
                    subId is null
                        ? new AffiliateError(AffiliateErrorCodes.InvalidRequest, $"SubIds[{i}] is null.")
                        : InputCheck.Text($"SubIds[{i}]", subId, InputLimits.MaxCodeLength)
            )
            .FirstOrDefault(p => p is not null);
        return InputCheck.First(
            InputCheck.Required(nameof(request.VisitorId), request.VisitorId, InputLimits.MaxIdLength),
            InputCheck.Id(nameof(request.ClickId), request.ClickId is { } id ? id.Value : string.Empty),
            InputCheck.Text(nameof(request.LinkId), request.LinkId, InputLimits.MaxIdLength),
            InputCheck.Text(nameof(request.Country), request.Country, InputLimits.MaxCodeLength),
            subIdProblem,
            InputCheck.Instant(nameof(request.OccurredAt), request.OccurredAt)
        );
    }

    /// <summary>A write that stored nothing and is not a duplicate: the buffer had no room, or a collision.</summary>
    private static AffiliateError? Unwritten(StoreWriteResult written) =>
        written.Status switch
        {
            StoreWriteStatus.Written => null,
            StoreWriteStatus.Dropped => new AffiliateError(
                AffiliateErrorCodes.ClickDropped,
                $"The click was not stored ({written.Detail}); send it again later."
            ),
            _ => new AffiliateError(AffiliateErrorCodes.ConcurrencyConflict, written.Detail ?? "click write collided"),
        };

    /// <summary>Why a stored click can never be credited: the rules that rejected it.</summary>
    private static AffiliateError NotAttributable(FraudAssessment assessment) =>
        new(
            AffiliateWarningCodes.ClickNotAttributable,
            "The click is counted but can never be credited: "
                + string.Join(" ", assessment.Verdicts.Where(v => v.Action == FraudAction.Reject).Select(v => v.Reason))
        );

    /// <summary>
    /// A click recorded again with its id is a replay when its content is the same. Its time counts only when the
    /// caller gave one: a retried request stamped "now" a moment later is still the same click.
    /// </summary>
    private static AffiliateResult<Click> Replay(Click existing, Click incoming, bool timeGiven) =>
        Content(existing, timeGiven) == Content(incoming, timeGiven)
            ? AffiliateResult<Click>.Replayed(existing)
            : AffiliateResult<Click>.Failure(
                AffiliateErrorCodes.IdempotencyConflict,
                $"Click '{existing.Id}' was recorded before with other content."
            );

    private static string Content(Click click, bool withTime) =>
        Fingerprint.Of(
            new ClickRequestContent(
                click.PartnerId,
                click.LinkId,
                string.Join(',', click.SubIds),
                click.LandingUrl,
                click.Referrer,
                click.UserAgent,
                click.VisitorId,
                withTime ? click.OccurredAt : null,
                click.IpHash,
                click.Country
            )
        );

    [LoggerMessage(
        EventId = 1001,
        Level = LogLevel.Information,
        Message = "Click {ClickId} for partner {PartnerId} flagged by fraud rules: {Assessment}"
    )]
    private static partial void LogClickFlagged(
        ILogger logger,
        ClickId clickId,
        PartnerId partnerId,
        FraudAssessment assessment
    );
}
