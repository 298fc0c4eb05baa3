using Affiliate.Stores;

namespace Affiliate;

/// <summary>
/// Reports on touches, conversions and the ledger, per partner and per program, in the program's time zone: daily,
/// weekly (ISO weeks, from Monday) or monthly performance, a partner's sub-id breakdown, the leaderboard, the
/// program's summary with the revenue share of its top 20% of partners, and the daily series a dashboard draws.
/// Read-only; registered by <c>AddAffiliates</c>.
/// </summary>
/// <remarks>
/// <para>
/// Every report reads the daily rollups the writes keep (<see cref="IRollupStore"/>), never raw clicks, conversions or
/// lines: what a report costs depends on the days, partners and sub-id values it covers, not on how many records
/// they sum. A period runs from its first local date (inclusive) to its <c>until</c> date (exclusive) in the program's
/// time zone; a click at 23:30 in New York belongs to that New York day, whatever the UTC date.
/// </para>
/// <para>
/// Clicks fall in the day of their time; conversions in the day of their occurrence. Commission lines follow their
/// conversion: a line (including a later reversal or clawback) counts in the day its conversion occurred, so revenue
/// and commissions of a row belong together; manual adjustments count in the day of their creation. Lines show their
/// current state. Lines in a currency other than the program's are left out. Revenue is rounded to the minor unit per
/// conversion.
/// </para>
/// <para>
/// A partner's report counts the conversions credited to the partner (a shared conversion counts once, its revenue
/// split by attribution weight) and every commission line the partner earns, upline lines included. A conversion
/// rejected as a self-referral keeps the share the partner would have had, so it shows as rejected in that
/// partner's report too.
/// </para>
/// </remarks>
/// <example><code>
/// var reports = services.GetRequiredService&lt;AffiliateReports&gt;();
/// var march = new ReportPeriod(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1), ReportGranularity.Week);
/// var result = await reports.PartnerAsync(new PartnerId("anna"), march);
/// if (result.Succeeded)
/// {
///     foreach (var row in result.Value!.Rows)
///     {
///         Console.WriteLine(
///             $"{row.Start}: {row.Clicks} clicks, {row.Conversions} sales, EPC {row.EarningsPerClick}");
///     }
/// }
///
/// var bySource = await reports.SubIdsAsync(new PartnerId("anna"), march.From, march.Until);  // sub1 values
/// var top = await reports.LeaderboardAsync(march.From, march.Until, top: 10);
/// var summary = await reports.SummaryAsync(march.From, march.Until); // TopPartnersRevenueShare
/// var chart = await reports.TimeSeriesAsync(new PartnerId("anna"), march.From, march.Until);  // one point per day
/// </code></example>
public sealed class AffiliateReports
{
    /// <summary>How many sub-ids a click carries (sub1..sub5): valid indexes are 0 to 4.</summary>
    public const int SubIdCount = 5;

    private readonly ProgramCatalog _programs;
    private readonly IRollupStore _rollups;

