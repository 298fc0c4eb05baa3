using FsCheck;
using FsCheck.Fluent;

namespace Affiliate.Tests.Support;

/// <summary>
/// Reusable FsCheck generators for currencies, amounts and allocation ratios. Each <c>Gen</c> has an
/// <c>...Arb</c> twin (an <see cref="Arbitrary{T}"/> with a shrinker) to pass to <c>Prop.ForAll</c>.
/// </summary>
/// <remarks>
/// Amounts reach ±10^18 minor units (10^16 USD, 10^18 JPY), which keeps an amount times a ratio of up to 10^9 well
/// inside the range of <see cref="decimal"/>.
/// </remarks>
public static class MoneyGenerators
{
    /// <summary>Currencies with 0 (JPY), 2 (EUR, USD) and 3 (BHD, KWD) minor digits.</summary>
    public static IReadOnlyList<Currency> SampleCurrencies { get; } =
    [Currency.JPY, Currency.EUR, Currency.USD, Currency.FromCode("BHD"), Currency.FromCode("KWD")];

    /// <summary>One of <see cref="SampleCurrencies"/>.</summary>
    public static Gen<Currency> Currencies { get; } = Gen.Elements<Currency>(SampleCurrencies.AsEnumerable());

    /// <summary>Every <see cref="MidpointRounding"/> mode, the directed ones included.</summary>
    public static Gen<MidpointRounding> RoundingModes { get; } = Gen.Elements(Enum.GetValues<MidpointRounding>());

    /// <summary>The two modes that round a midpoint to the nearest value (not the directed modes).</summary>
    public static Gen<MidpointRounding> MidpointModes { get; } =
        Gen.Elements(MidpointRounding.AwayFromZero, MidpointRounding.ToEven);

    /// <summary>
    /// A whole number of minor units, either sign: zero and one unit often, then small, medium, 32-bit and
    /// up to ±10^18 counts.
    /// </summary>
    public static Gen<long> MinorUnitCounts { get; } =
        Gen.Frequency(
            (1, Gen.Constant(0L)),
            (1, Gen.Elements(1L, -1L)),
            (4, Gen.Choose(-1_000, 1_000).Select(i => (long)i)),
            (3, Gen.Choose(-100_000_000, 100_000_000).Select(i => (long)i)),
            (2, Gen.Choose(int.MinValue + 1, int.MaxValue).Select(i => (long)i)),
            (2, HugeCounts())
        );

    /// <summary>A rounded amount (a whole number of minor units) in any of <see cref="SampleCurrencies"/>.</summary>
    public static Gen<Money> RoundedMoney { get; } = Currencies.SelectMany(RoundedMoneyIn);

    /// <summary><see cref="RoundedMoney"/>, shrinking towards zero.</summary>
    public static Arbitrary<Money> RoundedMoneyArb { get; } = Arb.From(RoundedMoney, ShrinkMoney);

    /// <summary>
    /// An amount with digits beyond its currency's minor unit (exact midpoints such as 0.125 USD often).
    /// </summary>
    public static Gen<Money> UnroundedMoney { get; } = Currencies.SelectMany(UnroundedMoneyIn);

    /// <summary>Any amount: rounded or with extra digits.</summary>
    public static Gen<Money> AnyMoney { get; } = Gen.OneOf(RoundedMoney, UnroundedMoney);

    /// <summary><see cref="AnyMoney"/>, shrinking towards zero.</summary>
    public static Arbitrary<Money> AnyMoneyArb { get; } = Arb.From(AnyMoney, ShrinkMoney);

    /// <summary>
    /// A ratio above zero: small whole numbers (ties are common), decimals with up to four places, large weights up to
    /// 10^9.
    /// </summary>
    public static Gen<decimal> PositiveRatio { get; } =
        Gen.Frequency(
            (4, Gen.Choose(1, 10).Select(i => (decimal)i)),
            (2, Gen.Choose(1, 1_000).Select(i => (decimal)i)),
            (2, Gen.Zip(Gen.Choose(1, 1_000_000), Gen.Choose(1, 4), (mantissa, places) => mantissa / Pow10(places))),
            (1, Gen.Choose(1, 1_000_000_000).Select(i => (decimal)i))
        );

    /// <summary>A non-negative ratio: zero sometimes, otherwise <see cref="PositiveRatio"/>.</summary>
    public static Gen<decimal> Ratio { get; } = Gen.Frequency((1, Gen.Constant(0m)), (4, PositiveRatio));

    /// <summary>One to twelve non-negative ratios, at least one of them above zero.</summary>
    public static Gen<decimal[]> Ratios { get; } = RatiosOf(Ratio, PositiveRatio);

    /// <summary>
    /// One to twelve whole ratios from 0 to 10, at least one above zero: exact shares then often have equal
    /// remainders, which exercises tie-breaking.
    /// </summary>
    public static Gen<decimal[]> SmallWholeRatios { get; } =
        RatiosOf(Gen.Choose(0, 10).Select(i => (decimal)i), Gen.Choose(1, 10).Select(i => (decimal)i));

    /// <summary><see cref="Ratios"/>, shrinking to fewer, smaller, whole ratios while keeping one above zero.</summary>
    public static Arbitrary<decimal[]> RatiosArb { get; } = Arb.From(Ratios, ShrinkRatios);

    /// <summary><see cref="SmallWholeRatios"/>, shrinking like <see cref="RatiosArb"/>.</summary>
    public static Arbitrary<decimal[]> SmallWholeRatiosArb { get; } = Arb.From(SmallWholeRatios, ShrinkRatios);

