namespace Affiliate;

/// <summary>
/// Clicks, conversions, revenue and commissions of a partner or a whole program, one row per day, ISO week or
/// calendar month in the program's time zone, and a total. Every bucket of the period has a row, with zeros when
/// nothing happened. Made by <see cref="AffiliateReports.PartnerAsync"/> and <see
/// cref="AffiliateReports.ProgramAsync"/>.
/// </summary>
public sealed record PerformanceReport
{
    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The partner, or null for a report on the whole program.</summary>
    public PartnerId? PartnerId { get; init; }

    /// <summary>The program's currency: every amount of the report is in it.</summary>
    public required Currency Currency { get; init; }

    /// <summary>The program's time zone: the zone the rows' dates are in.</summary>
    public required DateTimeZone TimeZone { get; init; }

    /// <summary>The period reported on.</summary>
    public required ReportPeriod Period { get; init; }

    /// <summary>One row per bucket, oldest first.</summary>
    public required IReadOnlyList<PerformanceRow> Rows { get; init; }

    /// <summary>
    /// The whole period: the sums of the rows, except <see cref="PerformanceRow.UniqueVisitors"/> (visitors counted
    /// once over the period) and the rates (computed from the totals). Its <see cref="PerformanceRow.Start"/> and
    /// <see cref="PerformanceRow.Until"/> are the period's.
    /// </summary>
    public required PerformanceRow Total { get; init; }
}

/// <summary>
/// One bucket of a <see cref="PerformanceReport"/>. Conversions are counted, and their revenue and commission lines
/// summed, in the bucket of the conversion's occurrence, so a row's revenue and its commissions belong together;
/// the lines' states are their current ones (a March sale paid in May shows as paid in March's row).
/// </summary>
public sealed record PerformanceRow
{
    /// <summary>
    /// The bucket's first day: the day, the week's Monday or the month's 1st (the whole period's first day on the
    /// total).
    /// </summary>
    public required LocalDate Start { get; init; }

    /// <summary>
    /// The day after the bucket (exclusive); the period's <see cref="ReportPeriod.Until"/> on the total.
    /// </summary>
    public required LocalDate Until { get; init; }

    /// <summary>Clicks, attributable or not.</summary>
    public required int Clicks { get; init; }

    /// <summary>Distinct visitor ids among the clicks.</summary>
    public required int UniqueVisitors { get; init; }

    /// <summary>Clicks that can earn credit (not rejected by a click fraud rule).</summary>
    public required int AttributableClicks { get; init; }

    /// <summary>
    /// Credited conversions: attributed, held for review, partly or fully refunded (not rejected, not unattributed).
    /// A conversion shared by several partners counts once in each partner's report and once in the program's.
    /// </summary>
    public required int Conversions { get; init; }

    /// <summary>
    /// Conversions held by a fraud rule and not yet reviewed (included in <see cref="Conversions"/>).
    /// </summary>
    public required int HeldConversions { get; init; }

    /// <summary>Conversions rejected by a fraud rule or a reviewer (not in <see cref="Conversions"/>).</summary>
    public required int RejectedConversions { get; init; }

    /// <summary>
    /// <see cref="Conversions"/> divided by <see cref="Clicks"/> as a fraction (0.05 is 5%); 0 without clicks.
    /// </summary>
    public required decimal ConversionRate { get; init; }

    /// <summary>
    /// The sale basis of the credited conversions in the program's currency, before refunds. In a partner's report a
    /// shared conversion adds the partner's part (split by attribution weight without losing a cent).
    /// </summary>
    public required Money Revenue { get; init; }

    /// <summary>
    /// How much of <see cref="Revenue"/> has been refunded since (proportionally, rounded per conversion).
    /// </summary>
    public required Money RefundedRevenue { get; init; }

    /// <summary>Commission lines by current state.</summary>
    public required CommissionTotals Commissions { get; init; }

    /// <summary>
    /// EPC, earnings per click: <see cref="CommissionTotals.Live"/> divided by <see cref="Clicks"/>, rounded to the
    /// currency's minor unit (midpoint away from zero); zero without clicks.
    /// </summary>
    public required Money EarningsPerClick { get; init; }
}

