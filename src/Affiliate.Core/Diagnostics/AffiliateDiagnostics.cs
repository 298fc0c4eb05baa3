using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Affiliate;

/// <summary>
/// The library's metrics and traces: one <see cref="Meter"/> and one <see cref="ActivitySource"/>, both named
/// <see cref="Name"/> (<c>Affiliate</c>). Registered as a singleton by <c>AddAffiliates</c>; the Meter comes from the
/// host's <see cref="IMeterFactory"/> when it has one (so the host's metrics pipeline owns it), else the instance owns
/// a Meter of its own and disposes it with the container. The EF Core bulk click writer reports on a Meter of the same
/// name (<c>clicks.buffered</c>, <c>clicks.written</c>, <c>clicks.duplicates</c>, <c>clicks.dropped</c>,
/// <c>clicks.buffer_depth</c>). The README's "Metrics and traces" section lists every instrument. Thread-safe.
/// </summary>
public sealed class AffiliateDiagnostics : IDisposable
{
    /// <summary>The name of the Meter and of the ActivitySource: <c>Affiliate</c>.</summary>
    public const string Name = "Affiliate";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _clicksRecorded;
    private readonly Counter<long> _clicksRefused;
    private readonly Counter<long> _conversions;
    private readonly Counter<long> _refunds;
    private readonly Counter<double> _commissionAmount;
    private readonly Counter<long> _fraudVerdicts;
    private readonly Counter<long> _linesApproved;
    private readonly Counter<long> _payoutsCreated;
    private readonly Counter<long> _jobRuns;
    private readonly Histogram<double> _jobDuration;

