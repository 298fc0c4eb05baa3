using Affiliate.Stores;

namespace Affiliate.Stores.Specification.ReadSide;

/// <summary>
/// Reports on touches, conversions and the ledger, per partner and per program, in the program's time zone: daily,
/// weekly (ISO weeks, from Monday) or monthly performance, a partner's sub-id breakdown, the leaderboard and the
/// program's summary with the revenue share of its top 20% of partners. Read-only; registered by <c>AddAffiliates</c>.
/// </summary>
/// <remarks>
/// <para>
/// A period runs from the start of its first local date (inclusive) to the start of its <c>until</c> date
/// (exclusive), in the program's time zone: the stores are read over the instants
/// [<c>zone.AtStartOfDay(from)</c>, <c>zone.AtStartOfDay(until)</c>). A click at 23:30 in New York belongs to that
/// New York day, whatever the UTC date.
/// </para>
/// <para>
/// Clicks fall in the bucket of their time; conversions in the bucket of their occurrence. Commission lines follow
/// their conversion: a line (including a later reversal or clawback) is counted in the bucket in which its
/// conversion occurred, so revenue and commissions of a row belong together; lines without a conversion (manual
/// adjustments) fall in the bucket of their creation. Lines show their current state. Lines in a currency other
/// than the program's are left out.
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
/// </code></example>
public sealed class NaiveReports
{
    /// <summary>How many sub-ids a click carries (sub1..sub5): valid indexes are 0 to 4.</summary>
    public const int SubIdCount = 5;

    private readonly ProgramCatalog _programs;
    private readonly ITouchStore _touches;
    private readonly IConversionStore _conversions;
    private readonly ILedgerStore _ledger;

    /// <summary>Creates the reports over the stores.</summary>
    public NaiveReports(ProgramCatalog programs, ITouchStore touches, IConversionStore conversions, ILedgerStore ledger)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(touches);
        ArgumentNullException.ThrowIfNull(conversions);
        ArgumentNullException.ThrowIfNull(ledger);
        _programs = programs;
        _touches = touches;
        _conversions = conversions;
        _ledger = ledger;
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
    /// sales) are grouped under the empty string. Commission lines without a conversion credited to the partner
    /// (adjustments, upline lines) have no sub-id and are left out.
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

        var scope = Scope<IReadOnlyList<SubIdRow>>(new ReportPeriod(from, until), program, out var failure);
        if (scope is null)
        {
            return failure!;
        }

        var data = await LoadAsync(scope, partner, withClicks: true, cancellationToken).ConfigureAwait(false);
        var currency = scope.Program.Currency;
        var rows = new Dictionary<string, Tally>(StringComparer.Ordinal);
        Tally Row(string subId) => rows.TryGetValue(subId, out var tally) ? tally : rows[subId] = new Tally(currency);

        foreach (var click in data.Clicks)
        {
            Row(SubId(click.SubIds, subIdIndex)).AddClick(click);
        }

        var clicksById = data.Clicks.ToDictionary(c => c.Id);
        var subIdOf = new Dictionary<ConversionId, string>();
        foreach (var conversion in data.Conversions)
        {
            var subIds = await CreditedSubIdsAsync(conversion, partner, clicksById, cancellationToken)
                .ConfigureAwait(false);
            var subId = SubId(subIds, subIdIndex);
            subIdOf[conversion.Id] = subId;
            Row(subId).AddConversion(conversion, partner);
        }

        foreach (var line in data.Lines)
        {
            if (line.Line.ConversionId is { } id && subIdOf.TryGetValue(id, out var subId))
            {
                Row(subId).AddLine(line.Line);
            }
        }

