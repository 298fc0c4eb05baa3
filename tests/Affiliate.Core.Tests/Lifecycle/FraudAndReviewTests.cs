using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class FraudAndReviewTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static AffiliateHost Host(Action<AffiliateOptions>? configure = null) => new(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            configure?.Invoke(o);
        });

    [Fact]
    public async Task An_order_seconds_after_its_click_is_held_for_review_and_approval_makes_it_pending()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        host.Clock.Advance(Duration.FromSeconds(3));

        var outcome = (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();
        Assert.Equal(ConversionStatus.Held, outcome.Conversion.Status);
        var held = Assert.Single(outcome.Lines);
        Assert.Equal(
            (CommissionState.Held, FraudCodes.ClickToConversionTooFast),
            (held.State, Assert.Single(held.FraudCodes))
        );

        host.Clock.Advance(Duration.FromDays(31));
        Assert.Equal(0, await host.Ledger.ApproveDueAsync());

        var reviewed = (
            await host.Ledger.ReviewAsync(
                null,
                new ConversionId("order-1"),
                new ReviewDecision(true, "customer verified by phone", "ops@shop")
            )
        ).GetValueOrThrow();
        Assert.Equal(CommissionState.Pending, Assert.Single(reviewed).State);
        Assert.Contains("customer verified by phone", reviewed[0].Reason, StringComparison.Ordinal);
        Assert.Equal(1, await host.Ledger.ApproveDueAsync());
    }

    [Fact]
    public async Task A_rejected_review_rejects_the_lines_and_a_second_review_is_refused()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("order-1", 100m, "v1");

        var rejected = (
            await host.Ledger.ReviewAsync(
                null,
                new ConversionId("order-1"),
                new ReviewDecision(false, "stolen card", "ops")
            )
        ).GetValueOrThrow();
        var again = await host.Ledger.ReviewAsync(
            null,
            new ConversionId("order-1"),
            new ReviewDecision(true, "changed my mind", "ops")
        );

        Assert.Equal(CommissionState.Rejected, Assert.Single(rejected).State);
        Assert.Equal(AffiliateErrorCodes.InvalidStateTransition, again.Error!.Code);
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Ledger.ReviewAsync(null, new ConversionId("order-1"), new ReviewDecision(true, "", "")))
                .Error!
                .Code
        );
    }

    [Fact]
    public async Task A_partner_buying_through_their_own_link_with_a_dressed_up_email_earns_nothing()
    {
        using var host = Host(o => o.Fraud.ClickToConversion.Enabled = false);
        await host.PartnerAsync("anna", email: "anna.smith@gmail.com");
        await host.ClickAsync("ANNA10", "v1");

        var outcome = (
            await host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = Affiliate.ConversionFacts.Sale(
                        new ConversionId("order-1"),
                        host.Clock.Now,
                        Money.Of(100m, "EUR")
                    ),
                    VisitorId = "v1",
                    CustomerEmail = " Anna.Smith+deals@GoogleMail.com ",
                }
            )
        ).GetValueOrThrow();

        Assert.Equal(ConversionStatus.Rejected, outcome.Conversion.Status);
        Assert.Equal([FraudCodes.SelfReferralEmail], outcome.Conversion.FraudCodes);
        Assert.Empty(outcome.Lines);
    }

    [Fact]
    public async Task Self_referral_credits_another_partners_earlier_click_instead()
    {
        using var host = Host(o =>
        {
            o.Fraud.ClickToConversion.Enabled = false;
            o.AttributionModel = Affiliate.AttributionModel.LastClick;
        });
        await host.PartnerAsync("anna", email: "anna@example.com");
        await host.PartnerAsync("bob");
        await host.ClickAsync("BOB10", "v1");
        host.Clock.Advance(Duration.FromHours(1));
        await host.ClickAsync("ANNA10", "v1");

        var outcome = (
            await host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = Affiliate.ConversionFacts.Sale(
                        new ConversionId("order-1"),
                        host.Clock.Now,
                        Money.Of(100m, "EUR")
                    ),
                    VisitorId = "v1",
                    CustomerEmail = "ANNA@example.com",
                }
            )
        ).GetValueOrThrow();

        Assert.Equal(new PartnerId("bob"), Assert.Single(outcome.Lines).PartnerId);
    }

    [Fact]
    public async Task A_bot_click_is_kept_for_reports_but_earns_nothing()
    {
        using var host = Host(o => o.Fraud.ClickToConversion.Enabled = false);
        await host.PartnerAsync("anna");

        var click = (
            await host.Clicks.RecordAsync(
                new ClickRequest
                {
                    ReferralCode = "ANNA10",
                    VisitorId = "v1",
                    UserAgent = "Googlebot/2.1 (+http://www.google.com/bot.html)",
                }
            )
        ).GetValueOrThrow();
        var outcome = (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();

        Assert.False(click.Attributable);
        Assert.Contains(FraudCodes.BotUserAgent, click.FraudCodes);
        Assert.Equal(ConversionStatus.NotAttributed, outcome.Conversion.Status);
    }

    [Fact]
    public async Task Clicks_on_unknown_codes_and_inactive_partners_are_refused()
    {
        using var host = Host();
        var anna = await host.PartnerAsync("anna");
        await host.Partners.ChangeStatusAsync(anna.Id, PartnerStatus.Suspended, "review");

        Assert.Equal(
            AffiliateErrorCodes.UnknownReferralCode,
            (await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "NOPE10", VisitorId = "v1" })).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.UnknownReferralCode,
            (await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "bad code!", VisitorId = "v1" }))
                .Error!
                .Code
        );
        Assert.Equal(
            AffiliateErrorCodes.PartnerNotActive,
            (await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "ANNA10", VisitorId = "v1" })).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "ANNA10", VisitorId = " " })).Error!.Code
        );
    }

    private sealed class BlockBigOrders : IConversionFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(
            ConversionFraudContext context,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult(
                context.Conversion.Amount?.Amount > 1_000m
                    ? FraudVerdict.Reject("too_big", "orders above 1,000 need a manual check")
                    : FraudVerdict.Allow
            );
    }

    [Fact]
    public async Task A_host_rule_can_reject_a_conversion()
    {
        using var host = new AffiliateHost(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.Fraud.ClickToConversion.Enabled = false;
            },
            b => b.AddConversionFraudRule<BlockBigOrders>()
        );
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var big = (await host.SaleAsync("order-1", 5_000m, "v1")).GetValueOrThrow();
        var small = (await host.SaleAsync("order-2", 50m, "v1")).GetValueOrThrow();

        Assert.Equal(
            (ConversionStatus.Rejected, "too_big"),
            (big.Conversion.Status, Assert.Single(big.Conversion.FraudCodes))
        );
        Assert.Equal(ConversionStatus.Attributed, small.Conversion.Status);
    }
}

