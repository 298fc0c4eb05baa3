using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class PlanVersionTests
{
    private static readonly Instant June = Instant.FromUtc(2026, 6, 1, 0, 0);

    private static CommissionPlan TwoVersions()
    {
        var plan = Plan(Percent(10));
        return plan.AddVersion(
            Version(Percent(12)) with
            {
                Number = 2,
                EffectiveFrom = June,
            },
            June - Duration.FromDays(1)
        );
    }

    [Fact]
    public void A_conversion_is_priced_by_the_version_in_force_when_it_occurred()
    {
        var plan = TwoVersions();
        var seller = Partner("p");

        var before = Price(plan, Sale(100m, June - Duration.Epsilon), seller);
        var at = Price(plan, Sale(100m, June), seller);

        Assert.Equal((1, 10m), (before.Version!.Number, before.TotalFor(seller.Id, Currency.EUR).Amount));
        Assert.Equal((2, 12m), (at.Version!.Number, at.TotalFor(seller.Id, Currency.EUR).Amount));
        Assert.Contains("version 2", at.Lines[0].Explanation.ToSentence(), StringComparison.Ordinal);
    }

    [Fact]
    public void No_version_before_the_first_or_after_an_explicit_end()
    {
        var first = Version(Percent(10)) with { EffectiveUntil = PlanStart + Duration.FromDays(30) };
        var plan = Plan(first);

        Assert.Null(plan.VersionAt(PlanStart - Duration.Epsilon));
        Assert.Same(first, plan.VersionAt(PlanStart));
        Assert.Null(plan.VersionAt(PlanStart + Duration.FromDays(30)));

        var result = Price(plan, Sale(100m, PlanStart - Duration.FromDays(1)), Partner("p"));
        Assert.Equal(PricingErrorCodes.NoPlanInForce, result.Error!.Code);
    }

    [Fact]
    public void A_new_version_cannot_start_in_the_past_or_before_the_last_one()
    {
        var plan = Plan(Percent(10));

        var past = Assert.Throws<InvalidOperationException>(() =>
            plan.AddVersion(Version(Percent(12)) with { Number = 2, EffectiveFrom = June }, June + Duration.FromDays(1))
        );
        Assert.Contains("cannot rewrite history", past.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() =>
            plan.AddVersion(Version(Percent(12)) with { Number = 2, EffectiveFrom = PlanStart }, PlanStart)
        );
    }
}
