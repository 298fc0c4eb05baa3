using static Affiliate.Tests.Fraud.FraudTestData;

namespace Affiliate.Tests.Fraud;

public sealed class ConversionRuleTests
{
    [Fact]
    public async Task A_conversion_whose_customer_country_is_blocked_is_flagged_even_when_the_click_was_not()
    {
        var options = new FraudOptions();
        options.BlockedCountries.Countries.Add("xx");
        var context = ConversionContext();

        var blocked = await (context with { Conversion = context.Conversion with { Country = "XX" } }).AssessAsync(
            options
        );
        var allowed = await (context with { Conversion = context.Conversion with { Country = "DE" } }).AssessAsync(
            options
        );

        Assert.Equal([FraudCodes.BlockedCountry], blocked.Codes);
        Assert.Equal(FraudAction.Reject, blocked.Action);
        Assert.Equal("Conversions from country XX are blocked by the program.", blocked.Verdicts[0].Reason);
        Assert.True(allowed.IsAllow);
    }

    [Fact]
    public async Task A_clean_conversion_is_allowed_by_every_default_rule()
    {
        var assessment = await ConversionContext().AssessAsync();

        Assert.True(assessment.IsAllow);
        Assert.Empty(assessment.Verdicts);
    }

    // ---- Bot user agents on conversions ----------------------------------------------------------------------------

    [Fact]
    public async Task A_conversion_from_a_bot_user_agent_is_rejected()
    {
        var context = ConversionContext() with { UserAgent = "python-requests/2.31.0" };

        var verdict = (await context.AssessAsync()).Single(FraudCodes.BotUserAgent, FraudAction.Reject);
        Assert.Equal(
            "The conversion's user agent contains 'python-requests', which marks a bot, crawler, script or link "
                + "preview.",
            verdict.Reason
        );
    }

    [Fact]
    public async Task A_conversion_without_a_user_agent_is_a_server_side_call_and_allowed()
    {
        Assert.True((await (ConversionContext() with { UserAgent = null }).AssessAsync()).IsAllow);
    }

    // ---- Click to conversion ---------------------------------------------------------------------------------------

    [Fact]
    public async Task A_conversion_exactly_ten_seconds_after_its_click_is_allowed_and_one_tick_sooner_held()
    {
        Assert.True(
            (await ConversionContext().WithConversionAt(ClickedAt + Duration.FromSeconds(10)).AssessAsync()).IsAllow
        );

        var soon = ConversionContext().WithConversionAt(ClickedAt + Duration.FromSeconds(10) - Duration.Epsilon);
        (await soon.AssessAsync()).Single(FraudCodes.ClickToConversionTooFast, FraudAction.Hold);
    }

    [Fact]
    public async Task The_click_to_conversion_reason_names_the_delay_and_the_minimum()
    {
        var verdict = (
            await ConversionContext().WithConversionAt(ClickedAt + Duration.FromMilliseconds(2500)).AssessAsync()
        ).Single(FraudCodes.ClickToConversionTooFast, FraudAction.Hold);

        Assert.Equal(
            "The conversion came 2.5 seconds after its click; the minimum is 10 seconds, so the click may have been "
                + "injected.",
            verdict.Reason
        );
    }

