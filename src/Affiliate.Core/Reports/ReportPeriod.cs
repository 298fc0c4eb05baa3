namespace Affiliate;

/// <summary>How a <see cref="PerformanceReport"/> groups its rows.</summary>
public enum ReportGranularity
{
    /// <summary>One row per local calendar day.</summary>
    Day = 0,

    /// <summary>One row per ISO week: Monday to Sunday, each row starting on a Monday.</summary>
    Week = 1,

    /// <summary>One row per calendar month, each row starting on the 1st.</summary>
    Month = 2,
}

/// <summary>
/// The dates a report covers, as local dates in the program's time zone: from the start of <see cref="From"/>
/// (inclusive) to the start of <see cref="Until"/> (exclusive), so <c>new ReportPeriod(new(2026, 3, 1), new(2026, 4,
/// 1))</c> is all of March. Rows start on bucket boundaries (a Monday for weeks, the 1st for months); when <see
/// cref="From"/> or <see cref="Until"/> is not on a boundary, the first or last row counts only the days inside the
/// period. At most <see cref="MaxBuckets"/> rows.
/// </summary>
/// <param name="From">The first day counted (inclusive).</param>
/// <param name="Until">The first day not counted (exclusive); after <paramref name="From"/>.</param>
/// <param name="Granularity">Rows per day, ISO week or calendar month.</param>
/// <example><code>
/// // Daily rows for March 2026, in the program's time zone.
/// var march = new ReportPeriod(new LocalDate(2026, 3, 1), new LocalDate(2026, 4, 1), ReportGranularity.Day);
/// </code></example>
public sealed record ReportPeriod(
    LocalDate From,
    LocalDate Until,
    ReportGranularity Granularity = ReportGranularity.Day
)
{
    /// <summary>
    /// The most rows a report may have (1,000 days is about two years and nine months of daily rows).
    /// </summary>
    public const int MaxBuckets = 1000;

    /// <summary>
    /// The start of the bucket a local date falls in: the date itself, its week's Monday, or its month's 1st.
    /// </summary>
    public LocalDate BucketStart(LocalDate date) =>
        Granularity switch
        {
            ReportGranularity.Week => date.PlusDays(-((int)date.DayOfWeek - (int)IsoDayOfWeek.Monday)),
            ReportGranularity.Month => new LocalDate(date.Year, date.Month, 1, date.Calendar),
            _ => date,
        };

    /// <summary>The start of the bucket after the one starting at <paramref name="start"/>.</summary>
    public LocalDate NextBucket(LocalDate start) =>
        Granularity switch
        {
            ReportGranularity.Week => start.PlusWeeks(1),
            ReportGranularity.Month => start.PlusMonths(1),
            _ => start.PlusDays(1),
        };

    /// <summary>Why the period cannot be reported on, or null when it can.</summary>
    internal string? Problem()
    {
        if (!Enum.IsDefined(Granularity))
        {
            return $"Report granularity {(int)Granularity} is not Day, Week or Month.";
        }

        if (From.Calendar != CalendarSystem.Iso || Until.Calendar != CalendarSystem.Iso)
        {
            return "Report dates must use the ISO calendar.";
        }

        if (Until <= From)
        {
            return $"A report period runs from From (inclusive) to Until (exclusive); Until {Iso(Until)} must be "
                + $"after From {Iso(From)}.";
        }

        var count = 0;
        for (var start = BucketStart(From); start < Until; start = NextBucket(start))
        {
            if (++count > MaxBuckets)
            {
                return $"The period {Iso(From)} to {Iso(Until)} has more than {MaxBuckets} "
                    + Granularity switch
                    {
                        ReportGranularity.Week => "weekly",
                        ReportGranularity.Month => "monthly",
                        _ => "daily",
                    }
                    + " rows; use a shorter period or a coarser granularity.";
            }
        }

        return null;
    }

    /// <summary>A date as ISO 8601 text.</summary>
    internal static string Iso(LocalDate date) =>
        date.ToString("uuuu'-'MM'-'dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The bucket starts, in order (call after <see cref="Problem"/> answered null).</summary>
    internal IReadOnlyList<LocalDate> Buckets()
    {
        var starts = new List<LocalDate>();
        for (var start = BucketStart(From); start < Until; start = NextBucket(start))
        {
            starts.Add(start);
        }

        return starts;
    }
}
