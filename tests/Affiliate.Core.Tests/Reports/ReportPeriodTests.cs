namespace Affiliate.Tests.Reports;

/// <summary>Which periods a report accepts, and how rows are aligned.</summary>
public sealed class ReportPeriodTests
{
    private static readonly LocalDate Monday = new(2000, 1, 3);

    public static TheoryData<ReportPeriod> Invalid =>
        new()
        {
            new ReportPeriod(Monday, Monday),
            new ReportPeriod(Monday, Monday.PlusDays(-1)),
            new ReportPeriod(Monday, Monday.PlusDays(1001)),
            new ReportPeriod(Monday, Monday.PlusWeeks(1001), ReportGranularity.Week),
            // 1,000 weeks from a Wednesday touch 1,001 ISO weeks
            new ReportPeriod(Monday.PlusDays(2), Monday.PlusDays(2).PlusWeeks(1000), ReportGranularity.Week),
            new ReportPeriod(new LocalDate(2000, 1, 1), new LocalDate(2083, 5, 2), ReportGranularity.Month),
            new ReportPeriod(Monday, Monday.PlusDays(1), (ReportGranularity)7),
        };

    public static TheoryData<ReportPeriod, int> Valid =>
        new()
        {
            { new ReportPeriod(Monday, Monday.PlusDays(1)), 1 },
            { new ReportPeriod(Monday, Monday.PlusDays(1000)), 1000 },
            { new ReportPeriod(Monday, Monday.PlusWeeks(1000), ReportGranularity.Week), 1000 },
            { new ReportPeriod(new LocalDate(2000, 1, 1), new LocalDate(2083, 5, 1), ReportGranularity.Month), 1000 },
            { new ReportPeriod(new LocalDate(2026, 1, 31), new LocalDate(2026, 3, 1), ReportGranularity.Month), 2 },
        };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Empty_reversed_or_too_long_periods_are_invalid_requests(ReportPeriod period)
    {
        using var host = new ReportHost("UTC");
        await host.PartnerAsync("anna");

        var partner = await host.Reports.PartnerAsync(new PartnerId("anna"), period);
        var program = await host.Reports.ProgramAsync(period);

        Assert.False(partner.Succeeded);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, partner.Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, program.Error!.Code);
    }

    [Theory]
    [MemberData(nameof(Valid))]
    public async Task Up_to_a_thousand_rows_are_reported(ReportPeriod period, int rows)
    {
        using var host = new ReportHost("UTC");

        var report = (await host.Reports.ProgramAsync(period)).GetValueOrThrow();

        Assert.Equal(rows, report.Rows.Count);
    }

    [Fact]
    public async Task An_unknown_program_is_reported_as_such()
    {
        using var host = new ReportHost("UTC");

        var result = await host.Reports.ProgramAsync(
            new ReportPeriod(Monday, Monday.PlusDays(1)),
            new ProgramId("other")
        );

        Assert.Equal(AffiliateErrorCodes.UnknownProgram, result.Error!.Code);
    }

    [Theory]
    [InlineData(2026, 3, 2, 2026, 3, 2)] // Monday
    [InlineData(2026, 3, 8, 2026, 3, 2)] // Sunday belongs to the week that began on Monday
    [InlineData(2026, 1, 1, 2025, 12, 29)] // Thursday January 1 is in the week of Monday December 29
    public void Weeks_start_on_Monday(int year, int month, int day, int startYear, int startMonth, int startDay) =>
        Assert.Equal(
            new LocalDate(startYear, startMonth, startDay),
            new ReportPeriod(Monday, Monday.PlusDays(1), ReportGranularity.Week).BucketStart(
                new LocalDate(year, month, day)
            )
        );

    [Fact]
    public void Months_start_on_the_first_and_step_by_calendar_months()
    {
        var period = new ReportPeriod(Monday, Monday.PlusDays(1), ReportGranularity.Month);

        Assert.Equal(new LocalDate(2024, 2, 1), period.BucketStart(new LocalDate(2024, 2, 29)));
        Assert.Equal(new LocalDate(2024, 3, 1), period.NextBucket(new LocalDate(2024, 2, 1)));
    }
}