    [Fact]
    public async Task A_conversion_before_its_click_is_held()
    {
        var verdict = (
            await ConversionContext().WithConversionAt(ClickedAt - Duration.FromSeconds(3)).AssessAsync()
        ).Single(FraudCodes.ClickToConversionTooFast, FraudAction.Hold);

        Assert.Contains("3 seconds before the click", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conversion_without_a_click_is_not_timed()
    {
        var context = ConversionContext().WithConversionAt(ClickedAt) with { AttributedClick = null };

        Assert.True((await context.AssessAsync()).IsAllow);
    }

    [Fact]
    public async Task The_minimum_delay_is_configurable()
    {
        var options = new FraudOptions();
        options.ClickToConversion.MinimumDelay = Duration.FromMinutes(2);

        var verdict = (await ConversionContext().AssessAsync(options)).Single(
            FraudCodes.ClickToConversionTooFast,
            FraudAction.Hold
        );
        Assert.Equal(
            "The conversion came 1 minute after its click; the minimum is 2 minutes, so the click may have been "
                + "injected.",
            verdict.Reason
        );
    }

    // ---- Duplicate orders ------------------------------------------------------------------------------------------

    [Fact]
    public async Task Any_similar_conversion_in_the_window_holds_a_conversion()
    {
        var verdict = (await (ConversionContext() with { SimilarConversionsInWindow = 1 }).AssessAsync()).Single(
            FraudCodes.DuplicateOrder,
            FraudAction.Hold
        );

        Assert.Equal(
            "1 other conversion of the same customer with the same amount in the last 24 hours; the limit is 0.",
            verdict.Reason
        );
    }

    [Fact]
    public async Task A_duplicate_limit_allows_that_many_similar_conversions()
    {
        var options = new FraudOptions();
        options.DuplicateOrders.MaxSimilarConversions = 2;
        options.DuplicateOrders.Window = Duration.FromHours(6);

        Assert.True((await (ConversionContext() with { SimilarConversionsInWindow = 2 }).AssessAsync(options)).IsAllow);
        var verdict = (await (ConversionContext() with { SimilarConversionsInWindow = 3 }).AssessAsync(options)).Single(
            FraudCodes.DuplicateOrder,
            FraudAction.Hold
        );
        Assert.Equal(
            "3 other conversions of the same customer with the same amount in the last 6 hours; the limit is 2.",
            verdict.Reason
        );
    }

    // ---- Conversion-rate anomaly -----------------------------------------------------------------------------------

    [Fact]
    public async Task A_partner_at_exactly_three_times_the_baseline_is_allowed_and_above_it_held()
    {
        // Baseline 2.5%; three times is 7.5%, i.e. 15 conversions from 200 clicks.
        var atLimit = ConversionContext() with { PartnerActivity = new PartnerActivity(200, 15, 0) };
        var over = ConversionContext() with { PartnerActivity = new PartnerActivity(200, 16, 0) };

        Assert.True((await atLimit.AssessAsync()).IsAllow);
        var verdict = (await over.AssessAsync()).Single(FraudCodes.ConversionRateAnomaly, FraudAction.Hold);
        Assert.Equal(
            "The partner's conversion rate is 8% (16 conversions from 200 clicks) in the last 30 days, 3.2 times the "
                + "program's 2.5%; the limit is 3 times.",
            verdict.Reason
        );
    }

    [Fact]
    public async Task The_boundary_is_exact_even_when_rates_do_not_divide_evenly()
    {
        // Baseline 1 in 3; the partner's 1 in 1 is exactly three times and must not be flagged by a rounding error.
        var context = ConversionContext() with
        {
            ProgramBaseline = new PartnerActivity(3_000, 1_000, 0),
            PartnerActivity = new PartnerActivity(60, 60, 0),
        };

        Assert.True((await context.AssessAsync()).IsAllow);
    }

    [Fact]
    public async Task The_anomaly_needs_fifty_partner_clicks()
    {
        var fewClicks = ConversionContext() with { PartnerActivity = new PartnerActivity(49, 49, 0) };
        var enough = ConversionContext() with { PartnerActivity = new PartnerActivity(50, 49, 0) };

        Assert.True((await fewClicks.AssessAsync()).IsAllow);
        (await enough.AssessAsync()).Single(FraudCodes.ConversionRateAnomaly, FraudAction.Hold);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(10_000, 0)]
    public async Task The_anomaly_needs_a_baseline_above_zero(int baselineClicks, int baselineConversions)
    {
        var context = ConversionContext() with
        {
            PartnerActivity = new PartnerActivity(500, 500, 0),
            ProgramBaseline = new PartnerActivity(baselineClicks, baselineConversions, 0),
        };

        Assert.True((await context.AssessAsync()).IsAllow);
    }

    [Fact]
    public async Task The_anomaly_multiple_and_minimum_are_configurable()
    {
        var options = new FraudOptions();
        options.ConversionRateAnomaly.MaxMultipleOfBaseline = 1.5m;
        options.ConversionRateAnomaly.MinimumClicks = 10;
        var context = ConversionContext() with { PartnerActivity = new PartnerActivity(20, 1, 0) }; // 5% = 2x of 2.5%

        Assert.True((await context.AssessAsync()).IsAllow);
        (await context.AssessAsync(options)).Single(FraudCodes.ConversionRateAnomaly, FraudAction.Hold);
    }

    // ---- Refund-rate abuse -----------------------------------------------------------------------------------------

    [Fact]
    public async Task Thirty_percent_refunds_are_allowed_and_more_held()
    {
        var atLimit = ConversionContext() with { PartnerActivity = new PartnerActivity(400, 10, 3) };
        var over = ConversionContext() with { PartnerActivity = new PartnerActivity(400, 10, 4) };

        Assert.True((await atLimit.AssessAsync()).IsAllow);
        var verdict = (await over.AssessAsync()).Single(FraudCodes.RefundRateAbuse, FraudAction.Hold);
        Assert.Equal(
            "4 of the partner's 10 conversions in the last 30 days were refunded (40%); the limit is 30%.",
            verdict.Reason
        );
    }

    [Fact]
    public async Task The_refund_rate_needs_ten_conversions()
    {
        var nine = ConversionContext() with { PartnerActivity = new PartnerActivity(400, 9, 9) };
        var ten = ConversionContext() with { PartnerActivity = new PartnerActivity(400, 10, 10) };

        Assert.True((await nine.AssessAsync()).IsAllow);
        (await ten.AssessAsync()).Single(FraudCodes.RefundRateAbuse, FraudAction.Hold);
    }

    [Fact]
    public async Task The_refund_limit_and_window_are_configurable()
    {
        var options = new FraudOptions { PartnerActivityWindow = Duration.FromDays(90) };
        options.RefundRate.MaxRefundPercent = 12.5m;
        options.RefundRate.MinimumConversions = 8;

        Assert.True(
            (
                await (ConversionContext() with { PartnerActivity = new PartnerActivity(400, 8, 1) }).AssessAsync(
                    options
                )
            ).IsAllow
        );
        var verdict = (
            await (ConversionContext() with { PartnerActivity = new PartnerActivity(400, 8, 2) }).AssessAsync(options)
        ).Single(FraudCodes.RefundRateAbuse, FraudAction.Hold);
        Assert.Equal(
            "2 of the partner's 8 conversions in the last 90 days were refunded (25%); the limit is 12.5%.",
            verdict.Reason
        );
    }

    // ---- Numbers in reasons never look equal to the limit they broke -----------------------------------------------

    [Fact]
    public async Task Values_just_over_a_limit_are_shown_with_enough_digits()
    {
        var tooFast = ConversionContext().WithConversionAt(ClickedAt + Duration.FromSeconds(10) - Duration.Epsilon);
        var refunds = ConversionContext() with { PartnerActivity = new PartnerActivity(4_000_000, 100_000, 30_001) };
        var anomaly = ConversionContext() with
        {
            PartnerActivity = new PartnerActivity(1_000_000, 30_001, 0),
            ProgramBaseline = new PartnerActivity(100_000, 1_000, 0),
        };

        Assert.Contains(
            "9.999999999 seconds after its click",
            (await tooFast.AssessAsync()).Verdicts[0].Reason,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "(30.001%); the limit is 30%",
            (await refunds.AssessAsync()).Verdicts[0].Reason,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "3.0001 times the program's 1%; the limit is 3 times",
            (await anomaly.AssessAsync()).Verdicts[0].Reason,
            StringComparison.Ordinal
        );
    }

    // ---- Cookie stuffing -------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_visitor_who_clicked_two_partners_is_allowed_and_three_held()
    {
        Assert.True((await (ConversionContext() with { DistinctPartnersClickedByVisitor = 2 }).AssessAsync()).IsAllow);

        var verdict = (await (ConversionContext() with { DistinctPartnersClickedByVisitor = 3 }).AssessAsync()).Single(
            FraudCodes.CookieStuffing,
            FraudAction.Hold
        );
        Assert.Equal(
            "The visitor clicked links of 3 different partners in the last 24 hours; the limit is 2, so cookies may "
                + "have been stuffed.",
            verdict.Reason
        );
    }

    [Fact]
    public void Conversion_counts_cannot_be_negative()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConversionContext() with { SimilarConversionsInWindow = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() =>
            ConversionContext() with
            {
                DistinctPartnersClickedByVisitor = -1,
            }
        );
        Assert.Throws<ArgumentNullException>(() => ConversionContext() with { PartnerActivity = null! });
        Assert.Throws<ArgumentNullException>(() => ConversionContext() with { ProgramBaseline = null! });
    }
}
