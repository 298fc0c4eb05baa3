using FsCheck;
using FsCheck.Fluent;
using static Affiliate.Tests.Support.TestPlans;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Commissions;

/// <summary>
/// What pricing works out once and keeps (an explanation's amount and sentence, a version's index, a rate's fraction)
/// stays true for copies made with <c>with</c> and never changes equality.
/// </summary>
public sealed class DerivedValuesTests
{
    [Fact]
    public void A_copy_of_an_explanation_computes_its_own_amount_and_sentence()
    {
        var explanation = Price(Plan(Percent(10)), Sale(100m, id: "order-7"), Partner("anna")).Lines[0].Explanation;
        Assert.Equal(10m, explanation.Amount.Amount);
        Assert.StartsWith(
            "10.00 EUR for sale order-7 under plan 'Test plan'",
            explanation.ToSentence(),
            StringComparison.Ordinal
        );

        var capped = explanation with { Adjustments = [new ExplanationAdjustment("cap", "a test cap", Eur(-1.50m))] };
        var renamed = explanation with { PlanName = "Renamed" };

        Assert.Equal(8.50m, capped.Amount.Amount);
        Assert.EndsWith("rule 'default'. Less 1.50 EUR: a test cap.", capped.ToSentence(), StringComparison.Ordinal);
        Assert.Contains("under plan 'Renamed' version 1", renamed.ToSentence(), StringComparison.Ordinal);
        Assert.Equal(10m, explanation.Amount.Amount);
        Assert.DoesNotContain("Renamed", explanation.ToSentence(), StringComparison.Ordinal);
    }

    [Fact]
    public void Kept_values_do_not_change_equality()
    {
        var explanation = Price(Plan(Percent(10)), Sale(100m), Partner("anna")).Lines.Single().Explanation;
        var fresh = explanation with { };
        _ = explanation.Amount;
        _ = explanation.ToSentence();

        Assert.Equal(explanation, fresh);
        Assert.Equal(explanation.GetHashCode(), fresh.GetHashCode());

        var version = Version(Percent(10));
        var copy = version with { };
        _ = Price(Plan(version), Sale(100m), Partner("anna"));

        Assert.Equal(version, copy);
        Assert.Equal(version.GetHashCode(), copy.GetHashCode());
        Assert.Equal(CommissionRate.Percent(12.5m), CommissionRate.Percent(12.50m));
    }

    [Fact]
    public void A_version_copied_with_other_rules_prices_by_its_own_rules()
    {
        var version = Version(Percent(10));
        Assert.Equal(10m, Price(Plan(version), Sale(100m), Partner("anna")).Lines.Single().Amount.Amount);

        var changed = version with { Rules = [Percent(20, id: "twenty")] };

        var line = Price(Plan(changed), Sale(100m), Partner("anna")).Lines.Single();
        Assert.Equal((20m, "twenty"), (line.Amount.Amount, line.Explanation.Parts.Single().RuleId));
    }

    [Fact]
    public void A_percent_rate_copied_with_another_value_takes_its_fraction()
    {
        var rate = new PercentRate(12.5m);

        var changed = rate with { Value = 20m };

        Assert.Equal((0.125m, 0.2m), (rate.Fraction, changed.Fraction));
        var plan = Plan(new CommissionRule { Id = "r", Rate = changed });
        var line = Price(plan, Sale(100m), Partner("anna")).Lines.Single();
        Assert.Equal(20m, line.Amount.Amount);
    }

    private static Gen<LocalDateTime> Moments { get; } =
        from days in Gen.Choose(-1_500, 1_500)
        from seconds in Gen.Frequency((1, Gen.Constant(0)), (3, Gen.Choose(0, 86_399)))
        select new LocalDate(2026, 1, 31).PlusDays(days).At(LocalTime.Midnight).PlusSeconds(seconds);

    [Fact]
    public void Months_between_counts_as_NodaTime_periods_Meets_Specification() =>
        Property.Check(
            Prop.ForAll(Moments.ToArbitrary(), Moments.ToArbitrary(), (start, end) =>
                PricingEngine.MonthsBetween(start, end) == Period.Between(start, end, PeriodUnits.Months).Months
            ),
            maxTest: 5_000
        );
}
