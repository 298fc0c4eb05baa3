using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class ExplanationTests
{
    [Fact]
    public void A_simple_line_reads_as_one_sentence()
    {
        var line = Price(Plan(Percent(10)), Sale(100m, id: "order-7"), Partner("anna")).Lines.Single();

        Assert.Equal(
            "10.00 EUR for sale order-7 under plan 'Test plan' version 1: 10% of 100.00 EUR (sale subtotal after "
                + "discounts) = 10.00 EUR, rule 'default'.",
            line.ToString()
        );
        Assert.Equal(1, line.Explanation.PlanVersion);
        Assert.Equal(1, line.Level);
    }

    [Fact]
    public void Rounding_is_explained_when_it_changes_the_amount()
    {
        var line = Price(Plan(Percent(12.5m)), Sale(1.00m), Partner("anna")).Lines.Single();

        Assert.Equal(0.13m, line.Amount.Amount);
        Assert.Equal(0.125m, line.Explanation.Unrounded.Amount);
        Assert.EndsWith(
            "Rounded from 0.125 EUR to 0.13 EUR (half away from zero).",
            line.ToString(),
            StringComparison.Ordinal
        );
    }

    [Fact]
    public void The_rounding_rule_is_configurable_per_version()
    {
        var plan = Plan(Version(Percent(12.5m)) with { Rounding = MidpointRounding.ToEven });

        Assert.Equal(0.12m, Price(plan, Sale(1.00m), Partner("anna")).Lines.Single().Amount.Amount);
    }

    [Fact]
    public void A_tiered_line_names_the_tier_and_the_ordinal()
    {
        var plan = Plan(
            new CommissionRule
            {
                Id = "volume",
                Name = "Volume",
                Tiers = new VolumeTiers
                {
                    Steps = [new(1, CommissionRate.Percent(5)), new(10, CommissionRate.Percent(10), "Gold")],
                },
            }
        );
        var sale = Sale(100m);

        var line = Price(plan, sale, Partner("anna"), History(9, 50m, sale.OccurredAt)).Lines.Single();

        Assert.Contains(
            "10% of 100.00 EUR (sale subtotal after discounts) = 10.00 EUR, rule 'Volume', tier 'Gold' as conversion "
                + "number 10 in this calendar month",
            line.ToString(),
            StringComparison.Ordinal
        );
        Assert.Equal(
            new TierExplanation(1, "Gold", TierMeasure.Count, 10m, VolumeWindow.CalendarMonth),
            line.Explanation.Parts.Single().Tier
        );
    }

    [Fact]
    public void Items_priced_by_one_rule_fold_into_one_part()
    {
        var cart = new ConversionFacts
        {
            Id = new ConversionId("cart"),
            OccurredAt = Instant.FromUtc(2026, 6, 1, 0, 0),
            Items = [new LineItem { UnitPrice = Eur(10m), Quantity = 2 }, new LineItem { UnitPrice = Eur(5m) }],
        };

        var part = Price(Plan(Percent(10)), cart, Partner("anna")).Lines.Single().Explanation.Parts.Single();

        Assert.Equal((25m, 3, 2.5m), (part.Basis.Amount, part.Quantity, part.Amount.Amount));
    }
}
