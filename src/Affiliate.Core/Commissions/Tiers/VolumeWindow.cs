namespace Affiliate;

/// <summary>
/// The period a partner's volume is counted over: the calendar month in the program's time zone (it resets at local
/// midnight on the first), a rolling number of days ending at the conversion, or the partner's whole lifetime.
/// </summary>
public sealed record VolumeWindow
{
    private VolumeWindow(VolumeWindowKind kind, int days)
    {
        Kind = kind;
        Days = days;
    }

    /// <summary>The kind of window.</summary>
    public VolumeWindowKind Kind { get; }

    /// <summary>The length of a rolling window in days (0 for the others).</summary>
    public int Days { get; }

    /// <summary>The calendar month in the program's time zone.</summary>
    public static VolumeWindow CalendarMonth { get; } = new(VolumeWindowKind.CalendarMonth, 0);

    /// <summary>All of the partner's history.</summary>
    public static VolumeWindow Lifetime { get; } = new(VolumeWindowKind.Lifetime, 0);

    /// <summary>The <paramref name="days"/> days (of 24 hours) before the conversion.</summary>
    public static VolumeWindow Rolling(int days)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        return new VolumeWindow(VolumeWindowKind.RollingDays, days);
    }

    /// <summary>
    /// Where the window that counts toward a conversion at <paramref name="at"/> starts (inclusive): the first
    /// instant of its calendar month in <paramref name="zone"/>, <see cref="Days"/> days earlier, or null for the
    /// lifetime. The window ends with the conversion itself.
    /// </summary>
    public Instant? StartFor(Instant at, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return Kind switch
        {
            VolumeWindowKind.CalendarMonth => MonthContaining(at, zone).Start,
            VolumeWindowKind.RollingDays => at - Duration.FromDays(Days),
            _ => null,
        };
    }

    /// <summary>
    /// The calendar month in <paramref name="zone"/> that holds an instant: start inclusive, end exclusive.
    /// </summary>
    public static (Instant Start, Instant End) MonthContaining(Instant at, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var date = at.InZone(zone).Date;
        var first = new LocalDate(date.Year, date.Month, 1);
        return (zone.AtStartOfDay(first).ToInstant(), zone.AtStartOfDay(first.PlusMonths(1)).ToInstant());
    }

    /// <summary>Words for a partner: "this calendar month", "the last 30 days", "all time".</summary>
    public string Describe() =>
        Kind switch
        {
            VolumeWindowKind.CalendarMonth => "this calendar month",
            VolumeWindowKind.RollingDays => $"the last {Days} days",
            _ => "all time",
        };
}

/// <summary>The kinds of <see cref="VolumeWindow"/>.</summary>
public enum VolumeWindowKind
{
    /// <summary>Calendar month in the program's time zone.</summary>
    CalendarMonth = 0,

    /// <summary>A rolling number of days.</summary>
    RollingDays = 1,

    /// <summary>The partner's lifetime.</summary>
    Lifetime = 2,
}
