using System.Globalization;
using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate;

/// <summary>
/// The <c>performance-tiers</c> job: after each evaluation period of a program whose plan has a
/// <see cref="PerformanceTierPolicy"/>, measures every active partner's <see cref="PartnerPerformance"/> over the
/// period, decides with <see cref="PerformanceTierEvaluator"/> and applies a change with
/// <see cref="PartnerDirectory.SetTierAsync"/>, which raises <see cref="PartnerTierChanged"/> with the reasons.
/// </summary>
/// <remarks>
/// <para>
/// The period is the one that closed last before the clock's now, in the program's time zone: the previous calendar
/// month; for a rolling window of N days, the last whole block of N days counted from 1970-01-01; for a lifetime
/// window, every day before the current month (evaluated monthly). The policy is the one of the plan version in force
/// at the period's end.
/// </para>
/// <para>
/// Results come from the daily rollups with one query grouped by partner per program and period: clicks, credited
/// conversions, revenue net of refunds (<see cref="PartnerPerformance.Revenue"/>) and, because the rollups keep
/// refunded amounts rather than counts, refunded conversions as the refunded share of revenue times the conversions.
/// Active partners are read page by page; one who joined after the period is left alone; one without rows in the
/// period is measured as zeros (and may be demoted).
/// </para>
/// <para>
/// Idempotent per period: the same results give the same decision, and a partner already in the decided tier is left
/// unchanged (no write, no event), so a second run or another instance changes nothing. Each run re-measures the last
/// closed period, so a refund recorded since changes the decision, and a tier set by hand in the meantime is
/// re-decided by the period's results.
/// </para>
/// </remarks>
public sealed partial class PerformanceTierJob(
    IServiceScopeFactory scopes,
    IClock clock,
    TimeProvider time,
    AffiliateDiagnostics diagnostics,
    ILogger<PerformanceTierJob>? logger = null
) : IAffiliateJob
{
    /// <summary>The job's name.</summary>
    public const string JobName = "performance-tiers";

    // Partners per page while walking the active ones: large pages, few round trips, bounded memory.
    private const int Page = 500;

    private static readonly LocalDate Epoch = new(1970, 1, 1);

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <inheritdoc />
    public string Name => JobName;

    /// <inheritdoc />
    public ValueTask<JobRun> RunOnceAsync(CancellationToken cancellationToken) =>
        new ProgramJobRun(JobName, scopes, clock, time, diagnostics).RunAsync(
            EvaluateAsync,
            "Another instance is evaluating performance tiers.",
            "No program has performance tiers.",
            "partners changed tier after the last period",
            cancellationToken
        );

    /// <summary>
    /// The last evaluation period of a policy closed at <paramref name="now"/> in <paramref name="zone"/>: days
    /// [From, Until).
    /// </summary>
    public static (LocalDate From, LocalDate Until) LastPeriod(VolumeWindow period, Instant now, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(zone);
        var today = now.InZone(zone).Date;
        var month = new LocalDate(today.Year, today.Month, 1);
        switch (period.Kind)
        {
            case VolumeWindowKind.RollingDays:
                var blocks = Period.DaysBetween(Epoch, today) / period.Days;
                var until = Epoch.PlusDays(blocks * period.Days);
                return (until.PlusDays(-period.Days), until);
            case VolumeWindowKind.Lifetime:
                return (Epoch, month);
            default:
                return (month.PlusMonths(-1), month);
        }
    }

    /// <summary>Evaluates a program's last period; null when its plan has no performance tiers then.</summary>
    private async ValueTask<int?> EvaluateAsync(
        IServiceProvider services,
        AffiliateProgram program,
        Instant now,
        CancellationToken cancellationToken
    )
    {
        var zone = program.TimeZone;
        if (program.Plan.Versions.All(v => v.PerformanceTiers is null))
        {
            return null;
        }

        // The period follows the policy in force now; the policy applied is the one in force at that period's end.
        var current = program.Plan.VersionAt(now)?.PerformanceTiers?.Period ?? VolumeWindow.CalendarMonth;
        var end = zone.AtStartOfDay(LastPeriod(current, now, zone).Until).ToInstant();
        var policy = program.Plan.VersionAt(end - Duration.Epsilon)?.PerformanceTiers;
        if (policy is null)
        {
            return null;
        }

        var (from, until) = LastPeriod(policy.Period, now, zone);
        var periodEnd = zone.AtStartOfDay(until).ToInstant();
        var rows = await services
            .GetRequiredService<IRollupStore>()
            .StatsAsync(
                new StatsQuery
                {
                    ProgramId = program.Id,
                    From = from,
                    Until = until,
                    GroupBy = StatsGrouping.Partner,
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        var results = rows.Where(r => r.PartnerId is not null).ToDictionary(r => r.PartnerId!.Value, r => r.Counters);

        var directory = services.GetRequiredService<PartnerDirectory>();
        var list = services.GetRequiredService<IListStore>();
        var filter = new PartnerListFilter { Status = PartnerStatus.Active };
        var changed = 0;
        ListPosition? after = null;
        while (true)
        {
            var page = await list.ListPartnersAsync(filter, after, Page, cancellationToken).ConfigureAwait(false);
            foreach (var partner in page)
            {
                if (partner.JoinedAt >= periodEnd)
                {
                    continue;
                }

                var performance = Performance(results.GetValueOrDefault(partner.Id), program.Currency);
                var decision = PerformanceTierEvaluator.Evaluate(policy, partner.Tier, performance);
                if (decision.Change == TierChange.Unchanged)
                {
                    continue;
                }

                var set = await directory
                    .SetTierAsync(partner.Id, decision.To, decision.Reasons, program.Id, cancellationToken)
                    .ConfigureAwait(false);
                if (set.Succeeded && !set.AlreadyRecorded)
                {
                    changed++;
                    LogTierChanged(_logger, partner.Id, decision.From, decision.To, decision.Reasons);
                }
            }

            if (page.Count < Page)
            {
                return changed;
            }

            after = ListPosition.Of(page[^1].JoinedAt, page[^1].Id.Value);
        }
    }

    /// <summary>A partner's results from their summed daily rollups, in the program's currency.</summary>
    private static PartnerPerformance Performance(StatsCounters counters, Currency currency)
    {
        var revenue = Money.OfMinor(counters.RevenueMinor - counters.RefundedMinor, currency).Amount;
        var refunded =
            counters.RevenueMinor <= 0
                ? 0m
                : counters.Conversions * (decimal)counters.RefundedMinor / counters.RevenueMinor;
        return new PartnerPerformance(
            checked((int)counters.Clicks),
            checked((int)counters.Conversions),
            revenue,
            refunded
        );
    }

    [LoggerMessage(
        EventId = 1911,
        Level = LogLevel.Information,
        Message = "Performance tiers: partner {PartnerId} moves from {From} to {To}: {Reasons}"
    )]
    private static partial void LogTierChanged(
        ILogger logger,
        PartnerId partnerId,
        PartnerTier? from,
        PartnerTier? to,
        IReadOnlyList<string> reasons
    );
}
