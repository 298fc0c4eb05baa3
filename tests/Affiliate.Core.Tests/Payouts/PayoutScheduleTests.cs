namespace Affiliate.Tests.Payouts;

/// <summary>Payout dates as local dates in the program's time zone.</summary>
public sealed class PayoutScheduleTests
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static Instant InBerlin(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(Berlin).ToInstant();

    [Theory]
    [InlineData(2026, 1, 31, true)]
    [InlineData(2026, 1, 30, false)]
    [InlineData(2026, 2, 28, true)] // February 2026 has 28 days
    [InlineData(2028, 2, 28, false)] // 2028 is a leap year...
    [InlineData(2028, 2, 29, true)] // ...so its last day is the 29th
    [InlineData(2026, 4, 30, true)]
    [InlineData(2026, 4, 29, false)]
    [InlineData(2026, 5, 1, false)]
    public void Day_31_means_the_last_day_of_shorter_months(int year, int month, int day, bool payout) =>
        Assert.Equal(payout, PayoutSchedule.MonthlyOnDay(31).IsPayoutDate(new LocalDate(year, month, day)));

    [Theory]
    [InlineData(31, 2026, 2, 1, 2026, 2, 28)]
    [InlineData(31, 2026, 4, 1, 2026, 4, 30)]
    [InlineData(31, 2026, 1, 31, 2026, 1, 31)] // on the day itself
    [InlineData(30, 2026, 2, 15, 2026, 2, 28)]
    [InlineData(30, 2026, 3, 1, 2026, 3, 30)]
    [InlineData(15, 2026, 1, 16, 2026, 2, 15)]
    [InlineData(1, 2026, 12, 2, 2027, 1, 1)] // into the next year
    public void NextOnOrAfter_finds_the_first_monthly_date_on_or_after_a_date(
        int dayOfMonth,
        int year,
        int month,
        int day,
        int nextYear,
        int nextMonth,
        int nextDay
    ) =>
        Assert.Equal(
            new LocalDate(nextYear, nextMonth, nextDay),
            PayoutSchedule.MonthlyOnDay(dayOfMonth).NextOnOrAfter(new LocalDate(year, month, day))
        );

    [Fact]
    public void Weekly_schedules_pay_on_their_day_of_the_week()
    {
        var fridays = PayoutSchedule.Weekly(IsoDayOfWeek.Friday);

        Assert.True(fridays.IsPayoutDate(new LocalDate(2026, 3, 6)));
        Assert.False(fridays.IsPayoutDate(new LocalDate(2026, 3, 7)));
        Assert.Equal(new LocalDate(2026, 3, 6), fridays.NextOnOrAfter(new LocalDate(2026, 3, 6)));
        Assert.Equal(new LocalDate(2026, 3, 13), fridays.NextOnOrAfter(new LocalDate(2026, 3, 7)));
        Assert.Equal(new LocalDate(2027, 1, 1), fridays.NextOnOrAfter(new LocalDate(2026, 12, 26)));
        Assert.Equal((0, IsoDayOfWeek.Friday), (fridays.DayOfMonth, fridays.DayOfWeek));
        Assert.Equal("weekly on Friday", fridays.ToString());
        Assert.Equal("monthly on day 31", PayoutSchedule.MonthlyOnDay(31).ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(32)]
    [InlineData(-1)]
    public void A_day_of_the_month_outside_1_to_31_is_refused(int day) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => PayoutSchedule.MonthlyOnDay(day));

    [Fact]
    public void A_weekly_schedule_needs_a_real_day_of_the_week()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PayoutSchedule.Weekly(IsoDayOfWeek.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => PayoutSchedule.Weekly((IsoDayOfWeek)8));
    }

    [Fact]
    public void NextRunOnOrAfter_is_the_start_of_the_payout_day_in_the_zone_across_the_spring_change()
    {
        var sundays = PayoutSchedule.Weekly(IsoDayOfWeek.Sunday);

        // Sunday March 29, 2026 starts at 00:00 CET (UTC+1); clocks jump from 02:00 to 03:00 that night.
        var spring = sundays.NextRunOnOrAfter(InBerlin(2026, 3, 22, 0, 1), Berlin);
        Assert.Equal(Instant.FromUtc(2026, 3, 28, 23, 0), spring);

        // On the run instant itself the answer is that instant; a moment later it is the next Sunday, in CEST (UTC+2).
        Assert.Equal(spring, sundays.NextRunOnOrAfter(spring, Berlin));
        var after = sundays.NextRunOnOrAfter(spring + Duration.Epsilon, Berlin);
        Assert.Equal(Instant.FromUtc(2026, 4, 4, 22, 0), after);
        Assert.Equal(Duration.FromHours((7 * 24) - 1), after - spring);

        // 23:30 UTC on Saturday March 28 is already Sunday 00:30 in Berlin: that day's run has passed.
        Assert.Equal(after, sundays.NextRunOnOrAfter(Instant.FromUtc(2026, 3, 28, 23, 30), Berlin));
    }

    [Fact]
    public void NextRunOnOrAfter_is_the_start_of_the_payout_day_in_the_zone_across_the_autumn_change()
    {
        var sundays = PayoutSchedule.Weekly(IsoDayOfWeek.Sunday);

        // Sunday October 25, 2026 starts at 00:00 CEST (UTC+2); at 03:00 clocks go back to 02:00 CET.
        var autumn = sundays.NextRunOnOrAfter(InBerlin(2026, 10, 20, 12, 0), Berlin);
        Assert.Equal(Instant.FromUtc(2026, 10, 24, 22, 0), autumn);
        // 01:30 UTC is the second 02:30 of that night (CET): the day's run has passed.
        var next = sundays.NextRunOnOrAfter(Instant.FromUtc(2026, 10, 25, 1, 30), Berlin);
        Assert.Equal(Instant.FromUtc(2026, 10, 31, 23, 0), next);
        Assert.Equal(Duration.FromHours((7 * 24) + 1), next - autumn);
    }

    [Fact]
    public void A_monthly_run_on_the_day_of_the_change_starts_at_local_midnight()
    {
        var on29th = PayoutSchedule.MonthlyOnDay(29);

        Assert.Equal(Instant.FromUtc(2026, 3, 28, 23, 0), on29th.NextRunOnOrAfter(InBerlin(2026, 3, 2, 8, 0), Berlin));
        Assert.Equal(
            Instant.FromUtc(2026, 4, 28, 22, 0),
            on29th.NextRunOnOrAfter(InBerlin(2026, 3, 29, 3, 30), Berlin)
        );
        Assert.Throws<ArgumentNullException>(() => on29th.NextRunOnOrAfter(Instant.FromUtc(2026, 3, 1, 0, 0), null!));
    }
}