    /// <summary>
    /// A rounded amount of at most 10,000 minor units either way, in any of <see cref="SampleCurrencies"/>.
    /// </summary>
    public static Gen<Money> SmallRoundedMoney { get; } =
        Currencies.SelectMany(currency =>
            Gen.Choose(-10_000, 10_000).Select(units => new Money(units * currency.MinorUnit, currency))
        );

    /// <summary><see cref="SmallRoundedMoney"/>, shrinking towards zero.</summary>
    public static Arbitrary<Money> SmallRoundedMoneyArb { get; } = Arb.From(SmallRoundedMoney, ShrinkMoney);

    /// <summary>
    /// A rounded amount of <paramref name="currency"/>; now and then with trailing zeros past the minor unit (1.2300
    /// EUR).
    /// </summary>
    public static Gen<Money> RoundedMoneyIn(Currency currency) =>
        Gen.Zip(MinorUnitCounts, Gen.Frequency((5, Gen.Constant(0)), (1, Gen.Choose(1, 3))), (units, trailingZeros) =>
            new Money(units * currency.MinorUnit * TrailingZeros(trailingZeros), currency)
        );

    /// <summary>An amount of <paramref name="currency"/> that is not rounded to its minor unit.</summary>
    public static Gen<Money> UnroundedMoneyIn(Currency currency)
    {
        var unit = currency.MinorUnit;
        var units = MinorUnitCounts;
        var sign = Gen.Elements(1m, -1m);

        // An exact midpoint: a whole number of units and a half.
        var midpoint = Gen.Zip(units, sign, (u, s) => new Money((u * unit) + (s * unit / 2m), currency));

        // A whole number of units plus 1 to 10^places - 1 parts in 10^places of a unit (never a whole unit).
        var extraDigits = Gen.Choose(1, 6)
            .SelectMany(places =>
                Gen.Zip(Gen.Zip(units, sign), Gen.Choose(1, (int)Pow10(places) - 1), (us, fraction) =>
                    new Money((us.Item1 * unit) + (us.Item2 * fraction * unit / Pow10(places)), currency)
                )
            );

        return Gen.Frequency((1, midpoint), (3, extraDigits));
    }

    /// <summary>
    /// Shrinks an amount towards zero in its own currency: zero, the amount without its digits past the minor unit,
    /// the positive amount, then fewer whole minor units (keeping any digits past the minor unit).
    /// </summary>
    public static IEnumerable<Money> ShrinkMoney(Money money)
    {
        var currency = money.Currency;
        var unit = currency.MinorUnit;
        var amount = money.Amount;
        if (amount == 0m)
        {
            yield break;
        }

        yield return Money.Zero(currency);

        var wholeUnits = decimal.Truncate(amount / unit);
        var fraction = amount - (wholeUnits * unit);
        if (fraction != 0m && wholeUnits != 0m)
        {
            yield return new Money(wholeUnits * unit, currency);
        }

        if (amount < 0m)
        {
            yield return new Money(-amount, currency);
        }

        // Just the digits past the minor unit, then x - x/2, x - x/4, ..., x - 1 whole units, the way FsCheck shrinks
        // integers.
        for (
            var step = fraction != 0m ? wholeUnits : decimal.Truncate(wholeUnits / 2m);
            step != 0m;
            step = decimal.Truncate(step / 2m)
        )
        {
            yield return new Money(((wholeUnits - step) * unit) + fraction, currency);
        }
    }

    /// <summary>Shrinks ratios: drop one, zero one, make one whole or one; always keeps one ratio above zero.</summary>
    public static IEnumerable<decimal[]> ShrinkRatios(decimal[] ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        for (var i = 0; i < ratios.Length; i++)
        {
            var without = ratios.Where((_, j) => j != i).ToArray();
            if (without.Any(r => r > 0m))
            {
                yield return without;
            }
        }

        for (var i = 0; i < ratios.Length; i++)
        {
            var ratio = ratios[i];
            if (ratio == 0m)
            {
                continue;
            }

            var zeroed = With(ratios, i, 0m);
            if (zeroed.Any(r => r > 0m))
            {
                yield return zeroed;
            }

            if (ratio > 1m)
            {
                yield return With(ratios, i, 1m);
            }

            var whole = decimal.Truncate(ratio);
            if (whole != ratio && whole > 0m)
            {
                yield return With(ratios, i, whole);
            }
        }
    }

    private static Gen<decimal[]> RatiosOf(Gen<decimal> ratio, Gen<decimal> positiveRatio) =>
        Gen.Choose(1, 12)
            .SelectMany(length => Gen.ArrayOf(ratio, length))
            .SelectMany(ratios =>
                ratios.Any(r => r > 0m)
                    ? Gen.Constant(ratios)
                    : Gen.Zip(Gen.Choose(0, ratios.Length - 1), positiveRatio, (index, r) => With(ratios, index, r))
            );

    private static Gen<long> HugeCounts() =>
        Gen.Zip(Gen.Choose(-999_999_999, 999_999_999), Gen.Choose(0, 999_999_999), (high, low) =>
            (high * 1_000_000_000L) + (high < 0 ? -low : low)
        );

    private static decimal TrailingZeros(int count) =>
        count switch
        {
            0 => 1m,
            1 => 1.0m,
            2 => 1.00m,
            _ => 1.000m,
        };

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10m;
        }

        return result;
    }

    private static decimal[] With(decimal[] ratios, int index, decimal value)
    {
        var copy = (decimal[])ratios.Clone();
        copy[index] = value;
        return copy;
    }
}
