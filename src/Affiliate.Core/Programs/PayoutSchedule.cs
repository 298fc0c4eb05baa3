namespace Affiliate;

/// <summary>
/// When payout runs happen, as local dates in the program's time zone: monthly on a day of the month (a day past the
/// month's end means its last day), or weekly on a day of the week.
/// </summary>
public sealed record PayoutSchedule
{
    private PayoutSchedule(int dayOfMonth, IsoDayOfWeek? dayOfWeek)
    {
        DayOfMonth = dayOfMonth;
        DayOfWeek = dayOfWeek;
    }

    /// <summary>The day of the month (1-31) for a monthly schedule, or 0.</summary>
    public int DayOfMonth { get; }

    /// <summary>The day of the week for a weekly schedule.</summary>
    public IsoDayOfWeek? DayOfWeek { get; }

    /// <summary>Monthly on day <paramref name="day"/> (1-31; 31 means the last day of shorter months).</summary>
    public static PayoutSchedule MonthlyOnDay(int day)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(day, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(day, 31);
        return new PayoutSchedule(day, null);
    }

    /// <summary>Weekly on a day of the week.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The day is not Monday to Sunday.</exception>
    public static PayoutSchedule Weekly(IsoDayOfWeek day) =>
        day is >= IsoDayOfWeek.Monday and <= IsoDayOfWeek.Sunday
            ? new(0, day)
            : throw new ArgumentOutOfRangeException(nameof(day), day, "A weekly payout day is Monday to Sunday.");

    /// <summary>Whether a local date is a payout date.</summary>
    public bool IsPayoutDate(LocalDate date)
    {
        if (DayOfWeek is { } weekday)
        {
            return date.DayOfWeek == weekday;
        }

        var lastDay = date.Calendar.GetDaysInMonth(date.Year, date.Month);
        return date.Day == Math.Min(DayOfMonth, lastDay);
    }

    /// <summary>The first payout date on or after <paramref name="date"/>.</summary>
    public LocalDate NextOnOrAfter(LocalDate date)
    {
        var candidate = date;
        while (!IsPayoutDate(candidate))
        {
            candidate = candidate.PlusDays(1);
        }

        return candidate;
    }

    /// <summary>
    /// The instant the payout date on or after <paramref name="instant"/>'s local date starts, in <paramref
    /// name="zone"/>.
    /// </summary>
    public Instant NextRunOnOrAfter(Instant instant, DateTimeZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var date = instant.InZone(zone).Date;
        var run = zone.AtStartOfDay(NextOnOrAfter(date)).ToInstant();
        return run < instant ? zone.AtStartOfDay(NextOnOrAfter(date.PlusDays(1))).ToInstant() : run;
    }

    /// <inheritdoc />
    public override string ToString() => DayOfWeek is { } day ? $"weekly on {day}" : $"monthly on day {DayOfMonth}";
}
