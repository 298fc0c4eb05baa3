namespace Affiliate;

/// <summary>
/// Where a commission line counts in the daily rollups, fixed when the line is written so that later moves
/// (approval, payout, payment) can shift its amount between states in the same rows without reading anything else.
/// </summary>
/// <param name="Day">
/// The day of the line's conversion (of its creation, for an adjustment) in the program's time zone: a line counts
/// where the revenue it was earned on counts.
/// </param>
/// <param name="SubIds">
/// The sub-ids of the click the conversion was credited to the line's partner for (empty for a coupon or lifetime
/// customer), when the line is the credited partner's own; null for lines that have no source (upline lines,
/// adjustments), which count only in the partner's and the program's totals.
/// </param>
/// <param name="LinkId">The link of that click, if any.</param>
public sealed record ReportPlacement(LocalDate Day, IReadOnlyList<string>? SubIds, string? LinkId)
{
    /// <summary>True when the line counts in the sub-id and link rows as well as in the totals.</summary>
    public bool HasSource => SubIds is not null;
}
