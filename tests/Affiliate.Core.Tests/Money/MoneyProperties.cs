using System.Globalization;
using System.Numerics;
using Affiliate.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Monetary;

/// <summary>
/// Properties of <see cref="Money"/> rounding and allocation, each checked on at least 1,000 generated cases.
/// </summary>
public sealed class MoneyProperties
{
    private static readonly Arbitrary<MidpointRounding> RoundingModes = MoneyGenerators.RoundingModes.ToArbitrary();

    // ---- Allocate -----------------------------------------------------------------------------------------------

    [Fact]
    public void Allocation_Conserves_The_Total() =>
        CheckAllocation(
            (total, ratios) =>
            {
                var parts = total.Allocate(ratios);

                Assert.Equal(ratios.Length, parts.Length);
                Assert.Equal(total, Money.Sum(parts, total.Currency));
            }
        );

    [Fact]
    public void Allocation_Parts_Are_Whole_Minor_Units_Of_The_Total_Currency() =>
        CheckAllocation(
            (total, ratios) =>
            {
                foreach (var part in total.Allocate(ratios))
                {
                    Assert.Equal(total.Currency, part.Currency);
                    Assert.True(part.IsRounded, $"{part} is not rounded to the minor unit");
                    Assert.Equal(part, part.Round());
                }
            }
        );

    [Fact]
    public void Allocation_Parts_Differ_From_The_Exact_Share_By_Less_Than_One_Minor_Unit() =>
        CheckAllocation(
            (total, ratios) =>
            {
                var parts = total.Allocate(ratios);
                var (weights, weightSum) = ExactRatios(ratios);
                var totalUnits = MinorUnitsOf(total);

                for (var i = 0; i < parts.Length; i++)
                {
                    // |part - total * ratio / sum| < 1 unit, in integers: |part * sum - total * ratio| < sum.
                    var distance = BigInteger.Abs((MinorUnitsOf(parts[i]) * weightSum) - (totalUnits * weights[i]));
                    Assert.True(
                        distance < weightSum,
                        $"part {i} is {parts[i]}, more than one minor unit from {total} * {ratios[i]} / {ratios.Sum()}"
                    );
                }
            }
        );

    [Fact]
    public void Allocation_Parts_Have_The_Sign_Of_The_Total() =>
        CheckAllocation(
            (total, ratios) =>
            {
                foreach (var part in total.Allocate(ratios))
                {
                    Assert.True(
                        part.IsZero || Math.Sign(part.Amount) == Math.Sign(total.Amount),
                        $"{part} does not have the sign of {total}"
                    );
                }
            }
        );

    [Fact]
    public void Allocation_Gives_Nothing_To_A_Zero_Ratio() =>
        CheckAllocation(
            (total, ratios) =>
            {
                var parts = total.Allocate(ratios);

                for (var i = 0; i < ratios.Length; i++)
                {
                    if (ratios[i] == 0m)
                    {
                        Assert.True(parts[i].IsZero, $"part {i} has ratio 0 but got {parts[i]}");
                    }
                }
            }
        );

    [Fact]
    public void Allocation_Of_A_Negated_Total_Is_The_Negated_Allocation() =>
        CheckAllocation(
            (total, ratios) => Assert.Equal(total.Allocate(ratios).Select(p => -p), (-total).Allocate(ratios))
        );

    [Fact]
    public void Allocation_Gives_The_Left_Over_Units_To_Strictly_Larger_Remainders_First() =>
        CheckAllocation(
            (total, ratios) =>
            {
                var parts = total.Allocate(ratios);
                var (weights, weightSum) = ExactRatios(ratios);
                var totalUnits = BigInteger.Abs(MinorUnitsOf(total));
                var extra = new bool[parts.Length];
                var remainders = new BigInteger[parts.Length];

                for (var i = 0; i < parts.Length; i++)
                {
                    var floor = BigInteger.DivRem(totalUnits * weights[i], weightSum, out remainders[i]);
                    var bonus = BigInteger.Abs(MinorUnitsOf(parts[i])) - floor;
                    Assert.True(
                        bonus == 0 || bonus == 1,
                        $"part {i} is {parts[i]}, {bonus} units above the floor of its share"
                    );
                    extra[i] = bonus == 1;
                }

                // Ties aside (see Allocation_Meets_Specification), a part with a smaller remainder never gets a unit
                // that a part with a larger remainder did not.
                for (var i = 0; i < parts.Length; i++)
                {
                    for (var j = 0; j < parts.Length; j++)
                    {
                        Assert.False(
                            extra[j] && !extra[i] && remainders[j] < remainders[i],
                            $"part {j} got a left-over unit before part {i}, which has a larger remainder: "
                                + $"{string.Join(", ", parts)}"
                        );
                    }
                }
            }
        );