        IReadOnlyList<SubIdRow> result = rows.Select(r => new SubIdRow
            {
                SubId = r.Key,
                Clicks = r.Value.Clicks,
                Conversions = r.Value.Conversions,
                Revenue = r.Value.Revenue,
                Commissions = r.Value.Commissions.ToTotals(),
                ConversionRate = r.Value.ConversionRate,
                EarningsPerClick = r.Value.EarningsPerClick,
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

        var scope = Scope<IReadOnlyList<LeaderboardRow>>(new ReportPeriod(from, until), program, out var failure);
        if (scope is null)
        {
            return failure!;
        }

        var data = await LoadAsync(scope, null, withClicks: false, cancellationToken).ConfigureAwait(false);
        var (ranked, total) = Rank(scope.Program.Currency, data);
        IReadOnlyList<LeaderboardRow> rows = ranked
            .Take(top)
            .Select(
                (p, i) =>
                    new LeaderboardRow
                    {
                        Rank = i + 1,
                        PartnerId = p.Key,
                        Conversions = p.Value.Conversions,
                        Revenue = p.Value.Revenue,
                        RevenueShare = total.IsZero ? 0m : p.Value.Revenue.Amount / total.Amount,
                        Commissions = p.Value.Commissions.ToTotals(),
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
        var scope = Scope<ProgramSummary>(new ReportPeriod(from, until), program, out var failure);
        if (scope is null)
        {
            return failure!;
        }

        var currency = scope.Program.Currency;
        var data = await LoadAsync(scope, null, withClicks: true, cancellationToken).ConfigureAwait(false);
        var totals = new Tally(currency);
        foreach (var click in data.Clicks)
        {
            totals.AddClick(click);
        }

        foreach (var conversion in data.Conversions)
        {
            totals.AddConversion(conversion, null);
        }

        foreach (var line in data.Lines)
        {
            totals.AddLine(line.Line);
        }

        var (ranked, partnerRevenue) = Rank(currency, data);
        var topCount = (ranked.Count + 4) / 5;
        var topRevenue = Money.Sum(ranked.Take(topCount).Select(p => p.Value.Revenue), currency);
        return AffiliateResult<ProgramSummary>.Success(
            new ProgramSummary
            {
                ProgramId = scope.Program.Id,
                From = from,
                Until = until,
                Clicks = totals.Clicks,
                Conversions = totals.Conversions,
                Revenue = totals.Revenue,
                Commissions = totals.Commissions.ToTotals(),
                Partners = ranked.Count,
                TopPartners = topCount,
                TopPartnersRevenue = topRevenue,
                TopPartnersRevenueShare = partnerRevenue.IsZero ? 0m : topRevenue.Amount / partnerRevenue.Amount,
            }
        );
    }

    private async ValueTask<AffiliateResult<PerformanceReport>> PerformanceAsync(
        PartnerId? partner,
        ReportPeriod period,
        ProgramId? program,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(period);
        var scope = Scope<PerformanceReport>(period, program, out var failure);
        if (scope is null)
        {
            return failure!;
        }

        var zone = scope.Program.TimeZone;
        var currency = scope.Program.Currency;
        var buckets = period.Buckets().ToDictionary(start => start, _ => new Tally(currency));
        var total = new Tally(currency);
        Tally BucketOf(Instant at) => buckets[period.BucketStart(at.InZone(zone).Date)];

        var data = await LoadAsync(scope, partner, withClicks: true, cancellationToken).ConfigureAwait(false);
        foreach (var click in data.Clicks)
        {
            BucketOf(click.OccurredAt).AddClick(click);
            total.AddClick(click);
        }

        foreach (var conversion in data.Conversions)
        {
            BucketOf(conversion.OccurredAt).AddConversion(conversion, partner);
            total.AddConversion(conversion, partner);
        }

        foreach (var line in data.Lines)
        {
            BucketOf(line.At).AddLine(line.Line);
            total.AddLine(line.Line);
        }

        return AffiliateResult<PerformanceReport>.Success(
            new PerformanceReport
            {
                ProgramId = scope.Program.Id,
                PartnerId = partner,
                Currency = currency,
                TimeZone = zone,
                Period = period,
                Rows = buckets
                    .OrderBy(b => b.Key)
                    .Select(b => b.Value.ToRow(b.Key, period.NextBucket(b.Key)))
                    .ToArray(),
                Total = total.ToRow(period.From, period.Until),
            }
        );
    }

    /// <summary>The program and the instant range of a period, or null with the failure.</summary>
    private ReportScope? Scope<T>(ReportPeriod period, ProgramId? programId, out AffiliateResult<T>? failure)
    {
        if (period.Problem() is { } problem)
        {
            failure = AffiliateResult<T>.Failure(AffiliateErrorCodes.InvalidRequest, problem);
            return null;
        }

        var program = _programs.Find(programId);
        if (program is null)
        {
            failure = ProgramCatalog.Unknown<T>(programId);
            return null;
        }

        failure = null;
        var zone = program.TimeZone;
        return new ReportScope(
            program,
            zone.AtStartOfDay(period.From).ToInstant(),
            zone.AtStartOfDay(period.Until).ToInstant()
        );
    }

    /// <summary>
    /// Reads the clicks and conversions of the range (the partner's, or all) and the commission lines that belong to
    /// it: lines of conversions that occurred in the range, wherever they were created, and adjustments created in it.
    /// </summary>
    private async ValueTask<ReportData> LoadAsync(
        ReportScope scope,
        PartnerId? partner,
        bool withClicks,
        CancellationToken cancellationToken
    )
    {
        var (program, from, until) = scope;
        var clicks = new List<Click>();
        if (withClicks)
        {
            var query = new ClickQuery
            {
                ProgramId = program.Id,
                PartnerId = partner,
                From = from,
                Until = until,
            };
            await foreach (var click in _touches.QueryClicksAsync(query, cancellationToken).ConfigureAwait(false))
            {
                clicks.Add(click);
            }
        }

        var conversions = new List<Conversion>();
        await foreach (
            var conversion in _conversions
                .QueryAsync(
                    new ConversionQuery
                    {
                        ProgramId = program.Id,
                        PartnerId = partner,
                        From = from,
                        Until = until,
                    },
                    cancellationToken
                )
                .ConfigureAwait(false)
        )
        {
            conversions.Add(conversion);
        }

        // A conversion's lines are written when it is recorded or later (reversals, clawbacks), never before.
        var byId = conversions.ToDictionary(c => c.Id);
        var createdFrom = conversions.Count == 0 ? from : Instant.Min(from, conversions.Min(c => c.RecordedAt));
        var candidates = await _ledger
            .QueryLinesAsync(
                new LineQuery
                {
                    ProgramId = program.Id,
                    PartnerId = partner,
                    CreatedFrom = createdFrom,
                },
                cancellationToken
            )
            .ConfigureAwait(false);
        var others = new Dictionary<ConversionId, Conversion?>();
        var lines = new List<PlacedLine>();
        foreach (var line in candidates)
        {
            if (line.Amount.Currency != program.Currency)
            {
                continue;
            }

            Instant at;
            if (line.ConversionId is not { } id)
            {
                at = line.CreatedAt;
            }
            else if (byId.TryGetValue(id, out var own))
            {
                at = own.OccurredAt;
            }
            else if (partner is null)
            {
                continue; // every conversion of the range is in byId: this one occurred outside it
            }
            else
            {
                // The partner earns on a conversion credited to others (an upline line): place it by that conversion.
                if (!others.TryGetValue(id, out var other))
                {
                    other = await _conversions.FindAsync(program.Id, id, cancellationToken).ConfigureAwait(false);
                    others[id] = other;
                }

                if (other is null)
                {
                    continue;
                }

                at = other.OccurredAt;
            }

            if (at >= from && at < until)
            {
                lines.Add(new PlacedLine(line, at));
            }
        }

        return new ReportData(clicks, conversions, lines);
    }

    /// <summary>
    /// Partners credited with a conversion, by revenue (descending) then id; and their revenue in total.
    /// </summary>
    private static (IReadOnlyList<KeyValuePair<PartnerId, Tally>> Ranked, Money Total) Rank(
        Currency currency,
        ReportData data
    )
    {
        var partners = new Dictionary<PartnerId, Tally>();
        Tally Of(PartnerId id) => partners.TryGetValue(id, out var tally) ? tally : partners[id] = new Tally(currency);
        foreach (var conversion in data.Conversions.Where(Tally.IsCredited))
        {
            foreach (var share in conversion.Shares)
            {
                Of(share.PartnerId).AddConversion(conversion, share.PartnerId);
            }
        }

        foreach (var line in data.Lines)
        {
            if (partners.TryGetValue(line.Line.PartnerId, out var tally))
            {
                tally.AddLine(line.Line);
            }
        }

        var ranked = partners
            .OrderByDescending(p => p.Value.Revenue.Amount)
            .ThenBy(p => p.Key.Value, StringComparer.Ordinal)
            .ToArray();
        return (ranked, Money.Sum(ranked.Select(p => p.Value.Revenue), currency));
    }

    /// <summary>
    /// The sub-ids of the click a conversion was credited to the partner for (none for coupon or binding credit).
    /// </summary>
    private async ValueTask<IReadOnlyList<string>> CreditedSubIdsAsync(
        Conversion conversion,
        PartnerId partner,
        Dictionary<ClickId, Click> clicks,
        CancellationToken cancellationToken
    )
    {
        var share = conversion.Shares.FirstOrDefault(s => s.PartnerId == partner);
        if (share?.ClickId is not { } clickId)
        {
            return [];
        }

        if (clickId == conversion.ClickId)
        {
            return conversion.SubIds;
        }

        if (clicks.TryGetValue(clickId, out var click))
        {
            return click.SubIds;
        }

        // A click before the period (the attribution window reaches back): look it up once.
        click = await _touches.FindClickAsync(conversion.ProgramId, clickId, cancellationToken).ConfigureAwait(false);
        if (click is not null)
        {
            clicks[clickId] = click;
        }

        return click?.SubIds ?? [];
    }

    private static string SubId(IReadOnlyList<string> subIds, int index) =>
        index < subIds.Count ? subIds[index] ?? string.Empty : string.Empty;

    private sealed record ReportScope(AffiliateProgram Program, Instant From, Instant Until);

    private sealed record PlacedLine(CommissionLine Line, Instant At);

    private sealed record ReportData(List<Click> Clicks, List<Conversion> Conversions, List<PlacedLine> Lines);
}