/// <summary>
/// Sums of commission lines by their current state, in the program's currency. Negative lines (partial-refund
/// reversals, clawbacks, negative adjustments) count in their own state, so a sale paid and then refunded shows its
/// paid line under <see cref="Paid"/> and the clawback under <see cref="Approved"/> (or <see cref="Paid"/> once
/// deducted from a payout), netting to zero in <see cref="Live"/>.
/// </summary>
/// <param name="Pending">Earned, in the hold period.</param>
/// <param name="Held">Held by a fraud rule, waiting for review.</param>
/// <param name="Approved">Approved, waiting for (or claimed by) a payout that is not paid yet.</param>
/// <param name="Paid">Paid.</param>
/// <param name="Reversed">Cancelled by a refund before payment (the amounts the partner lost).</param>
/// <param name="Rejected">Rejected on review.</param>
public sealed record CommissionTotals(
    Money Pending,
    Money Held,
    Money Approved,
    Money Paid,
    Money Reversed,
    Money Rejected
)
{
    /// <summary>
    /// What the partner earns: pending, held, approved and paid together (reversed and rejected lines excluded).
    /// </summary>
    public Money Live => Pending + Held + Approved + Paid;

    /// <summary>All zero in a currency.</summary>
    public static CommissionTotals Zero(Currency currency)
    {
        var zero = Money.Zero(currency);
        return new CommissionTotals(zero, zero, zero, zero, zero, zero);
    }
}

/// <summary>
/// One sub-id value of a partner's traffic (<see cref="AffiliateReports.SubIdsAsync"/>): clicks grouped by the sub-id
/// at the chosen index, conversions by the sub-ids of the click they were credited for.
/// </summary>
public sealed record SubIdRow
{
    /// <summary>The sub-id value (compared ordinally); empty for clicks and conversions without one.</summary>
    public required string SubId { get; init; }

    /// <summary>Clicks, attributable or not.</summary>
    public required int Clicks { get; init; }

    /// <summary>Credited conversions (as in <see cref="PerformanceRow.Conversions"/>).</summary>
    public required int Conversions { get; init; }

    /// <summary>The partner's part of the credited conversions' sale basis, before refunds.</summary>
    public required Money Revenue { get; init; }

    /// <summary>The partner's commission lines on those conversions, by state.</summary>
    public required CommissionTotals Commissions { get; init; }

    /// <summary><see cref="Conversions"/> divided by <see cref="Clicks"/>; 0 without clicks.</summary>
    public required decimal ConversionRate { get; init; }

    /// <summary>Live commissions per click, rounded to the minor unit; zero without clicks.</summary>
    public required Money EarningsPerClick { get; init; }
}

/// <summary>A partner's place on the program's leaderboard (<see cref="AffiliateReports.LeaderboardAsync"/>).</summary>
public sealed record LeaderboardRow
{
    /// <summary>1 for the partner with the most revenue.</summary>
    public required int Rank { get; init; }

    /// <summary>The partner.</summary>
    public required PartnerId PartnerId { get; init; }

    /// <summary>Credited conversions.</summary>
    public required int Conversions { get; init; }

    /// <summary>The partner's part of the credited conversions' sale basis, before refunds.</summary>
    public required Money Revenue { get; init; }

    /// <summary>
    /// <see cref="Revenue"/> as a fraction of the program's revenue in the period; 0 when that is zero.
    /// </summary>
    public required decimal RevenueShare { get; init; }

    /// <summary>
    /// Every commission line of the partner for the period (upline lines and adjustments included), by state.
    /// </summary>
    public required CommissionTotals Commissions { get; init; }
}

/// <summary>
/// A program's period at a glance (<see cref="AffiliateReports.SummaryAsync"/>), with the concentration of revenue:
/// how much of it the top 20% of partners brought.
/// </summary>
public sealed record ProgramSummary
{
    /// <summary>The program.</summary>
    public required ProgramId ProgramId { get; init; }

    /// <summary>The first day counted (inclusive, program time zone).</summary>
    public required LocalDate From { get; init; }

    /// <summary>The first day not counted (exclusive).</summary>
    public required LocalDate Until { get; init; }

    /// <summary>Clicks, attributable or not.</summary>
    public required int Clicks { get; init; }

    /// <summary>Credited conversions (a shared conversion counts once).</summary>
    public required int Conversions { get; init; }

    /// <summary>The credited conversions' sale basis, before refunds.</summary>
    public required Money Revenue { get; init; }

    /// <summary>Every commission line of the period, by state.</summary>
    public required CommissionTotals Commissions { get; init; }

    /// <summary>
    /// Partners credited with at least one conversion in the period: the partners ranked on the leaderboard.
    /// </summary>
    public required int Partners { get; init; }

    /// <summary>
    /// How many partners are the top 20%: a fifth of <see cref="Partners"/>, rounded up (1 of 1 to 5, 2 of 6 to 10...).
    /// </summary>
    public required int TopPartners { get; init; }

    /// <summary>The revenue of the <see cref="TopPartners"/> partners with the most revenue.</summary>
    public required Money TopPartnersRevenue { get; init; }

    /// <summary>
    /// <see cref="TopPartnersRevenue"/> as a fraction of the partners' revenue (0.8 for the classic 80/20); 0 without
    /// revenue.
    /// </summary>
    public required decimal TopPartnersRevenueShare { get; init; }
}
