using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class RulePrecedenceTests
{
    private static readonly Partner Seller = Partner("seller") with
    {
        Segment = PartnerSegment.Influencer,
        Tier = new PartnerTier("gold"),
    };

    private static ConversionFacts Cart(string country = "DE", string? coupon = null) =>
        new()
        {
            Id = new ConversionId("order-1"),
            OccurredAt = Instant.FromUtc(2026, 6, 1, 12, 0),
            Country = country,
            CouponCode = coupon,
            Items =
            [
                new LineItem
                {
                    ProductId = "kindle",
                    Categories = ["electronics", "books"],
                    UnitPrice = Eur(100m),
                },
                new LineItem
                {
                    ProductId = "novel",
                    Categories = ["books"],
                    UnitPrice = Eur(20m),
                },
                new LineItem
                {
                    ProductId = "lamp",
                    Categories = ["home"],
                    UnitPrice = Eur(50m),
                },
            ],
        };

    private static readonly CommissionRule[] Rules =
    [
        Percent(5, "default"),
        new()
        {
            Id = "books",
            Rate = CommissionRate.Percent(8),
            When = new() { Categories = ["books"] },
        },
        new()
        {
            Id = "kindle",
            Rate = CommissionRate.Percent(3),
            When = new() { Products = ["KINDLE"] },
        },
        new()
        {
            Id = "german-home",
            Rate = CommissionRate.Percent(12),
            When = new() { Countries = ["de"], Categories = ["home"] },
        },
    ];

    [Fact]
    public void Most_specific_rule_wins_per_item_by_default()
    {
        var result = Price(Plan(Rules), Cart(), Seller);

        // kindle: product rule 3% of 100; novel: books 8% of 20; lamp: country+category 12% of 50.
        Assert.Equal(3m + 1.6m + 6m, result.TotalFor(Seller.Id, Currency.EUR).Amount);
        var parts = result.Lines.Single().Explanation.Parts;
        Assert.Equal(["kindle", "books", "german-home"], parts.Select(p => p.RuleId));
    }

    [Fact]
    public void Highest_wins_takes_the_best_paying_rule_per_item()
    {
        var plan = Plan(Version(Rules) with { Precedence = RulePrecedence.Highest });

        var result = Price(plan, Cart(), Seller);

        // kindle: books 8% beats default 5% and product 3%; novel 8%; lamp 12%.
        Assert.Equal(8m + 1.6m + 6m, result.TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void Conditions_that_do_not_hold_leave_the_fallback()
    {
        var result = Price(Plan(Rules), Cart(country: "FR"), Seller);

        Assert.Equal(3m + 1.6m + 2.5m, result.TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void Priority_breaks_ties_between_equally_specific_rules_and_then_the_first_listed_wins()
    {
        var first = new CommissionRule
        {
            Id = "first",
            Rate = CommissionRate.Percent(4),
            When = new() { Countries = ["DE"] },
        };
        var second = new CommissionRule
        {
            Id = "second",
            Rate = CommissionRate.Percent(6),
            When = new() { Segments = [PartnerSegment.Influencer] },
        };

        Assert.Equal(6.8m, Price(Plan(first, second), Cart(), Seller).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Equal(
            10.2m,
            Price(Plan(first, second with { Priority = 1 }), Cart(), Seller).TotalFor(Seller.Id, Currency.EUR).Amount
        );
    }

    [Fact]
    public void Segment_tier_coupon_and_sale_type_conditions_are_matched()
    {
        CommissionRule Rule(string id, RuleConditions when) =>
            new()
            {
                Id = id,
                Rate = CommissionRate.Percent(10),
                When = when,
            };
        var sale = Sale(100m) with { Country = "DE", CouponCode = "SUMMER" };

        Assert.True(
            Price(
                Plan(Rule("seg", new() { Segments = [new PartnerSegment("INFLUENCER")] })),
                sale,
                Seller
            ).Commissionable
        );
        Assert.False(
            Price(Plan(Rule("seg", new() { Segments = [PartnerSegment.CouponSite] })), sale, Seller).Commissionable
        );
        Assert.True(
            Price(Plan(Rule("tier", new() { Tiers = [new PartnerTier("Gold")] })), sale, Seller).Commissionable
        );
        Assert.False(
            Price(Plan(Rule("tier", new() { Tiers = [new PartnerTier("silver")] })), sale, Seller).Commissionable
        );
        Assert.True(Price(Plan(Rule("coupon", new() { CouponCodes = ["summer"] })), sale, Seller).Commissionable);
        Assert.False(Price(Plan(Rule("no-coupon", new() { CouponUsed = false })), sale, Seller).Commissionable);
        Assert.True(Price(Plan(Rule("new", new() { SaleType = SaleType.New })), sale, Seller).Commissionable);
        Assert.False(
            Price(Plan(Rule("recurring", new() { SaleType = SaleType.Recurring })), sale, Seller).Commissionable
        );
    }

    [Fact]
    public void New_and_recurring_sales_get_their_own_rates()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "new",
                Rate = CommissionRate.Percent(30),
                When = new() { SaleType = SaleType.New },
            },
            new CommissionRule
            {
                Id = "recurring",
                Rate = CommissionRate.Percent(10),
                When = new() { SaleType = SaleType.Recurring },
            }
        );
        var renewal = Sale(50m) with
        {
            Kind = ConversionKind.Renewal,
            Subscription = new("sub-1", 2, Instant.FromUtc(2026, 5, 1, 0, 0)),
        };

        Assert.Equal(30m, Price(plan, Sale(100m), Seller).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Equal(5m, Price(plan, renewal, Seller).TotalFor(Seller.Id, Currency.EUR).Amount);
    }

    [Fact]
    public void A_flat_rule_pays_once_per_order_however_many_items_it_wins()
    {
        var plan = Plan(new CommissionRule { Id = "flat", Rate = CommissionRate.Flat(Eur(7m)) });

        var line = Price(plan, Cart(), Seller).Lines.Single();

        Assert.Equal(7m, line.Amount.Amount);
        Assert.Single(line.Explanation.Parts);
    }

    [Fact]
    public void Lead_click_and_custom_events_are_priced_only_by_rules_for_their_kind()
    {
        var plan = Plan(
            Percent(10),
            new CommissionRule
            {
                Id = "cpl",
                AppliesTo = [ConversionKind.Lead],
                Rate = CommissionRate.Flat(Eur(2.5m)),
            },
            new CommissionRule
            {
                Id = "cpc",
                AppliesTo = [ConversionKind.Click],
                Rate = CommissionRate.Flat(Eur(0.05m)),
            },
            new CommissionRule
            {
                Id = "trial",
                AppliesTo = [ConversionKind.Custom],
                Rate = CommissionRate.Flat(Eur(1m)),
                When = new() { EventNames = ["trial-started"] },
            }
        );
        ConversionFacts Event(ConversionKind kind, string? name = null) =>
            new()
            {
                Id = new ConversionId("e-" + kind),
                Kind = kind,
                OccurredAt = Instant.FromUtc(2026, 6, 1, 12, 0),
                EventName = name,
            };

        Assert.Equal(2.5m, Price(plan, Event(ConversionKind.Lead), Seller).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Equal(0.05m, Price(plan, Event(ConversionKind.Click), Seller).TotalFor(Seller.Id, Currency.EUR).Amount);
        Assert.Equal(
            1m,
            Price(plan, Event(ConversionKind.Custom, "trial-started"), Seller).TotalFor(Seller.Id, Currency.EUR).Amount
        );
        var other = Price(plan, Event(ConversionKind.Custom, "newsletter"), Seller);
        Assert.True(other.Succeeded);
        Assert.False(other.Commissionable);
        Assert.Empty(other.Lines);
        Assert.False(Price(plan, Event(ConversionKind.Signup), Seller).Commissionable);
    }
}