    /// <summary>
    /// The documented rule, exactly: floor every exact share, then hand the left-over units one at a time to the
    /// largest remainders, the earlier part first on a tie. The reference computes in integers, so it has no
    /// rounding of its own.
    /// </summary>
    [Fact]
    public void Allocation_Meets_Specification() =>
        CheckAllocation((total, ratios) => Assert.Equal(ReferenceAllocation(total, ratios), total.Allocate(ratios)));

    [Fact]
    public void Allocation_Depends_Only_On_The_Proportions_Of_The_Ratios() =>
        Property.Check(
            Prop.ForAll(
                MoneyGenerators.RoundedMoneyArb,
                MoneyGenerators.RatiosArb,
                Gen.Elements(2m, 3m, 7m, 10m, 0.1m, 0.001m).ToArbitrary(),
                (total, ratios, factor) =>
                    Assert.Equal(total.Allocate(ratios), total.Allocate(ratios.Select(r => r * factor).ToArray()))
            )
        );

    [Fact]
    public void AllocateEvenly_Parts_Differ_By_At_Most_One_Minor_Unit_Largest_First() =>
        Property.Check(Prop.ForAll(MoneyGenerators.RoundedMoneyArb, Gen.Choose(1, 200).ToArbitrary(), (total, count) =>
            {
                var parts = total.AllocateEvenly(count);
                var units = parts.Select(MinorUnitsOf).Select(BigInteger.Abs).ToArray();

                Assert.Equal(count, parts.Length);
                Assert.Equal(total, Money.Sum(parts, total.Currency));
                Assert.True(units.Max() - units.Min() <= 1, $"{total} in {count} parts: {string.Join(", ", parts)}");
                for (var i = 1; i < units.Length; i++)
                {
                    Assert.True(
                        units[i - 1] >= units[i],
                        $"part {i - 1} is smaller than part {i}: {string.Join(", ", parts)}"
                    );
                }
            }));

