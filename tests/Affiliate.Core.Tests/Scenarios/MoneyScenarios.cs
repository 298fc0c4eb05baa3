namespace Affiliate.Tests.Scenarios;

/// <summary>S9 of SCENARIOS.md.</summary>
public sealed class MoneyScenarios
{
    private static decimal[] Amounts(Money[] parts) => parts.Select(p => p.Amount).ToArray();

    [Fact]
    public void S9_one_euro_split_three_ways() =>
        Assert.Equal([0.34m, 0.33m, 0.33m], Amounts(Money.Of(1.00m, "EUR").Allocate(1, 1, 1)));

    [Fact]
    public void S9_five_cents_split_seventy_thirty() =>
        Assert.Equal([0.04m, 0.01m], Amounts(Money.Of(0.05m, "EUR").Allocate(70, 30)));

    [Fact]
    public void S9_eight_euros_split_three_ways() =>
        Assert.Equal([2.67m, 2.67m, 2.66m], Amounts(Money.Of(8.00m, "EUR").AllocateEvenly(3)));

    [Fact]
    public void S9_a_ten_euro_commission_shared_linearly_by_three_partners() =>
        Assert.Equal([3.34m, 3.33m, 3.33m], Amounts(Money.Of(10.00m, "EUR").Allocate(1m / 3, 1m / 3, 1m / 3)));

    [Fact]
    public void S9_single_amounts_round_half_away_from_zero()
    {
        Assert.Equal(0.13m, Money.Of(0.125m, "EUR").Round().Amount);
        Assert.Equal(-0.13m, Money.Of(-0.125m, "EUR").Round().Amount);
    }

    [Fact]
    public void S9_yen_have_no_minor_unit()
    {
        Assert.Equal(0, Currency.JPY.MinorUnits);
        Assert.Equal(13m, Money.Of(12.5m, "JPY").Round().Amount);
        Assert.Equal([34m, 33m, 33m], Amounts(Money.Of(100m, "JPY").AllocateEvenly(3)));
    }
}