    /// <summary>Creates the reports over the read side.</summary>
    public AffiliateReports(ProgramCatalog programs, IRollupStore rollups)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(rollups);
        _programs = programs;
        _rollups = rollups;
    }

    /// <summary>
    /// A partner's performance per day, week or month of <paramref name="period"/> in the program's time zone.
    /// Fails with <c>invalid_request</c> for an empty or reversed period or more than <see
    /// cref="ReportPeriod.MaxBuckets"/> rows, and <c>unknown_program</c> for an unknown program.
    /// </summary>
    /// <param name="partner">The partner.</param>
    /// <param name="period">Local dates from (inclusive) until (exclusive), and the granularity.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public ValueTask<AffiliateResult<PerformanceReport>> PartnerAsync(
        PartnerId partner,
        ReportPeriod period,
        ProgramId? program = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(partner.Value, nameof(partner));
        return PerformanceAsync(partner, period, program, cancellationToken);
    }

    /// <summary>
    /// A program's performance (all partners) per day, week or month of <paramref name="period"/> in its time zone.
    /// Fails as <see cref="PartnerAsync"/> does.
    /// </summary>
    /// <param name="period">Local dates from (inclusive) until (exclusive), and the granularity.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public ValueTask<AffiliateResult<PerformanceReport>> ProgramAsync(
        ReportPeriod period,
        ProgramId? program = null,
        CancellationToken cancellationToken = default
    ) => PerformanceAsync(null, period, program, cancellationToken);

    /// <summary>
    /// A partner's clicks, conversions, revenue and commissions per value of one sub-id, from
    /// <paramref name="from"/> (inclusive) until <paramref name="until"/> (exclusive) in the program's time zone;
    /// ordered by revenue, then clicks (both descending), then sub-id. A conversion takes the sub-ids of the click it
    /// was credited to the partner for; clicks and conversions without that sub-id (or without a click, as coupon
    /// sales) are grouped under the empty string. Commission lines without a source (adjustments, upline lines) are
    /// left out.
    /// </summary>
    /// <param name="partner">The partner.</param>
    /// <param name="from">The first local date counted.</param>
    /// <param name="until">The first local date not counted; after <paramref name="from"/>.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="subIdIndex">Which sub-id: 0 for sub1 (the default) to 4 for sub5.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<AffiliateResult<IReadOnlyList<SubIdRow>>> SubIdsAsync(
        PartnerId partner,
        LocalDate from,
        LocalDate until,
        ProgramId? program = null,
        int subIdIndex = 0,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(partner.Value, nameof(partner));
        if (subIdIndex is < 0 or >= SubIdCount)
        {
            return AffiliateResult<IReadOnlyList<SubIdRow>>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                $"Sub-id index {subIdIndex} is out of range; use 0 (sub1) to {SubIdCount - 1} (sub{SubIdCount})."
            );
        }

        if (Resolve<IReadOnlyList<SubIdRow>>(new ReportPeriod(from, until), program, out var failure) is not { } scope)
        {
            return failure!;
        }

        var query = new StatsQuery
        {
            ProgramId = scope.Id,
            PartnerId = partner,
            From = from,
            Until = until,
            Dimension = StatsDimension.Sub1 + subIdIndex,
            GroupBy = StatsGrouping.Value,
        };
        var rows = await _rollups.StatsAsync(query, cancellationToken).ConfigureAwait(false);
        var currency = scope.Currency;
        IReadOnlyList<SubIdRow> result = rows.Where(r => !r.Counters.IsZero)
            .Select(r => new SubIdRow
            {
                SubId = r.Value ?? string.Empty,
                Clicks = Count(r.Counters.Clicks),
                Conversions = Count(r.Counters.Conversions),
                Revenue = Money.OfMinor(r.Counters.RevenueMinor, currency),
                Commissions = Commissions(r.Counters, currency),
                ConversionRate = Rate(r.Counters),
                EarningsPerClick = EarningsPerClick(r.Counters, currency),
            })
            .OrderByDescending(r => r.Revenue.Amount)
            .ThenByDescending(r => r.Clicks)
            .ThenBy(r => r.SubId, StringComparer.Ordinal)
            .ToArray();
        return AffiliateResult<IReadOnlyList<SubIdRow>>.Success(result);
    }

    /// <summary>
    /// The <paramref name="top"/> partners with the most revenue from <paramref name="from"/> (inclusive) until
    /// <paramref name="until"/> (exclusive) in the program's time zone, ties broken by partner id (ordinal). Only
    /// partners credited with at least one conversion in the period are ranked. Fails with <c>invalid_request</c> for
    /// an empty period or a <paramref name="top"/> below 1.
    /// </summary>
    /// <param name="from">The first local date counted.</param>
    /// <param name="until">The first local date not counted; after <paramref name="from"/>.</param>
    /// <param name="top">How many rows at most; 10 by default.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<AffiliateResult<IReadOnlyList<LeaderboardRow>>> LeaderboardAsync(
        LocalDate from,
        LocalDate until,
        int top = 10,
        ProgramId? program = null,
        CancellationToken cancellationToken = default
    )
    {
        if (top < 1)
        {
            return AffiliateResult<IReadOnlyList<LeaderboardRow>>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                $"A leaderboard shows at least one partner; top is {top}."
            );
        }

        if (
            Resolve<IReadOnlyList<LeaderboardRow>>(new ReportPeriod(from, until), program, out var failure)
            is not { } scope
        )
        {
            return failure!;
        }

        var (ranked, total) = await RankAsync(scope, from, until, cancellationToken).ConfigureAwait(false);
        var currency = scope.Currency;
        IReadOnlyList<LeaderboardRow> rows = ranked
            .Take(top)
            .Select(
                (p, i) =>
                    new LeaderboardRow
                    {
                        Rank = i + 1,
                        PartnerId = p.PartnerId!.Value,
                        Conversions = Count(p.Counters.Conversions),
                        Revenue = Money.OfMinor(p.Counters.RevenueMinor, currency),
                        RevenueShare = total == 0 ? 0m : (decimal)p.Counters.RevenueMinor / total,
                        Commissions = Commissions(p.Counters, currency),
                    }
            )
            .ToArray();
        return AffiliateResult<IReadOnlyList<LeaderboardRow>>.Success(rows);
    }

    /// <summary>
    /// The program's totals from <paramref name="from"/> (inclusive) until <paramref name="until"/> (exclusive) in its
    /// time zone, with <see cref="ProgramSummary.TopPartnersRevenueShare"/>: the share of revenue brought by the top
    /// 20% of the partners credited with a conversion in the period (the count rounded up).
    /// </summary>
    /// <param name="from">The first local date counted.</param>
    /// <param name="until">The first local date not counted; after <paramref name="from"/>.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<AffiliateResult<ProgramSummary>> SummaryAsync(
        LocalDate from,
        LocalDate until,
        ProgramId? program = null,
        CancellationToken cancellationToken = default
    )
    {
        if (Resolve<ProgramSummary>(new ReportPeriod(from, until), program, out var failure) is not { } scope)
        {
            return failure!;
        }

        var currency = scope.Currency;
        var totals = Sum(
            await _rollups
                .StatsAsync(
                    new StatsQuery
                    {
                        ProgramId = scope.Id,
                        From = from,
                        Until = until,
                    },
                    cancellationToken
                )
                .ConfigureAwait(false)
        );
        var (ranked, partnerRevenue) = await RankAsync(scope, from, until, cancellationToken).ConfigureAwait(false);
        var topCount = (ranked.Count + 4) / 5;
        var topRevenue = ranked.Take(topCount).Sum(p => p.Counters.RevenueMinor);
        return AffiliateResult<ProgramSummary>.Success(
            new ProgramSummary
            {
                ProgramId = scope.Id,
                From = from,
                Until = until,
                Clicks = Count(totals.Clicks),
                Conversions = Count(totals.Conversions),
                Revenue = Money.OfMinor(totals.RevenueMinor, currency),
                Commissions = Commissions(totals, currency),
                Partners = ranked.Count,
                TopPartners = topCount,
                TopPartnersRevenue = Money.OfMinor(topRevenue, currency),
                TopPartnersRevenueShare = partnerRevenue == 0 ? 0m : (decimal)topRevenue / partnerRevenue,
            }
        );
    }

    /// <summary>
    /// One point per day from <paramref name="from"/> (inclusive) until <paramref name="until"/> (exclusive) in the
    /// program's time zone, for a partner or (when <paramref name="partner"/> is null) the whole program: what a
    /// dashboard chart draws. Days without activity are zeros. Fails as <see cref="PartnerAsync"/> does.
    /// </summary>
    /// <param name="partner">The partner, or null for the program.</param>
    /// <param name="from">The first day.</param>
    /// <param name="until">The first day not included.</param>
    /// <param name="program">The program; the default program when null.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async ValueTask<AffiliateResult<IReadOnlyList<TimeSeriesPoint>>> TimeSeriesAsync(
        PartnerId? partner,
        LocalDate from,
        LocalDate until,
        ProgramId? program = null,
        CancellationToken cancellationToken = default
    )
    {
        if (partner is { } given)
        {
            InputCheck.ThrowIfDefault(given.Value, nameof(partner));
        }

        if (
            Resolve<IReadOnlyList<TimeSeriesPoint>>(new ReportPeriod(from, until), program, out var failure)
            is not { } scope
        )
        {
            return failure!;
        }

        var query = new StatsQuery
        {
            ProgramId = scope.Id,
            PartnerId = partner,
            From = from,
            Until = until,
        };
        var days = (await _rollups.StatsAsync(query, cancellationToken).ConfigureAwait(false))
            .Where(r => r.Day is not null)
            .ToDictionary(r => r.Day!.Value, r => r.Counters);
        var currency = scope.Currency;
        var points = new List<TimeSeriesPoint>();
        for (var day = from; day < until; day = day.PlusDays(1))
        {
            var counters = days.GetValueOrDefault(day);
            points.Add(
                new TimeSeriesPoint(
                    day,
                    Count(counters.Clicks),
                    Count(counters.Conversions),
                    Money.OfMinor(counters.RevenueMinor, currency),
                    Money.OfMinor(Live(counters), currency)
                )
            );
        }

        return AffiliateResult<IReadOnlyList<TimeSeriesPoint>>.Success(points);
    }

    private async ValueTask<AffiliateResult<PerformanceReport>> PerformanceAsync(
        PartnerId? partner,
        ReportPeriod period,
        ProgramId? program,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(period);
        if (Resolve<PerformanceReport>(period, program, out var failure) is not { } scope)
        {
            return failure!;
        }

        var currency = scope.Currency;
        var starts = period.Buckets().ToArray();
        var buckets = starts.ToDictionary(start => start, _ => default(StatsCounters));
        var query = new StatsQuery
        {
            ProgramId = scope.Id,
            PartnerId = partner,
            From = period.From,
            Until = period.Until,
        };
        foreach (var row in await _rollups.StatsAsync(query, cancellationToken).ConfigureAwait(false))
        {
            if (row.Day is { } day)
            {
                var start = period.BucketStart(day);
                buckets[start] += row.Counters;
            }
        }

        // Unique visitors do not add up across days: the store counts them per bucket and over the whole period.
        // Buckets are whole weeks or months; only the days inside the period count.
        var ranges = starts
            .Select(s => new DateInterval(Max(s, period.From), Min(period.NextBucket(s), period.Until).PlusDays(-1)))
            .Append(new DateInterval(period.From, period.Until.PlusDays(-1)))
            .ToArray();
        var visitors = await _rollups
            .UniqueVisitorsAsync(scope.Id, partner, ranges, cancellationToken)
            .ConfigureAwait(false);
        var rows = starts
            .Select((start, i) => Row(start, period.NextBucket(start), buckets[start], visitors[i], currency))
            .ToArray();
        var total = buckets.Values.Aggregate(default(StatsCounters), (sum, counters) => sum + counters);
        return AffiliateResult<PerformanceReport>.Success(
            new PerformanceReport
            {
                ProgramId = scope.Id,
                PartnerId = partner,
                Currency = currency,
                TimeZone = scope.TimeZone,
                Period = period,
                Rows = rows,
                Total = Row(period.From, period.Until, total, visitors[^1], currency),
            }
        );
    }

    /// <summary>
    /// Partners credited with a conversion, by revenue (descending) then id; and their revenue in total.
    /// </summary>
    private async ValueTask<(IReadOnlyList<StatsRow> Ranked, long Total)> RankAsync(
        AffiliateProgram program,
        LocalDate from,
        LocalDate until,
        CancellationToken cancellationToken
    )
    {
        var query = new StatsQuery
        {
            ProgramId = program.Id,
            From = from,
            Until = until,
            GroupBy = StatsGrouping.Partner,
        };
        var ranked = (await _rollups.StatsAsync(query, cancellationToken).ConfigureAwait(false))
            .Where(r => r.PartnerId is not null && r.Counters.Conversions > 0)
            .OrderByDescending(r => r.Counters.RevenueMinor)
            .ThenBy(r => r.PartnerId!.Value.Value, StringComparer.Ordinal)
            .ToArray();
        return (ranked, ranked.Sum(r => r.Counters.RevenueMinor));
    }

    /// <summary>The program of a valid period, or null with the failure.</summary>
    private AffiliateProgram? Resolve<T>(ReportPeriod period, ProgramId? programId, out AffiliateResult<T>? failure)
    {
        if (period.Problem() is { } problem)
        {
            failure = AffiliateResult<T>.Failure(AffiliateErrorCodes.InvalidRequest, problem);
            return null;
        }

        var program = _programs.Find(programId);
        failure = program is null ? ProgramCatalog.Unknown<T>(programId) : null;
        return program;
    }

    private static PerformanceRow Row(
        LocalDate start,
        LocalDate until,
        StatsCounters counters,
        long visitors,
        Currency currency
    ) =>
        new()
        {
            Start = start,
            Until = until,
            Clicks = Count(counters.Clicks),
            UniqueVisitors = Count(visitors),
            AttributableClicks = Count(counters.AttributableClicks),
            Conversions = Count(counters.Conversions),
            HeldConversions = Count(counters.HeldConversions),
            RejectedConversions = Count(counters.RejectedConversions),
            ConversionRate = Rate(counters),
            Revenue = Money.OfMinor(counters.RevenueMinor, currency),
            RefundedRevenue = Money.OfMinor(counters.RefundedMinor, currency),
            Commissions = Commissions(counters, currency),
            EarningsPerClick = EarningsPerClick(counters, currency),
        };

    private static CommissionTotals Commissions(StatsCounters counters, Currency currency) =>
        new(
            Money.OfMinor(counters.PendingMinor, currency),
            Money.OfMinor(counters.HeldMinor, currency),
            Money.OfMinor(counters.ApprovedMinor, currency),
            Money.OfMinor(counters.PaidMinor, currency),
            Money.OfMinor(counters.ReversedMinor, currency),
            Money.OfMinor(counters.RejectedMinor, currency)
        );

    private static long Live(StatsCounters counters) =>
        counters.Commission(CommissionState.Pending)
        + counters.Commission(CommissionState.Held)
        + counters.Commission(CommissionState.Approved)
        + counters.Commission(CommissionState.Paid);

    private static decimal Rate(StatsCounters counters) =>
        counters.Clicks == 0 ? 0m : (decimal)counters.Conversions / counters.Clicks;

    private static Money EarningsPerClick(StatsCounters counters, Currency currency) =>
        counters.Clicks == 0
            ? Money.Zero(currency)
            : new Money(Money.OfMinor(Live(counters), currency).Amount / counters.Clicks, currency).Round();

    private static StatsCounters Sum(IEnumerable<StatsRow> rows) =>
        rows.Aggregate(default(StatsCounters), (sum, row) => sum + row.Counters);

    private static int Count(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    private static LocalDate Min(LocalDate left, LocalDate right) => left <= right ? left : right;

    private static LocalDate Max(LocalDate left, LocalDate right) => left >= right ? left : right;
}
