using Affiliate.Stores;
using Affiliate.Tests.Support;

namespace Affiliate.Tests.Lifecycle;

public sealed class PipelineTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private sealed class FixedRates : IExchangeRateProvider
    {
        public ValueTask<ExchangeRate?> GetRateAsync(
            Currency from,
            Currency to,
            Instant at,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult<ExchangeRate?>(
                from == Currency.USD && to == Currency.EUR ? new ExchangeRate(from, to, 0.9m, at, "test") : null
            );
    }

    [Fact]
    public async Task A_foreign_currency_sale_is_priced_through_the_rate_and_the_rate_is_kept_on_the_line()
    {
        using var host = new AffiliateHost(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.Fraud.ClickToConversion.Enabled = false;
            },
            b => b.UseExchangeRates<FixedRates>()
        );
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var outcome = (await host.SaleAsync("order-1", 100m, "v1", currency: "USD")).GetValueOrThrow();

        var line = Assert.Single(outcome.Lines);
        Assert.Equal(Money.Of(9.00m, "EUR"), line.Amount);
        Assert.Equal(0.9m, line.ExchangeRate!.Rate);
        Assert.Equal(
            (Money.Of(100m, "USD"), Money.Of(90m, "EUR")),
            (outcome.Conversion.Amount, outcome.Conversion.ProgramAmount)
        );

        var refund = (
            await host.Conversions.RefundAsync(
                new RefundRequest
                {
                    ConversionId = new ConversionId("order-1"),
                    RefundId = "re-1",
                    Amount = Money.Of(50m, "USD"),
                }
            )
        ).GetValueOrThrow();
        Assert.Equal(Money.Of(-4.50m, "EUR"), Assert.Single(refund.NewLines).Amount);
    }

    [Fact]
    public async Task Without_a_rate_a_foreign_currency_sale_is_refused()
    {
        using var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        var result = await host.SaleAsync("order-1", 100m, "v1", currency: "JPY");

        Assert.Equal(AffiliateErrorCodes.ExchangeRateUnavailable, result.Error!.Code);
    }

    [Fact]
    public async Task A_lifetime_customer_stays_with_the_partner_who_brought_them()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.LifetimeCustomers = true;
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        await host.PartnerAsync("bob");
        await host.ClickAsync("ANNA10", "v1");
        Task<AffiliateResult<ConversionOutcome>> Order(string id, string? visitor) =>
            host
                .Conversions.RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(new ConversionId(id), host.Clock.Now, Money.Of(100m, "EUR")),
                        VisitorId = visitor,
                        CustomerId = new CustomerId("customer-1"),
                    }
                )
                .AsTask();

        Assert.Equal(
            new PartnerId("anna"),
            Assert.Single((await Order("o-1", "v1")).GetValueOrThrow().Lines).PartnerId
        );

        // A year later, through another partner's link on another device: still Anna's customer.
        host.Clock.Advance(Duration.FromDays(365));
        await host.ClickAsync("BOB10", "v2");
        var later = (await Order("o-2", "v2")).GetValueOrThrow();

        Assert.Equal(new PartnerId("anna"), Assert.Single(later.Lines).PartnerId);
        Assert.Equal(AttributionReason.CustomerBinding, later.Conversion.AttributionReason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_customer_whose_binding_lapsed_is_bound_to_the_partner_who_brings_them_back(bool suspendInstead)
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.LifetimeCustomers = true;
            o.LifetimeMonths = 6;
            o.Fraud.ClickToConversion.Enabled = false;
        });
        var anna = await host.PartnerAsync("anna");
        await host.PartnerAsync("bob");
        await host.ClickAsync("ANNA10", "v1");
        Task<AffiliateResult<ConversionOutcome>> Order(string id, string? visitor) =>
            host
                .Conversions.RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(new ConversionId(id), host.Clock.Now, Money.Of(100m, "EUR")),
                        VisitorId = visitor,
                        CustomerId = new CustomerId("customer-1"),
                    }
                )
                .AsTask();
        Assert.Equal(
            new PartnerId("anna"),
            Assert.Single((await Order("o-1", "v1")).GetValueOrThrow().Lines).PartnerId
        );

        if (suspendInstead)
        {
            host.Clock.Advance(Duration.FromDays(30));
            await host.Partners.ChangeStatusAsync(anna.Id, Affiliate.PartnerStatus.Suspended, "fraud review");
        }
        else
        {
            host.Clock.Advance(Duration.FromDays(200)); // past the 6 months
        }

        await host.ClickAsync("BOB10", "v2");
        Assert.Equal(new PartnerId("bob"), Assert.Single((await Order("o-2", "v2")).GetValueOrThrow().Lines).PartnerId);

        // Later, with no click at all: the customer now belongs to Bob.
        host.Clock.Advance(Duration.FromDays(40));
        var later = (await Order("o-3", null)).GetValueOrThrow();
        Assert.Equal(new PartnerId("bob"), Assert.Single(later.Lines).PartnerId);
        Assert.Equal(AttributionReason.CustomerBinding, later.Conversion.AttributionReason);
    }

    [Fact]
    public async Task Upline_partners_recruited_with_sponsor_codes_earn_on_the_sale()
    {
        var basic = AffiliateHost.PercentPlan(10m);
        var plan = basic with
        {
            Versions =
            [
                basic.Versions[0] with
                {
                    MultiLevel = new MultiLevelPolicy
                    {
                        Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                    },
                },
            ],
        };
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = plan;
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        await host.PartnerAsync("ben", sponsorCode: "ANNA10");
        await host.PartnerAsync("cleo", sponsorCode: "ben10");
        await host.ClickAsync("CLEO10", "v1");

        var outcome = (await host.SaleAsync("order-1", 100m, "v1")).GetValueOrThrow();

        Assert.Equal(
            [
                ("cleo", LedgerEntryKind.Commission, 10.00m),
                ("ben", LedgerEntryKind.Upline, 2.00m),
                ("anna", LedgerEntryKind.Upline, 1.00m),
            ],
            outcome.Lines.Select(l => (l.PartnerId.Value, l.Kind, l.Amount.Amount))
        );
    }

    [Fact]
    public async Task A_postback_names_its_click_and_unknown_clicks_are_refused()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Fraud.ClickToConversion.Enabled = false;
        });
        await host.PartnerAsync("anna");
        var click = await host.ClickAsync("ANNA10", "v1");

        var outcome = (
            await host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = ConversionFacts.Sale(new ConversionId("o-1"), host.Clock.Now, Money.Of(50m, "EUR")),
                    ClickId = click.Id,
                }
            )
        ).GetValueOrThrow();
        var unknown = await host.Conversions.RecordAsync(
            new ConversionRequest
            {
                Facts = ConversionFacts.Sale(new ConversionId("o-2"), host.Clock.Now, Money.Of(50m, "EUR")),
                ClickId = new ClickId("nope"),
            }
        );

        Assert.Equal(click.Id, outcome.Conversion.ClickId);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, unknown.Error!.Code);
    }

    [Fact]
    public async Task Invalid_facts_and_unknown_programs_are_refused_without_writing_anything()
    {
        using var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

        var negative = await host.SaleAsync("o-1", -5m, null);
        var unknown = await host.Conversions.RecordAsync(
            new ConversionRequest
            {
                ProgramId = new ProgramId("other"),
                Facts = ConversionFacts.Sale(new ConversionId("o-1"), Start, Money.Of(5m, "EUR")),
            }
        );

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, negative.Error!.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownProgram, unknown.Error!.Code);
        Assert.Null(
            await ((IConversionStore)host.Store).FindAsync(new ProgramId("default"), new ConversionId("o-1"), default)
        );
    }

    private sealed class Recorder : IAffiliateEventHandler
    {
        public static readonly List<string> Seen = [];

        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            lock (Seen)
            {
                Seen.Add(affiliateEvent.Type);
            }

            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task Every_state_change_leaves_an_event_in_the_outbox_for_the_dispatcher()
    {
        using var host = new AffiliateHost(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.HoldPeriod = Duration.Zero;
                o.Fraud.ClickToConversion.Enabled = false;
            },
            b => b.AddEventHandler<Recorder>()
        );
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        await host.SaleAsync("o-1", 100m, "v1");
        await host.Ledger.ApproveDueAsync();
        var payout = Assert.Single((await host.Payouts.CreatePayoutsAsync()).GetValueOrThrow().Payouts);
        await host.Payouts.MarkPaidAsync(payout.Id, "tx");
        await host.Conversions.RefundAsync(
            new RefundRequest { ConversionId = new ConversionId("o-1"), RefundId = "re-1" }
        );

        var dispatcher = (OutboxDispatcher)host.Services.GetService(typeof(OutboxDispatcher))!;
        var dispatched = (await dispatcher.DispatchAsync(1000)).Delivered;

        var types = await Task.FromResult(Recorder.Seen.ToArray());
        Assert.Equal(0, (await dispatcher.DispatchAsync()).Attempted);
        Assert.True(dispatched >= 8);
        foreach (
            var type in new[]
            {
                "partner.registered",
                "conversion.recorded",
                "commission.created",
                "commission.approved",
                "payout.created",
                "payout.paid",
                "conversion.refunded",
            }
        )
        {
            Assert.Contains(type, types);
        }
    }

    [Fact]
    public async Task Approval_writes_one_event_per_partner_and_batch_and_per_line_events_only_when_asked()
    {
        foreach (var lineEvents in new[] { false, true })
        {
            using var host = new AffiliateHost(Start, o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.HoldPeriod = Duration.Zero;
                o.Fraud.ClickToConversion.Enabled = false;
                o.LineEvents = lineEvents;
            });
            await host.PartnerAsync("anna");
            await host.ClickAsync("ANNA10", "v1");
            await host.SaleAsync("o-1", 100m, "v1");
            await host.SaleAsync("o-2", 50m, "v1");
            var before = (await ((IOutboxStore)host.Store).PendingAsync(int.MaxValue, default)).Count;

            Assert.Equal(2, await host.Ledger.ApproveDueAsync());

            var written = (await ((IOutboxStore)host.Store).PendingAsync(int.MaxValue, default)).Skip(before).ToArray();
            var approved = Assert.Single(written.OfType<CommissionsApproved>());
            Assert.Equal(
                (new PartnerId("anna"), 2, Money.Of(15m, "EUR")),
                (approved.PartnerId, approved.Lines, approved.Amount)
            );
            Assert.Equal(lineEvents ? 2 : 0, written.OfType<CommissionLineStateChanged>().Count());
        }
    }
}
