using System.Net;
using static Affiliate.Tests.Fraud.FraudTestData;

namespace Affiliate.Tests.Fraud;

public sealed class FraudPipelineTests
{
    private sealed class FixedRule(FraudVerdict verdict, List<string>? log = null, string name = "host")
        : IClickFraudRule,
            IConversionFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
        {
            log?.Add(name);
            return ValueTask.FromResult(verdict);
        }

        public ValueTask<FraudVerdict> EvaluateAsync(
            ConversionFraudContext context,
            CancellationToken cancellationToken
        )
        {
            log?.Add(name);
            return ValueTask.FromResult(verdict);
        }
    }

    private sealed class ThrowingRule(Exception exception, bool later = false) : IClickFraudRule, IConversionFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken) =>
            Throw();

        public ValueTask<FraudVerdict> EvaluateAsync(
            ConversionFraudContext context,
            CancellationToken cancellationToken
        ) => Throw();

        private ValueTask<FraudVerdict> Throw() => later ? ThrowLaterAsync() : throw exception;

        private async ValueTask<FraudVerdict> ThrowLaterAsync()
        {
            await Task.Yield();
            throw exception;
        }
    }

    private sealed class TokenObservingRule : IClickFraudRule
    {
        public CancellationToken Seen { get; private set; }

        public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
        {
            Seen = cancellationToken;
            return ValueTask.FromResult(FraudVerdict.Allow);
        }
    }

    private static readonly FraudVerdict HostHold = FraudVerdict.Hold("host_hold", "Held by the host.");
    private static readonly FraudVerdict HostReject = FraudVerdict.Reject("host_reject", "Rejected by the host.");

    // ---- Strictest verdict, all verdicts kept ---------------------------------------------------------------------

    [Fact]
    public async Task The_strictest_verdict_wins_and_every_verdict_is_kept_in_rule_order()
    {
        // Cookie stuffing (hold), self-referral (reject) and too fast (hold) at once.
        var context = ConversionContext().WithConversionAt(ClickedAt + Duration.FromSeconds(2)) with
        {
            CustomerId = new CustomerId("customer-anna"),
            DistinctPartnersClickedByVisitor = 5,
        };

        var assessment = await context.AssessAsync();

        Assert.Equal(FraudAction.Reject, assessment.Action);
        Assert.False(assessment.IsAllow);
        Assert.Equal(
            [FraudCodes.SelfReferralCustomer, FraudCodes.ClickToConversionTooFast, FraudCodes.CookieStuffing],
            assessment.Codes
        );
        Assert.Equal(
            [FraudAction.Reject, FraudAction.Hold, FraudAction.Hold],
            assessment.Verdicts.Select(v => v.Action)
        );
    }

    [Fact]
    public async Task Holds_alone_give_a_hold()
    {
        var context = ConversionContext() with { SimilarConversionsInWindow = 1, DistinctPartnersClickedByVisitor = 4 };

        var assessment = await context.AssessAsync();

        Assert.Equal(FraudAction.Hold, assessment.Action);
        Assert.Equal([FraudCodes.DuplicateOrder, FraudCodes.CookieStuffing], assessment.Codes);
    }

    [Fact]
    public async Task A_click_flagged_by_several_rules_keeps_every_code()
    {
        var options = new FraudOptions();
        options.BlockedCountries.Countries.Add("DE");
        options.BlockedIpRanges.Ranges.Add("198.51.100.0/24");

        var assessment = await ClickContext(Click(userAgent: "curl/8"), fromIp: 50, fromVisitor: 50)
            .AssessAsync(options);

        Assert.Equal(FraudAction.Reject, assessment.Action);
        Assert.Equal(
            [
                FraudCodes.BotUserAgent,
                FraudCodes.ClickVelocityIp,
                FraudCodes.ClickVelocityVisitor,
                FraudCodes.BlockedCountry,
                FraudCodes.BlockedIpRange,
            ],
            assessment.Codes
        );
    }

    [Fact]
    public void An_assessment_drops_allow_verdicts_and_lists_each_code_once()
    {
        var assessment = new FraudAssessment([
            FraudVerdict.Allow,
            HostHold,
            HostHold with
            {
                Reason = "Again.",
            },
            FraudVerdict.Allow,
        ]);

        Assert.Equal(FraudAction.Hold, assessment.Action);
        Assert.Equal(2, assessment.Verdicts.Count);
        Assert.Equal(["host_hold"], assessment.Codes);
        Assert.Equal("Hold: host_hold (Hold): Held by the host.; host_hold (Hold): Again.", assessment.ToString());
        Assert.Equal("Allow", FraudAssessment.Allowed.ToString());
        Assert.True(new FraudAssessment([FraudVerdict.Allow]).IsAllow);
    }

    // ---- Configured actions and disabled rules --------------------------------------------------------------------

    [Fact]
    public async Task A_configured_action_replaces_the_default()
    {
        var options = new FraudOptions();
        options.IpVelocity.Action = FraudAction.Hold;
        options.ClickToConversion.Action = FraudAction.Reject;
        options.SelfReferral.Action = FraudAction.Hold;

        (await ClickContext(fromIp: 20).AssessAsync(options)).Single(FraudCodes.ClickVelocityIp, FraudAction.Hold);
        (await ConversionContext().WithConversionAt(ClickedAt).AssessAsync(options)).Single(
            FraudCodes.ClickToConversionTooFast,
            FraudAction.Reject
        );
        (await (ConversionContext() with { IpHash = "ip-hash-anna-home" }).AssessAsync(options)).Single(
            FraudCodes.SelfReferralIp,
            FraudAction.Hold
        );
    }

    [Fact]
    public async Task Every_rule_honours_its_configured_action()
    {
        var options = new FraudOptions();
        foreach (var rule in Rules(options))
        {
            rule.Action = rule.Action == FraudAction.Hold ? FraudAction.Reject : FraudAction.Hold;
        }

        options.BlockedCountries.Countries.Add("DE");

        var click = await ClickContext(Click(userAgent: "curl/8"), fromIp: 50, fromVisitor: 50).AssessAsync(options);
        var conversion = await Worst().AssessAsync(options);

        Assert.Equal(FraudAction.Hold, click.Action);
        Assert.All(click.Verdicts, v => Assert.Equal(FraudAction.Hold, v.Action));
        Assert.Equal(FraudAction.Reject, conversion.Action);
        var actions = conversion.Verdicts.ToDictionary(v => v.Code, v => v.Action);
        Assert.Equal(FraudAction.Hold, actions[FraudCodes.BotUserAgent]);
        Assert.Equal(FraudAction.Hold, actions[FraudCodes.SelfReferralEmail]);
        Assert.Equal(FraudAction.Reject, actions[FraudCodes.ClickToConversionTooFast]);
        Assert.Equal(FraudAction.Reject, actions[FraudCodes.DuplicateOrder]);
        Assert.Equal(FraudAction.Reject, actions[FraudCodes.ConversionRateAnomaly]);
        Assert.Equal(FraudAction.Reject, actions[FraudCodes.RefundRateAbuse]);
        Assert.Equal(FraudAction.Reject, actions[FraudCodes.CookieStuffing]);
    }

    /// <summary>A conversion every built-in conversion rule flags.</summary>
    private static ConversionFraudContext Worst() =>
        ConversionContext().WithConversionAt(ClickedAt) with
        {
            UserAgent = "HeadlessChrome",
            CustomerEmail = "anna@anna.example",
            SimilarConversionsInWindow = 3,
            PartnerActivity = new PartnerActivity(1_000, 900, 800),
            DistinctPartnersClickedByVisitor = 9,
        };

    private static ClickFraudContext WorstClick() =>
        ClickContext(
            Click(userAgent: null, referrer: "https://spam.example/", country: "XX"),
            IPAddress.Parse("203.0.113.5"),
            1_000,
            1_000
        );

    private static FraudOptions WithLists(FraudOptions options)
    {
        options.BlockedCountries.Countries.Add("XX");
        options.BlockedReferrers.Hosts.Add("spam.example");
        options.BlockedIpRanges.Ranges.Add("203.0.113.0/24");
        return options;
    }

    [Fact]
    public async Task The_worst_inputs_trip_every_built_in_rule_when_enabled()
    {
        var options = WithLists(new FraudOptions());

        var click = await WorstClick().AssessAsync(options);
        var conversion = await Worst().AssessAsync(options);

        Assert.Equal(
            [
                FraudCodes.BotUserAgent,
                FraudCodes.ClickVelocityIp,
                FraudCodes.ClickVelocityVisitor,
                FraudCodes.BlockedCountry,
                FraudCodes.BlockedReferrer,
                FraudCodes.BlockedIpRange,
            ],
            click.Codes
        );
        Assert.Equal(
            [
                FraudCodes.BotUserAgent,
                FraudCodes.SelfReferralEmail,
                FraudCodes.ClickToConversionTooFast,
                FraudCodes.DuplicateOrder,
                FraudCodes.ConversionRateAnomaly,
                FraudCodes.RefundRateAbuse,
                FraudCodes.CookieStuffing,
            ],
            conversion.Codes
        );
    }

    [Fact]
    public async Task Disabled_rules_never_flag_even_the_worst_inputs()
    {
        var options = WithLists(AllDisabled());

        Assert.True((await WorstClick().AssessAsync(options)).IsAllow);
        Assert.True((await Worst().AssessAsync(options)).IsAllow);
    }

    public static TheoryData<string, string> EachRule =>
        new()
        {
            { nameof(FraudOptions.BotUserAgents), FraudCodes.BotUserAgent },
            { nameof(FraudOptions.IpVelocity), FraudCodes.ClickVelocityIp },
            { nameof(FraudOptions.VisitorVelocity), FraudCodes.ClickVelocityVisitor },
            { nameof(FraudOptions.BlockedCountries), FraudCodes.BlockedCountry },
            { nameof(FraudOptions.BlockedReferrers), FraudCodes.BlockedReferrer },
            { nameof(FraudOptions.BlockedIpRanges), FraudCodes.BlockedIpRange },
            { nameof(FraudOptions.SelfReferral), FraudCodes.SelfReferralEmail },
            { nameof(FraudOptions.ClickToConversion), FraudCodes.ClickToConversionTooFast },
            { nameof(FraudOptions.DuplicateOrders), FraudCodes.DuplicateOrder },
            { nameof(FraudOptions.ConversionRateAnomaly), FraudCodes.ConversionRateAnomaly },
            { nameof(FraudOptions.RefundRate), FraudCodes.RefundRateAbuse },
            { nameof(FraudOptions.CookieStuffing), FraudCodes.CookieStuffing },
        };

    [Theory]
    [MemberData(nameof(EachRule))]
    public async Task Disabling_one_rule_removes_only_its_code(string rule, string code)
    {
        var all = WithLists(new FraudOptions());
        var expectedClick = (await WorstClick().AssessAsync(all)).Codes;
        var expectedConversion = (await Worst().AssessAsync(all)).Codes;
        var options = WithLists(new FraudOptions());
        ((FraudRuleOptions)typeof(FraudOptions).GetProperty(rule)!.GetValue(options)!).Enabled = false;

        var click = await WorstClick().AssessAsync(options);
        var conversion = await Worst().AssessAsync(options);

        Assert.Contains(code, expectedClick.Concat(expectedConversion));
        Assert.Equal(expectedClick.Where(c => c != code), click.Codes);
        Assert.Equal(expectedConversion.Where(c => c != code), conversion.Codes);
    }

    [Fact]
    public async Task With_every_rule_disabled_no_input_is_flagged()
    {
        var options = WithLists(AllDisabled());
        var pipeline = new FraudPipeline(options);
        var random = new Random(20260314);
        string?[] userAgents = [null, "", "curl/8", "Googlebot", Browser];

        for (var i = 0; i < 1_000; i++)
        {
            var click = ClickContext(
                Click(
                    userAgents[random.Next(userAgents.Length)],
                    random.Next(2) == 0 ? "https://spam.example/" : null,
                    random.Next(2) == 0 ? "XX" : "DE"
                ),
                new IPAddress(random.NextInt64(0, 1L << 32)),
                random.Next(),
                random.Next()
            );
            var conversion = ConversionContext()
                .WithConversionAt(ClickedAt + Duration.FromSeconds(random.Next(-60, 60))) with
            {
                UserAgent = userAgents[random.Next(userAgents.Length)],
                CustomerEmail = random.Next(2) == 0 ? "anna@anna.example" : null,
                IpHash = random.Next(2) == 0 ? "ip-hash-anna-home" : null,
                SimilarConversionsInWindow = random.Next(100),
                PartnerActivity = new PartnerActivity(random.Next(1_000), random.Next(1_000), random.Next(1_000)),
                ProgramBaseline = new PartnerActivity(random.Next(1, 1_000), random.Next(1_000), random.Next(1_000)),
                DistinctPartnersClickedByVisitor = random.Next(100),
            };

            Assert.True((await pipeline.AssessClickAsync(click, CancellationToken.None)).IsAllow);
            Assert.True((await pipeline.AssessConversionAsync(conversion, CancellationToken.None)).IsAllow);
        }
    }

    // ---- Host rules ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Host_rules_run_after_the_built_in_rules_in_the_order_given()
    {
        var log = new List<string>();
        var pipeline = new FraudPipeline(
            new FraudOptions(),
            [
                new FixedRule(HostReject, log, "first"),
                new FixedRule(FraudVerdict.Allow, log, "second"),
                new FixedRule(HostHold, log, "third"),
            ],
            [new FixedRule(HostHold, log, "conversion")]
        );

        var click = await pipeline.AssessClickAsync(ClickContext(Click(userAgent: "curl/8")), CancellationToken.None);
        var conversion = await pipeline.AssessConversionAsync(ConversionContext(), CancellationToken.None);

        Assert.Equal(["first", "second", "third", "conversion"], log);
        Assert.Equal([FraudCodes.BotUserAgent, "host_reject", "host_hold"], click.Codes);
        Assert.Equal(FraudAction.Reject, click.Action);
        Assert.Equal(["host_hold"], conversion.Codes);
        Assert.Equal(FraudAction.Hold, conversion.Action);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_throwing_host_rule_becomes_a_hold_and_the_other_rules_still_run(bool later)
    {
        var log = new List<string>();
        var pipeline = new FraudPipeline(
            new FraudOptions(),
            [
                new ThrowingRule(new InvalidOperationException("Geo service unreachable."), later),
                new FixedRule(HostReject, log),
            ],
            [
                new ThrowingRule(new InvalidOperationException("Geo service unreachable."), later),
                new FixedRule(FraudVerdict.Allow, log),
            ]
        );

        var click = await pipeline.AssessClickAsync(ClickContext(), CancellationToken.None);
        var conversion = await pipeline.AssessConversionAsync(ConversionContext(), CancellationToken.None);

        Assert.Equal(["host", "host"], log);
        Assert.Equal([FraudCodes.RuleFailed, "host_reject"], click.Codes);
        Assert.Equal(FraudAction.Reject, click.Action);
        var failed = conversion.Single(FraudCodes.RuleFailed, FraudAction.Hold);
        Assert.Equal("Rule ThrowingRule failed: Geo service unreachable.", failed.Reason);
    }

    [Fact]
    public async Task A_host_rule_that_returns_null_is_held()
    {
        var pipeline = new FraudPipeline(new FraudOptions(), conversionRules: [new FixedRule(null!)]);

        var assessment = await pipeline.AssessConversionAsync(ConversionContext(), CancellationToken.None);

        Assert.Equal(
            "Rule FixedRule returned no verdict.",
            assessment.Single(FraudCodes.RuleFailed, FraudAction.Hold).Reason
        );
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_not_swallowed()
    {
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();
        var pipeline = new FraudPipeline(
            new FraudOptions(),
            [new ThrowingRule(new OperationCanceledException(cancellation.Token))]
        );

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await pipeline.AssessClickAsync(ClickContext(), cancellation.Token)
        );
    }

    [Fact]
    public async Task A_rule_cancelled_by_the_caller_mid_run_propagates()
    {
        using var cancellation = new CancellationTokenSource();
        var rule = new CancellingRule(cancellation);
        var pipeline = new FraudPipeline(new FraudOptions(), [rule]);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await pipeline.AssessClickAsync(ClickContext(), cancellation.Token)
        );
    }

    private sealed class CancellingRule(CancellationTokenSource source) : IClickFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(ClickFraudContext context, CancellationToken cancellationToken)
        {
            source.Cancel();
            cancellationToken.ThrowIfCancellationRequested();
            return ValueTask.FromResult(FraudVerdict.Allow);
        }
    }

    [Fact]
    public async Task A_host_rules_own_timeout_is_a_failure_not_a_cancellation()
    {
        var pipeline = new FraudPipeline(
            new FraudOptions(),
            [new ThrowingRule(new TaskCanceledException("The request timed out."))]
        );

        var assessment = await pipeline.AssessClickAsync(ClickContext(), CancellationToken.None);

        Assert.Equal(
            "Rule ThrowingRule failed: The request timed out.",
            assessment.Single(FraudCodes.RuleFailed, FraudAction.Hold).Reason
        );
    }

    [Fact]
    public async Task Host_rules_receive_the_callers_token()
    {
        using var cancellation = new CancellationTokenSource();
        var rule = new TokenObservingRule();

        await new FraudPipeline(new FraudOptions(), [rule]).AssessClickAsync(ClickContext(), cancellation.Token);

        Assert.Equal(cancellation.Token, rule.Seen);
    }

    [Fact]
    public void The_pipeline_refuses_null_arguments_and_null_rules()
    {
        Assert.Throws<ArgumentNullException>(() => new FraudPipeline(null!));
        Assert.Throws<ArgumentNullException>(() => new FraudPipeline(new FraudOptions(), [null!]));
        Assert.Throws<ArgumentNullException>(() => new FraudPipeline(new FraudOptions(), conversionRules: [null!]));
    }

    [Fact]
    public async Task The_pipeline_refuses_null_contexts()
    {
        var pipeline = new FraudPipeline(new FraudOptions());

        await Assert.ThrowsAsync<ArgumentNullException>(async () => await pipeline.AssessClickAsync(null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await pipeline.AssessConversionAsync(null!));
    }

    [Fact]
    public void The_pipeline_refuses_invalid_options_listing_every_problem()
    {
        var options = new FraudOptions();
        options.IpVelocity.MaxClicks = -1;
        options.BlockedIpRanges.Ranges.Add("10.0.0.1/8");

        var error = Assert.Throws<ArgumentException>(() => new FraudPipeline(options));

        Assert.Contains("Fraud.IpVelocity.MaxClicks is -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("write '10.0.0.0/8'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_changed_after_the_pipeline_is_built_do_not_affect_it()
    {
        var options = new FraudOptions();
        var pipeline = new FraudPipeline(options);
        options.IpVelocity.MaxClicks = 1;
        options.BotUserAgents.AdditionalPatterns.Add("chrome");
        options.SelfReferral.Enabled = false;

        Assert.True((await pipeline.AssessClickAsync(ClickContext(fromIp: 5), CancellationToken.None)).IsAllow);
        Assert.Equal(
            [FraudCodes.SelfReferralIp],
            (
                await pipeline.AssessConversionAsync(
                    ConversionContext() with
                    {
                        IpHash = "ip-hash-anna-home",
                    },
                    CancellationToken.None
                )
            ).Codes
        );
    }

    // ---- Verdicts and activity ---------------------------------------------------------------------------------

    [Fact]
    public void The_allow_verdict_has_code_allow()
    {
        Assert.Equal("allow", FraudVerdict.Allow.Code);
        Assert.True(FraudVerdict.Allow.IsAllow);
        Assert.False(HostHold.IsAllow);
        Assert.Equal(FraudAction.Reject, HostReject.Action);
    }

    [Fact]
    public void A_verdict_needs_a_code_a_reason_and_a_real_action()
    {
        Assert.Throws<ArgumentException>(() => new FraudVerdict(FraudAction.Hold, " ", "Why."));
        Assert.Throws<ArgumentNullException>(() => new FraudVerdict(FraudAction.Hold, "code", null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FraudVerdict((FraudAction)7, "code", "Why."));
        Assert.Throws<ArgumentOutOfRangeException>(() => HostHold with { Action = (FraudAction)(-1) });
    }

    [Fact]
    public void Partner_activity_rates_are_zero_without_a_denominator()
    {
        Assert.Equal(0m, PartnerActivity.None.ConversionRate);
        Assert.Equal(0m, PartnerActivity.None.RefundRate);
        Assert.Equal(0.025m, new PartnerActivity(200, 5, 1).ConversionRate);
        Assert.Equal(0.2m, new PartnerActivity(200, 5, 1).RefundRate);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartnerActivity(-1, 0, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PartnerActivity(0, -1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartnerActivity.None with { RefundedConversions = -1 });
    }
}