    [Fact]
    public void AllocateEvenly_Is_Allocate_By_Equal_Ratios() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.RoundedMoneyArb, Gen.Choose(1, 100).ToArbitrary(), (total, count) =>
                Assert.Equal(total.Allocate(Enumerable.Repeat(1m, count).ToArray()), total.AllocateEvenly(count))
            )
        );

    [Fact]
    public void Allocate_Refuses_Every_Unrounded_Amount() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.UnroundedMoney.ToArbitrary(), MoneyGenerators.RatiosArb, (amount, ratios) =>
                Assert.Throws<InvalidOperationException>(() => amount.Allocate(ratios))
            )
        );

    // ---- Round --------------------------------------------------------------------------------------------------

    [Fact]
    public void Rounding_Is_Idempotent_In_Every_Mode() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.AnyMoneyArb, RoundingModes, RoundingModes, (amount, mode, otherMode) =>
            {
                var rounded = amount.Round(mode);

                Assert.True(rounded.IsRounded);
                Assert.Equal(amount.Currency, rounded.Currency);
                Assert.Equal(rounded, rounded.Round(mode));
                Assert.Equal(rounded, rounded.Round(otherMode));
            })
        );

    [Fact]
    public void Rounding_Leaves_A_Rounded_Amount_Unchanged() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.RoundedMoneyArb, RoundingModes, (amount, mode) =>
                Assert.Equal(amount, amount.Round(mode))
            )
        );

    [Fact]
    public void Rounding_To_Nearest_Moves_An_Amount_By_At_Most_Half_A_Minor_Unit() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.AnyMoneyArb, MoneyGenerators.MidpointModes.ToArbitrary(), (amount, mode) =>
            {
                var moved = Math.Abs(amount.Round(mode).Amount - amount.Amount);

                Assert.True(moved <= amount.Currency.MinorUnit / 2m, $"{amount} rounded {mode} moved by {moved}");
            })
        );

    [Fact]
    public void Rounding_By_Default_Takes_A_Midpoint_Away_From_Zero() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.RoundedMoneyArb, Gen.Elements(1m, -1m).ToArbitrary(), (rounded, direction) =>
            {
                var half = rounded.Currency.MinorUnit / 2m;
                var midpoint = new Money(rounded.Amount + (direction * half), rounded.Currency);
                var awayFromZero = midpoint.Amount >= 0m ? midpoint.Amount + half : midpoint.Amount - half;

                Assert.Equal(new Money(awayFromZero, rounded.Currency), midpoint.Round());
                Assert.Equal(midpoint.Round(), midpoint.Round(MidpointRounding.AwayFromZero));
            })
        );

    [Fact]
    public void Rounding_Half_Away_From_Zero_Is_Symmetric_In_Sign() =>
        Property.Check(
            Prop.ForAll(MoneyGenerators.AnyMoneyArb, amount => Assert.Equal(-amount.Round(), (-amount).Round()))
        );

    [Fact]
    public void Directed_Rounding_Moves_Less_Than_One_Minor_Unit_In_Its_Direction() =>
        Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, amount =>
            {
                var unit = amount.Currency.MinorUnit;
                var down = amount.Round(MidpointRounding.ToNegativeInfinity).Amount;
                var up = amount.Round(MidpointRounding.ToPositiveInfinity).Amount;
                var towardZero = amount.Round(MidpointRounding.ToZero).Amount;

                Assert.True(down <= amount.Amount && amount.Amount - down < unit, $"{amount} rounded down is {down}");
                Assert.True(up >= amount.Amount && up - amount.Amount < unit, $"{amount} rounded up is {up}");
                Assert.True(
                    Math.Abs(towardZero) <= Math.Abs(amount.Amount)
                        && Math.Abs(amount.Amount) - Math.Abs(towardZero) < unit,
                    $"{amount} rounded toward zero is {towardZero}"
                );
                Assert.True(
                    towardZero == 0m || Math.Sign(towardZero) == Math.Sign(amount.Amount),
                    $"{amount} rounded toward zero is {towardZero}"
                );
            }));

    [Fact]
    public void Rounding_Conserves_The_Sum_Of_The_Allocation() =>
        Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, MoneyGenerators.RatiosArb, (amount, ratios) =>
            {
                var total = amount.Round();
                var roundedParts = total.Allocate(ratios).Select(part => part.Round());

                Assert.Equal(total, Money.Sum(roundedParts, total.Currency));
            }));

    // ---- Arithmetic, equality, formatting -----------------------------------------------------------------------

    [Fact]
    public void Addition_Is_Exact_And_Subtraction_Undoes_It() =>
        Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, MoneyGenerators.AnyMoneyArb, (a, b) =>
            {
                var c = new Money(b.Amount, a.Currency);

                Assert.Equal(a.Amount + c.Amount, (a + c).Amount);
                Assert.Equal(a + c, c + a);
                Assert.Equal(a, a + c - c);
                Assert.Equal(Math.Sign(a.Amount.CompareTo(c.Amount)), Math.Sign(a.CompareTo(c)));
            }));

    [Fact]
    public void Mixing_Two_Currencies_Always_Throws() =>
        Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, MoneyGenerators.AnyMoneyArb, (a, b) =>
            {
                if (a.Currency == b.Currency)
                {
                    return;
                }

                var error = Assert.Throws<CurrencyMismatchException>(() => a + b);
                Assert.Equal(a.Currency, error.Expected);
                Assert.Equal(b.Currency, error.Actual);
                Assert.Throws<CurrencyMismatchException>(() => a - b);
                Assert.Throws<CurrencyMismatchException>(() => a < b);
                Assert.Throws<CurrencyMismatchException>(() => a.CompareTo(b));
                Assert.NotEqual(a, b);
            }));

    [Fact]
    public void Equality_Ignores_Trailing_Zeros() => Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, amount =>
            {
                var padded = new Money(amount.Amount * 1.000m, amount.Currency);

                Assert.Equal(amount, padded);
                Assert.Equal(amount.GetHashCode(), padded.GetHashCode());
            }));

    [Fact]
    public void Formatting_Round_Trips_The_Amount_With_At_Least_The_Minor_Digits() =>
        Property.Check(Prop.ForAll(MoneyGenerators.AnyMoneyArb, amount =>
            {
                var text = amount.FormatAmount();
                var decimals = text.Contains('.', StringComparison.Ordinal)
                    ? text.Length - text.IndexOf('.', StringComparison.Ordinal) - 1
                    : 0;

                Assert.Equal(amount.Amount, decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture));
                Assert.Equal($"{text} {amount.Currency.Code}", amount.ToString());
                Assert.True(
                    decimals >= amount.Currency.MinorUnits,
                    $"{text} has fewer than {amount.Currency.MinorUnits} decimals"
                );
                if (amount.IsRounded)
                {
                    Assert.Equal(amount.Currency.MinorUnits, decimals);
                }
            }));

    /// <summary>
    /// Checks an allocation property on 1,000 wide cases (any size of amount, ratios with decimals and large weights)
    /// and 1,000 tie-prone ones (small amounts, whole ratios up to 10).
    /// </summary>
    private static void CheckAllocation(Action<Money, decimal[]> property)
    {
        Property.Check(Prop.ForAll(MoneyGenerators.RoundedMoneyArb, MoneyGenerators.RatiosArb, property));
        Property.Check(
            Prop.ForAll(MoneyGenerators.SmallRoundedMoneyArb, MoneyGenerators.SmallWholeRatiosArb, property)
        );
    }

    // ---- Exact reference arithmetic -----------------------------------------------------------------------------

    private static BigInteger MinorUnitsOf(Money money) => new(money.Amount / money.Currency.MinorUnit);

    /// <summary>The ratios as integers over one common power of ten, and their sum.</summary>
    private static (BigInteger[] Weights, BigInteger Sum) ExactRatios(decimal[] ratios)
    {
        var scale = ratios.Max(r => r.Scale);
        var weights = ratios
            .Select(r =>
                new BigInteger(decimal.Truncate(r)) * BigInteger.Pow(10, scale)
                + new BigInteger((r - decimal.Truncate(r)) * Pow10(scale))
            )
            .ToArray();
        return (weights, weights.Aggregate(BigInteger.Zero, (sum, w) => sum + w));
    }

    private static decimal Pow10(int exponent) =>
        decimal.Parse("1" + new string('0', exponent), CultureInfo.InvariantCulture);

    private static Money[] ReferenceAllocation(Money total, decimal[] ratios)
    {
        var (weights, weightSum) = ExactRatios(ratios);
        var totalUnits = BigInteger.Abs(MinorUnitsOf(total));
        var units = new BigInteger[ratios.Length];
        var remainders = new BigInteger[ratios.Length];
        for (var i = 0; i < ratios.Length; i++)
        {
            units[i] = BigInteger.DivRem(totalUnits * weights[i], weightSum, out remainders[i]);
        }

        var leftOver = (int)(totalUnits - units.Aggregate(BigInteger.Zero, (sum, u) => sum + u));
        foreach (
            var i in Enumerable
                .Range(0, ratios.Length)
                .OrderByDescending(i => remainders[i])
                .ThenBy(i => i)
                .Take(leftOver)
        )
        {
            units[i] += 1;
        }

        var sign = total.IsNegative ? -1m : 1m;
        return units.Select(u => new Money(sign * (decimal)u * total.Currency.MinorUnit, total.Currency)).ToArray();
    }
}