public sealed class ReviewFindingTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    [Fact]
    public async Task A_click_rule_set_to_hold_holds_the_conversion_it_leads_to()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
            o.Fraud.BotUserAgents.Action = FraudAction.Hold;
        });
        await host.PartnerAsync("anna");
        (
            await host.Clicks.RecordAsync(
                new ClickRequest
                {
                    ReferralCode = "ANNA10",
                    VisitorId = "v1",
                    UserAgent = "curl/8.0",
                }
            )
        ).GetValueOrThrow();

        var outcome = (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();

        Assert.Equal(ConversionStatus.Held, outcome.Conversion.Status);
        Assert.Equal(CommissionState.Held, Assert.Single(outcome.Lines).State);
        Assert.Contains(FraudCodes.BotUserAgent, outcome.Conversion.FraudCodes);
    }

    [Fact]
    public async Task A_self_referral_rule_set_to_hold_holds_instead_of_rejecting()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
            o.Fraud.SelfReferral.Action = FraudAction.Hold;
        });
        await host.PartnerAsync("anna", email: "anna@example.com");
        await host.ClickAsync("ANNA10", "v1");

        var outcome = (
            await host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = Affiliate.ConversionFacts.Sale(
                        new ConversionId("order-1"),
                        host.Clock.Now,
                        Money.Of(100m, "EUR")
                    ),
                    VisitorId = "v1",
                    CustomerEmail = "anna@example.com",
                }
            )
        ).GetValueOrThrow();

        Assert.Equal(ConversionStatus.Held, outcome.Conversion.Status);
        Assert.Equal([FraudCodes.SelfReferralEmail], outcome.Conversion.FraudCodes);
    }

    [Fact]
    public async Task A_suspended_partners_click_is_not_called_a_self_referral()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
        });
        var anna = await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.Partners.ChangeStatusAsync(anna.Id, PartnerStatus.Suspended, "review");

        var outcome = (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();

        Assert.Equal(
            (ConversionStatus.NotAttributed, Affiliate.AttributionReason.None),
            (outcome.Conversion.Status, outcome.Conversion.AttributionReason)
        );
    }

    [Fact]
    public async Task Control_characters_in_ids_are_refused_and_cleaned_from_headers()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");

        var click = (
            await host.Clicks.RecordAsync(
                new ClickRequest
                {
                    ReferralCode = "ANNA10",
                    VisitorId = "v1",
                    UserAgent = "Mozilla/5.0\0 Firefox",
                }
            )
        ).GetValueOrThrow();
        var badVisitor = await host.Clicks.RecordAsync(
            new ClickRequest { ReferralCode = "ANNA10", VisitorId = "v\u00001" }
        );
        var badCoupon = await host.SaleAsync("order-1", 100m, "v1", coupon: "SAVE\u000010");

        Assert.Equal("Mozilla/5.0 Firefox", click.UserAgent);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, badVisitor.Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, badCoupon.Error!.Code);
    }
}