    /// <summary>
    /// Creates the instruments on a Meter from <paramref name="meterFactory"/>, or on a Meter of its own.
    /// </summary>
    public AffiliateDiagnostics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(new MeterOptions(Name)) ?? new Meter(Name);
        ActivitySource = new ActivitySource(Name);
        _clicksRecorded = Meter.CreateCounter<long>(
            "clicks.recorded",
            "{click}",
            "Clicks stored (tags: program, attributable)."
        );
        _clicksRefused = Meter.CreateCounter<long>(
            "clicks.refused",
            "{click}",
            "Clicks refused with a result code and not stored (tags: program, code)."
        );
        _conversions = Meter.CreateCounter<long>(
            "conversions",
            "{conversion}",
            "Conversions recorded or refused (tags: program, outcome)."
        );
        _refunds = Meter.CreateCounter<long>(
            "refunds",
            "{refund}",
            "Refunds recorded or refused (tags: program, outcome)."
        );
        _commissionAmount = Meter.CreateCounter<double>(
            "commissions.amount",
            "{currency}",
            "Commission earned by new positive lines (tags: program, currency, kind)."
        );
        _fraudVerdicts = Meter.CreateCounter<long>(
            "fraud.verdicts",
            "{verdict}",
            "Fraud rule verdicts other than allow (tags: program, subject, code, action)."
        );
        _linesApproved = Meter.CreateCounter<long>(
            "lines.approved",
            "{line}",
            "Commission lines approved by approval runs (tags: program, when the run is for one)."
        );
        _payoutsCreated = Meter.CreateCounter<long>(
            "payouts.created",
            "{payout}",
            "Payouts created by payout runs (tags: program, currency)."
        );
        _jobRuns = Meter.CreateCounter<long>("jobs.runs", "{run}", "Runs of scheduled jobs (tags: job, ran).");
        _jobDuration = Meter.CreateHistogram<double>(
            "jobs.duration",
            "s",
            "How long each run of a scheduled job took (tags: job, ran)."
        );
    }

    /// <summary>The Meter all instruments are on.</summary>
    public Meter Meter { get; }

    /// <summary>
    /// The source of the library's activities (click tracking, conversions, refunds, approvals, payouts, jobs).
    /// </summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>
    /// Counts one run of a scheduled job and its duration: the hosted runner calls it after every
    /// <c>IAffiliateJob.RunOnceAsync</c>.
    /// </summary>
    /// <param name="job">The job's name.</param>
    /// <param name="duration">How long the run took.</param>
    /// <param name="ran">False when it did nothing on purpose (locked elsewhere, not due).</param>
    public void JobRun(string job, TimeSpan duration, bool ran)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var tags = new TagList { { "job", job }, { "ran", ran } };
        _jobRuns.Add(1, tags);
        _jobDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>Starts an activity (null when nobody listens) tagged with the program.</summary>
    internal Activity? Start(string name, ProgramId? programId)
    {
        var activity = ActivitySource.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag("affiliate.program", programId?.Value);
        return activity;
    }

    /// <summary>Counts a click's result and tags its activity.</summary>
    internal AffiliateResult<Click> Clicked(Activity? activity, ProgramId? programId, AffiliateResult<Click> result)
    {
        if (result.Error is { } error)
        {
            _clicksRefused.Add(1, new TagList { { "program", programId?.Value }, { "code", error.Code } });
            Outcome(activity, error.Code, isError: true);
            return result;
        }

        var click = result.Value!;
        activity?.SetTag("affiliate.program", click.ProgramId.Value);
        activity?.SetTag("affiliate.partner", click.PartnerId.Value);
        if (result.AlreadyRecorded)
        {
            Outcome(activity, "replayed", isError: false);
            return result;
        }

        _clicksRecorded.Add(
            1,
            new TagList { { "program", click.ProgramId.Value }, { "attributable", click.Attributable } }
        );
        foreach (var code in click.FraudCodes)
        {
            Verdict(click.ProgramId, "click", code, click.Attributable ? FraudAction.Hold : FraudAction.Reject);
        }

        Outcome(activity, click.Attributable ? "recorded" : "rejected", isError: false);
        return result;
    }

    /// <summary>Counts a conversion's result (outcome, commission, fraud verdicts) and tags its activity.</summary>
    internal AffiliateResult<ConversionOutcome> Converted(
        Activity? activity,
        ProgramId? programId,
        AffiliateResult<ConversionOutcome> result
    )
    {
        if (result.Error is { } error)
        {
            _conversions.Add(1, new TagList { { "program", programId?.Value }, { "outcome", error.Code } });
            Outcome(activity, error.Code, isError: true);
            return result;
        }

        var (conversion, lines, fraud) = result.Value!;
        var program = conversion.ProgramId.Value;
        activity?.SetTag("affiliate.program", program);
        activity?.SetTag("affiliate.partner", conversion.PrimaryPartnerId?.Value);
        activity?.SetTag("affiliate.conversion", conversion.Id.Value);
        if (result.AlreadyRecorded)
        {
            Outcome(activity, "replayed", isError: false);
            return result;
        }

        var outcome = Outcome(conversion.Status);
        _conversions.Add(1, new TagList { { "program", program }, { "outcome", outcome } });
        Commission(lines);
        if (fraud is not null)
        {
            foreach (var verdict in fraud.Verdicts.Where(v => v.Action != FraudAction.Allow))
            {
                Verdict(conversion.ProgramId, "conversion", verdict.Code, verdict.Action);
            }
        }
        else
        {
            // Decided before the rule pipeline (self-referral): the codes are on the conversion.
            foreach (var code in conversion.FraudCodes)
            {
                Verdict(conversion.ProgramId, "conversion", code, conversion.FraudAction);
            }
        }

        Outcome(activity, outcome, isError: false);
        return result;
    }

    /// <summary>Counts a refund's result and tags its activity.</summary>
    internal AffiliateResult<RefundOutcome> Refunded(
        Activity? activity,
        ProgramId? programId,
        AffiliateResult<RefundOutcome> result
    )
    {
        var outcome = result.Error?.Code ?? (result.AlreadyRecorded ? "replayed" : "recorded");
        if (result.Value is { } refund)
        {
            activity?.SetTag("affiliate.program", refund.Conversion.ProgramId.Value);
            activity?.SetTag("affiliate.partner", refund.Conversion.PrimaryPartnerId?.Value);
            activity?.SetTag("affiliate.conversion", refund.Conversion.Id.Value);
        }

        if (!result.AlreadyRecorded)
        {
            _refunds.Add(1, new TagList { { "program", programId?.Value }, { "outcome", outcome } });
        }

        Outcome(activity, outcome, isError: !result.Succeeded);
        return result;
    }

    /// <summary>Counts the lines an approval run approved and tags its activity.</summary>
    internal int Approved(Activity? activity, ProgramId? programId, int approved)
    {
        if (approved > 0)
        {
            _linesApproved.Add(approved, new TagList { { "program", programId?.Value } });
        }

        activity?.SetTag("affiliate.lines", approved);
        Outcome(activity, approved > 0 ? "approved" : "none", isError: false);
        return approved;
    }

    /// <summary>Counts the payouts a payout run created and tags its activity.</summary>
    internal AffiliateResult<PayoutRun> PaidOut(Activity? activity, AffiliateResult<PayoutRun> run)
    {
        var payouts = run.Value?.Payouts ?? [];
        foreach (var payout in payouts)
        {
            _payoutsCreated.Add(
                1,
                new TagList { { "program", payout.ProgramId.Value }, { "currency", payout.Amount.Currency.Code } }
            );
        }

        activity?.SetTag("affiliate.payouts", payouts.Count);
        var outcome = run.Error?.Code ?? (payouts.Count > 0 ? "created" : run.Value!.Status.ToString());
        Outcome(activity, outcome, isError: !run.Succeeded);
        return run;
    }

    /// <summary>
    /// Counts commission earned by new positive lines (a period-close adjustment, a conversion's lines).
    /// </summary>
    internal void Commission(IEnumerable<CommissionLine> lines)
    {
        foreach (var line in lines.Where(l => l.Amount.IsPositive))
        {
            _commissionAmount.Add(
                (double)line.Amount.Amount,
                new TagList
                {
                    { "program", line.ProgramId.Value },
                    { "currency", line.Amount.Currency.Code },
                    { "kind", line.Kind.ToString() },
                }
            );
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    private void Verdict(ProgramId programId, string subject, string code, FraudAction action) =>
        _fraudVerdicts.Add(
            1,
            new TagList
            {
                { "program", programId.Value },
                { "subject", subject },
                { "code", code },
                { "action", action.ToString() },
            }
        );

    private static string Outcome(ConversionStatus status) =>
        status switch
        {
            ConversionStatus.Attributed => "attributed",
            ConversionStatus.NotAttributed => "not_attributed",
            ConversionStatus.Held => "held",
            ConversionStatus.Rejected => "rejected",
            _ => status.ToString(),
        };

    private static void Outcome(Activity? activity, string outcome, bool isError)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("affiliate.outcome", outcome);
        if (isError)
        {
            activity.SetStatus(ActivityStatusCode.Error, outcome);
        }
    }
}
