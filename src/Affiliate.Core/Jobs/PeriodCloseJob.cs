using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate;

/// <summary>
/// The <c>period-close</c> job: once a calendar month has closed in a program's time zone, re-rates the month of every
/// partner who converted in it under a volume-tier rule with <see cref="VolumeTiers.AdjustAtPeriodClose"/>, and writes
/// what the tier reached by the month's end still owes as one pending <see cref="LedgerEntryKind.PeriodAdjustment"/>
/// line (see <see cref="PeriodCloseAdjustment"/>), with a <see cref="CommissionLineCreated"/> event.
/// </summary>
/// <remarks>
/// <para>
/// Each run closes the month before the one the clock is in. The partners come from the month's daily rollups (one
/// grouped query per program); a partner's conversions and lines are read by the partner's indexes, so a run costs the
/// month of the partners who converted, not the program's history. Conversions recorded after the month was closed
/// keep the tier rate of their own ordinal: the month is re-rated once.
/// </para>
/// <para>
/// Idempotent: the line's id is derived from the program, partner, rule and month, so a second run, or another
/// instance running at the same time, writes nothing more (the store refuses a line id it already holds). With a store
/// that locks jobs, other instances skip the run. The line is approvable once the month's last conversions are (the
/// end of the month plus the hold period) and is tied to no conversion, so a later refund does not reverse it: a
/// re-rating never takes money back.
/// </para>
/// </remarks>
public sealed partial class PeriodCloseJob(
    IServiceScopeFactory scopes,
    IClock clock,
    TimeProvider time,
    AffiliateDiagnostics diagnostics,
    ILogger<PeriodCloseJob>? logger = null
) : IAffiliateJob
{
    /// <summary>The job's name.</summary>
    public const string JobName = "period-close";

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public ValueTask<JobRun> RunOnceAsync(CancellationToken cancellationToken) =>
        new ProgramJobRun(JobName, scopes, clock, time, diagnostics).RunAsync(
            (services, program, now, token) => CloseAsync(new Closing(services, now), program, token),
            "Another instance is closing periods.",
            "No program re-rates its volume tiers at period close.",
            "adjustment lines written for the month before",
            cancellationToken
        );

    /// <summary>
    /// The id of the adjustment line of a partner's month under a rule: the same inputs always give the same id.
    /// </summary>
    public static CommissionLineId AdjustmentLineId(
        ProgramId programId,
        PartnerId partnerId,
        string ruleId,
        LocalDate month
    )
    {
        ArgumentException.ThrowIfNullOrEmpty(ruleId);
        var key = string.Create(
            CultureInfo.InvariantCulture,
            $"{programId.Value}\n{partnerId.Value}\n{ruleId}\n{month.Year:D4}-{month.Month:D2}"
        );
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return new CommissionLineId("cml_pc_" + hash[..40]);
    }

    /// <summary>Closes a program's previous month; null when its plan has no rule to re-rate.</summary>
    private async ValueTask<int?> CloseAsync(
        Closing close,
        AffiliateProgram program,
        CancellationToken cancellationToken
    )
    {
        var zone = program.TimeZone;
        var current = VolumeWindow.MonthContaining(close.Now, zone);
        var month = VolumeWindow.MonthContaining(current.Start - Duration.Epsilon, zone);
        var rules = AdjustingRules(program.Plan, month.Start, month.End);
        if (rules.Count == 0)
        {
            return null;
        }

        var first = month.Start.InZone(zone).Date;
        var stats = await close
            .Rollups.StatsAsync(
                new StatsQuery
                {
                    ProgramId = program.Id,
                    From = first,
                    Until = current.Start.InZone(zone).Date,
                    GroupBy = StatsGrouping.Partner,
                },
                cancellationToken
            )
            .ConfigureAwait(false);

        var written = 0;
        foreach (var row in stats)
        {
            if (row.PartnerId is { } partnerId && row.Counters.Conversions > 0)
            {
                written += await ClosePartnerAsync(close, program, partnerId, rules, month, cancellationToken)
                    .ConfigureAwait(false);
            }
        }

        return written;
    }

    /// <summary>The ids of the rules of the versions in force during the month that re-rate at period close.</summary>
    private static List<string> AdjustingRules(CommissionPlan plan, Instant start, Instant end) =>
        plan
            .Versions.Where(v => v.EffectiveFrom < end && (v.EffectiveUntil ?? Instant.MaxValue) > start)
            .SelectMany(v => v.Rules)
            .Where(r => r.Tiers is { AdjustAtPeriodClose: true, Window.Kind: VolumeWindowKind.CalendarMonth })
            .Select(r => r.Id)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private async ValueTask<int> ClosePartnerAsync(
        Closing close,
        AffiliateProgram program,
        PartnerId partnerId,
        IReadOnlyList<string> rules,
        (Instant Start, Instant End) month,
        CancellationToken cancellationToken
    )
    {
        // The partner's month: conversions by the partner's conversion index, lines by the partner's line index from
        // the month's start (a line is written when its conversion is recorded, never before it occurs).
        var conversions = new List<Conversion>();
        var query = new ConversionQuery
        {
            ProgramId = program.Id,
            From = month.Start,
            Until = month.End,
            PartnerId = partnerId,
        };
        await foreach (var conversion in close.Conversions.QueryAsync(query, cancellationToken).ConfigureAwait(false))
        {
            conversions.Add(conversion);
        }

        var lines = await close
            .Ledger.QueryLinesAsync(
                new LineQuery
                {
                    ProgramId = program.Id,
                    PartnerId = partnerId,
                    CreatedFrom = month.Start,
                },
                cancellationToken
            )
            .ConfigureAwait(false);

        var written = 0;
        var monthDate = month.Start.InZone(program.TimeZone).Date;
        foreach (var ruleId in rules)
        {
            var period = PeriodConversions(conversions, lines, ruleId, program.Plan.Currency);
            if (period.Count == 0 || !AdjustsAt(program.Plan, ruleId, period.Max(c => c.OccurredAt)))
            {
                continue;
            }

            var priced = PeriodCloseAdjustment.Calculate(
                new PeriodCloseRequest
                {
                    Plan = program.Plan,
                    RuleId = ruleId,
                    PartnerId = partnerId,
                    Conversions = period,
                    TimeZone = program.TimeZone,
                }
            );
            if (priced is null)
            {
                continue;
            }

            var line = AdjustmentLine(program, priced, ruleId, monthDate, month.End, close.Now);
            if (await WriteAsync(close, program, line, cancellationToken).ConfigureAwait(false))
            {
                written++;
            }
        }

        return written;
    }

    /// <summary>
    /// The partner's credited conversions of the month priced by the rule, each with its basis net of refunds and what
    /// the rule earned on it net of reversals. Held, rejected and fully reversed ones do not count.
    /// </summary>
    private static List<PeriodConversion> PeriodConversions(
        List<Conversion> conversions,
        IReadOnlyList<CommissionLine> lines,
        string ruleId,
        Currency currency
    )
    {
        var reversedBy = lines
            .Where(l => l.ReversesLineId is not null && l.IsLive)
            .ToLookup(l => l.ReversesLineId!.Value);
        var sellerLines = lines
            .Where(l =>
                l.ConversionId is not null
                && l.ReversesLineId is null
                && l.Level == 1
                && l.Kind == LedgerEntryKind.Commission
                && l.State is CommissionState.Pending or CommissionState.Approved or CommissionState.Paid
            )
            .ToLookup(l => l.ConversionId!.Value);

        var period = new List<PeriodConversion>();
        foreach (var conversion in conversions)
        {
            if (conversion.Status is not (ConversionStatus.Attributed or ConversionStatus.PartiallyRefunded))
            {
                continue;
            }

            var kept = conversion.Amount.IsZero ? 0m : 1m - (conversion.Refunded.Amount / conversion.Amount.Amount);
            var basis = 0m;
            var earned = 0m;
            var quantity = 0;
            var priced = false;
            foreach (var line in sellerLines[conversion.Id])
            {
                var net = line.Amount.Amount + reversedBy[line.Id].Sum(r => r.Amount.Amount);
                foreach (var part in line.Details?.Parts ?? [])
                {
                    if (part.RuleId == ruleId)
                    {
                        priced = true;
                        basis += part.Basis.Amount * kept;
                        earned += line.Amount.IsZero ? 0m : part.Amount.Amount * net / line.Amount.Amount;
                        quantity += part.Quantity;
                    }
                }
            }

            if (priced)
            {
                period.Add(
                    new PeriodConversion(
                        conversion.Id,
                        conversion.OccurredAt,
                        new Money(basis, currency).Round(),
                        quantity,
                        new Money(earned, currency).Round()
                    )
                );
            }
        }

        return period;
    }

    /// <summary>Whether the version in force at the month's last conversion still re-rates the rule.</summary>
    private static bool AdjustsAt(CommissionPlan plan, string ruleId, Instant last) =>
        plan.VersionAt(last)?.Rules.FirstOrDefault(r => r.Id == ruleId)?.Tiers is { AdjustAtPeriodClose: true };

    private static CommissionLine AdjustmentLine(
        AffiliateProgram program,
        PricedLine priced,
        string ruleId,
        LocalDate month,
        Instant monthEnd,
        Instant now
    )
    {
        var approvable = monthEnd + program.HoldPeriod;
        return new CommissionLine
        {
            Id = AdjustmentLineId(program.Id, priced.PartnerId, ruleId, month),
            ProgramId = program.Id,
            PartnerId = priced.PartnerId,
            Kind = LedgerEntryKind.PeriodAdjustment,
            Level = 1,
            Amount = priced.Amount,
            State = CommissionState.Pending,
            CreatedAt = now,
            ApprovableAt = approvable > now ? approvable : now,
            PlanId = priced.Explanation.PlanId,
            PlanVersion = priced.Explanation.PlanVersion,
            Explanation = priced.Explanation.ToSentence(),
            Details = priced.Explanation,
            Reason = string.Create(CultureInfo.InvariantCulture, $"period close {month.Year:D4}-{month.Month:D2}"),

            // Counted on the month's last day: the commission belongs to the month it re-rates. Reports leave out
            // lines in another currency than the program's (a plan priced in another currency).
            Placement =
                priced.Amount.Currency == program.Currency
                    ? new ReportPlacement(month.PlusMonths(1).PlusDays(-1), null, null)
                    : null,
        };
    }

    /// <summary>Writes the line; false when it exists already (an earlier run, another instance).</summary>
    private async ValueTask<bool> WriteAsync(
        Closing close,
        AffiliateProgram program,
        CommissionLine line,
        CancellationToken cancellationToken
    )
    {
        if (await close.Ledger.FindLineAsync(line.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        var written = await close
            .Ledger.WriteAsync(
                new LedgerChange
                {
                    NewLines = [line],
                    Rollups = new RollupChange().Line(line),
                    Events =
                    [
                        new CommissionLineCreated(line.Id, line.PartnerId, line.Kind, line.Amount, line.State)
                        {
                            OccurredAt = close.Now,
                            ProgramId = program.Id,
                        },
                    ],
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        if (written.Succeeded)
        {
            diagnostics.Commission([line]);
            LogAdjusted(_logger, line.PartnerId, line.Amount, line.Reason!);
            return true;
        }

        // Another instance wrote the same id between the check and the write; anything else is retried next run.
        if (await close.Ledger.FindLineAsync(line.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            LogNotWritten(_logger, line.PartnerId, line.Reason!, written.Detail);
        }

        return false;
    }

    [LoggerMessage(
        EventId = 1901,
        Level = LogLevel.Information,
        Message = "Period close: partner {PartnerId} earns an adjustment of {Amount} for {Period}"
    )]
    private static partial void LogAdjusted(ILogger logger, PartnerId partnerId, Money amount, string period);

    [LoggerMessage(
        EventId = 1902,
        Level = LogLevel.Warning,
        Message = "Period close: the adjustment of partner {PartnerId} for {Period} was not written ({Detail}); "
            + "the next run tries again"
    )]
    private static partial void LogNotWritten(ILogger logger, PartnerId partnerId, string period, string? detail);

    /// <summary>The stores of one run, resolved once in its scope.</summary>
    private sealed class Closing(IServiceProvider services, Instant now)
    {
        public Instant Now { get; } = now;

        public IRollupStore Rollups { get; } = services.GetRequiredService<IRollupStore>();

        public IConversionStore Conversions { get; } = services.GetRequiredService<IConversionStore>();

        public ILedgerStore Ledger { get; } = services.GetRequiredService<ILedgerStore>();
    }
}
