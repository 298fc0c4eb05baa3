using Affiliate.Tests.Support;

namespace Affiliate.Tests.Scenarios;

/// <summary>
/// Dub-style rewards on customer-level facts: 30% of a new customer's first purchase, 10% of a returning customer's.
/// </summary>
public sealed class CustomerScenarios
{
    private static readonly Instant Start = Instant.FromUtc(2026, 4, 1, 9, 0);

    /// <summary>30% for new customers, 10% for returning ones, and nothing when newness is unknown.</summary>
    public static CommissionPlan NewVersusReturning() =>
        new()
        {
            Id = new PlanId("dub-style"),
            Name = "New vs returning",
            Currency = Currency.FromCode("EUR"),
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "new-customer",
                            Name = "New customers",
                            Rate = CommissionRate.Percent(30m),
                            When = new RuleConditions { NewCustomer = true },
                        },
                        new CommissionRule
                        {
                            Id = "returning-customer",
                            Name = "Returning customers",
                            Rate = CommissionRate.Percent(10m),
                            When = new RuleConditions { NewCustomer = false },
                        },
                    ],
                },
            ],
        };

    private static AffiliateHost Host() => new(Start, o =>
        {
            o.Plan = NewVersusReturning();
            o.Fraud.ClickToConversion.Enabled = false;
            o.Fraud.DuplicateOrders.Enabled = false;
        });

    private static Task<AffiliateResult<ConversionOutcome>> BuyAsync(
        AffiliateHost host,
        string order,
        decimal amount,
        string? customer,
        bool? newCustomer = null
    ) =>
        host
            .Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = ConversionFacts.Sale(new ConversionId(order), host.Clock.Now, Money.Of(amount, "EUR")) with
                    {
                        NewCustomer = newCustomer,
                    },
                    VisitorId = "v1",
                    CustomerId = customer is null ? null : new CustomerId(customer),
                }
            )
            .AsTask();

    [Fact]
    public async Task A_new_customers_first_purchase_earns_30_percent_and_their_second_10_percent()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        host.Clock.Advance(Duration.FromMinutes(10));
        var first = (await BuyAsync(host, "order-1001", 100m, "cus-42")).GetValueOrThrow();
        host.Clock.Advance(Duration.FromDays(3));
        var second = (await BuyAsync(host, "order-1002", 100m, "cus-42")).GetValueOrThrow();

        var firstLine = Assert.Single(first.Lines);
        var secondLine = Assert.Single(second.Lines);
        Assert.Equal((30.00m, true), (firstLine.Amount.Amount, first.Conversion.NewCustomer));
        Assert.Equal((10.00m, false), (secondLine.Amount.Amount, second.Conversion.NewCustomer));
        Assert.Contains(
            "rule 'New customers', new customer's first purchase",
            firstLine.Explanation,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "rule 'Returning customers', returning customer",
            secondLine.Explanation,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task Refunding_the_first_purchase_does_not_make_the_customer_new_again()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        (await BuyAsync(host, "order-1", 80m, "cus-7")).GetValueOrThrow();
        var refund = new RefundRequest { ConversionId = new ConversionId("order-1"), RefundId = "r1" };
        (await host.Conversions.RefundAsync(refund)).GetValueOrThrow();

        host.Clock.Advance(Duration.FromHours(1));
        var again = (await BuyAsync(host, "order-2", 80m, "cus-7")).GetValueOrThrow();

        Assert.Equal((8.00m, false), (Assert.Single(again.Lines).Amount.Amount, again.Conversion.NewCustomer));
    }

    [Fact]
    public async Task The_hosts_value_wins_and_without_a_customer_id_neither_rule_matches()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");

        // A customer the host knows from before the program: returning, though the library never saw them.
        var known = (await BuyAsync(host, "order-1", 100m, "cus-old", newCustomer: false)).GetValueOrThrow();

        // The library's record now says cus-old has purchased; the host says this one is new (say, a new account).
        var told = (await BuyAsync(host, "order-2", 100m, "cus-old", newCustomer: true)).GetValueOrThrow();
        var guest = (await BuyAsync(host, "order-3", 100m, customer: null)).GetValueOrThrow();
        var guestTold = (await BuyAsync(host, "order-4", 100m, customer: null, newCustomer: true)).GetValueOrThrow();

        Assert.Equal(10.00m, Assert.Single(known.Lines).Amount.Amount);
        Assert.Equal((30.00m, true), (Assert.Single(told.Lines).Amount.Amount, told.Conversion.NewCustomer));
        Assert.Null(guest.Conversion.NewCustomer);
        Assert.Empty(guest.Lines);
        Assert.Equal(30.00m, Assert.Single(guestTold.Lines).Amount.Amount);
        var record = await host.Store.FindCustomerAsync(known.Conversion.ProgramId, new CustomerId("cus-old"), default);
        Assert.Equal(new ConversionId("order-1"), record!.FirstConversionId);
    }

    [Fact]
    public async Task A_replayed_first_purchase_stays_new_and_a_lead_never_makes_a_customer_returning()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v1");
        var signup = await host.Conversions.RecordAsync(
            new ConversionRequest
            {
                Facts = new ConversionFacts
                {
                    Id = new ConversionId("lead-1"),
                    Kind = ConversionKind.Lead,
                    OccurredAt = host.Clock.Now,
                },
                VisitorId = "v1",
                CustomerId = new CustomerId("cus-9"),
            }
        );
        Assert.Null(signup.GetValueOrThrow().Conversion.NewCustomer);

        var first = (await BuyAsync(host, "order-1", 50m, "cus-9")).GetValueOrThrow();
        var replay = await BuyAsync(host, "order-1", 50m, "cus-9");

        Assert.Equal(15.00m, Assert.Single(first.Lines).Amount.Amount);
        Assert.True(replay.AlreadyRecorded);
        Assert.Equal(true, replay.Value!.Conversion.NewCustomer);
        Assert.Equal(15.00m, Assert.Single(replay.Value.Lines).Amount.Amount);
    }
}
