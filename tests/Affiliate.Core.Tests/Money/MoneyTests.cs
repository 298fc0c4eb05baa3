using System.Globalization;

// Not "Affiliate.Tests.Money": a namespace of that name would hide the Money type from every namespace under
// Affiliate.Tests.
namespace Affiliate.Tests.Monetary;

public sealed class MoneyTests
{
    private static readonly Currency BHD = Currency.FromCode("BHD");

    private static Money Usd(decimal amount) => Money.Of(amount, "USD");

    private static Money Eur(decimal amount) => Money.Of(amount, "EUR");

    private static decimal[] Amounts(Money[] parts) => parts.Select(p => p.Amount).ToArray();

    // ---- Currencies ---------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("GBP", 2)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("CLF", 4)]
    public void FromCode_knows_the_ISO_4217_minor_units(string code, int minorUnits)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal(code, currency.Code);
        Assert.Equal(minorUnits, currency.MinorUnits);
    }

    [Fact]
    public void MinorUnit_is_the_smallest_amount_of_the_currency()
    {
        Assert.Equal(1m, Currency.JPY.MinorUnit);
        Assert.Equal(0.01m, Currency.USD.MinorUnit);
        Assert.Equal(0.001m, BHD.MinorUnit);
        Assert.Equal(0.0001m, Currency.FromCode("CLF").MinorUnit);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("EURO")]
    [InlineData("")]
    public void FromCode_rejects_an_unknown_code_with_a_message_that_names_it_and_points_to_Create(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => Currency.FromCode(code));

        Assert.Equal("code", error.ParamName);
        Assert.Contains($"'{code}' is not an ISO 4217 currency code", error.Message, StringComparison.Ordinal);
        Assert.Contains("Currency.Create(code, minorUnits)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("eur")]
    [InlineData("Eur")]
    [InlineData("eUR")]
    public void FromCode_ignores_case_and_returns_the_upper_case_code(string code)
    {
        var currency = Currency.FromCode(code);

        Assert.Equal("EUR", currency.Code);
        Assert.Equal(Currency.EUR, currency);
        Assert.Equal(Currency.EUR.GetHashCode(), currency.GetHashCode());
    }

    [Fact]
    public void TryFromCode_returns_false_and_the_default_for_an_unknown_or_missing_code()
    {
        Assert.False(Currency.TryFromCode("ABC", out var unknown));
        Assert.True(unknown.IsDefault);
        Assert.False(Currency.TryFromCode(null, out var missing));
        Assert.True(missing.IsDefault);
        Assert.True(Currency.TryFromCode("kwd", out var kwd));
        Assert.Equal("KWD", kwd.Code);
        Assert.Equal(3, kwd.MinorUnits);
    }

    [Fact]
    public void Create_declares_a_currency_the_table_does_not_know()
    {
        var points = Currency.Create("pts", 0);
        var micro = Currency.Create("XMU", 8);

        Assert.Equal("PTS", points.Code);
        Assert.Equal(0, points.MinorUnits);
        Assert.Equal(1m, points.MinorUnit);
        Assert.Equal(8, micro.MinorUnits);
        Assert.Equal(0.00000001m, micro.MinorUnit);
        Assert.Equal("12.50000000 XMU", new Money(12.5m, micro).ToString());
        Assert.Equal(Currency.Create("PTS", 0), points);
    }

    [Theory]
    [InlineData("EU")]
    [InlineData("EURO")]
    [InlineData("E1R")]
    [InlineData("E R")]
    [InlineData("ÉUR")]
    public void Create_rejects_a_code_that_is_not_three_ASCII_letters(string code)
    {
        var error = Assert.Throws<ArgumentException>(() => Currency.Create(code, 2));

        Assert.Equal("code", error.ParamName);
        Assert.Contains($"'{code}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(9)]
    public void Create_rejects_minor_units_outside_0_to_8(int minorUnits) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Currency.Create("PTS", minorUnits));

    [Fact]
    public void Create_rejects_a_null_code() => Assert.Throws<ArgumentNullException>(() => Currency.Create(null!, 2));

    [Fact]
    public void Create_refuses_to_redefine_the_minor_digits_of_an_iso_currency()
    {
        var error = Assert.Throws<ArgumentException>(() => Currency.Create("eur", 3));

        Assert.Contains("EUR is an ISO 4217 currency with 2 minor digits", error.Message, StringComparison.Ordinal);
        Assert.Equal(Currency.EUR, Currency.Create("EUR", 2));
    }

    [Fact]
    public void FromCode_rejects_a_null_code() => Assert.Throws<ArgumentNullException>(() => Currency.FromCode(null!));

    [Fact]
    public void Default_currency_has_no_code_and_says_how_to_make_one()
    {
        var currency = default(Currency);

        Assert.True(currency.IsDefault);
        Assert.Equal("(no currency)", currency.ToString());
        var error = Assert.Throws<InvalidOperationException>(() => currency.Code);
        Assert.Contains("default value", error.Message, StringComparison.Ordinal);
        Assert.Contains("Currency.FromCode", error.Message, StringComparison.Ordinal);
    }

    // ---- Rounding -----------------------------------------------------------------------------------------------

    public static TheoryData<decimal, string, decimal> HalfAwayFromZeroCases =>
        new()
        {
            { 0.125m, "USD", 0.13m },
            { -0.125m, "USD", -0.13m },
            { 0.124m, "USD", 0.12m },
            { 1.005m, "EUR", 1.01m },
            { 2.5m, "JPY", 3m },
            { -2.5m, "JPY", -3m },
            { 3.5m, "JPY", 4m },
            { 0.0125m, "BHD", 0.013m },
            { 0.0005m, "KWD", 0.001m },
            { 0.00005m, "CLF", 0.0001m },
            { 10.50m, "EUR", 10.50m },
        };

    [Theory]
    [MemberData(nameof(HalfAwayFromZeroCases))]
    public void Round_rounds_a_midpoint_half_away_from_zero_by_default(decimal amount, string code, decimal expected)
    {
        var rounded = Money.Of(amount, code).Round();

        Assert.Equal(Money.Of(expected, code), rounded);
        Assert.True(rounded.IsRounded);
    }

    public static TheoryData<decimal, string, MidpointRounding, decimal> RoundingModeCases =>
        new()
        {
            { 0.125m, "USD", MidpointRounding.ToEven, 0.12m },
            { 0.135m, "USD", MidpointRounding.ToEven, 0.14m },
            { -0.125m, "USD", MidpointRounding.ToEven, -0.12m },
            { 2.5m, "JPY", MidpointRounding.ToEven, 2m },
            { 0.125m, "USD", MidpointRounding.AwayFromZero, 0.13m },
            { 0.129m, "USD", MidpointRounding.ToZero, 0.12m },
            { -0.129m, "USD", MidpointRounding.ToZero, -0.12m },
            { -0.121m, "USD", MidpointRounding.ToNegativeInfinity, -0.13m },
            { 0.121m, "USD", MidpointRounding.ToPositiveInfinity, 0.13m },
            { 0.0125m, "BHD", MidpointRounding.ToEven, 0.012m },
        };

    [Theory]
    [MemberData(nameof(RoundingModeCases))]
    public void Round_uses_the_chosen_midpoint_rule(
        decimal amount,
        string code,
        MidpointRounding mode,
        decimal expected
    ) => Assert.Equal(Money.Of(expected, code), Money.Of(amount, code).Round(mode));

    [Fact]
    public void Round_keeps_the_currency() => Assert.Equal(BHD, new Money(1.23456m, BHD).Round().Currency);

    [Fact]
    public void IsRounded_is_true_only_without_digits_past_the_minor_unit()
    {
        Assert.True(Eur(1.10m).IsRounded);
        Assert.True(Eur(1.1000m).IsRounded);
        Assert.False(Eur(1.105m).IsRounded);
        Assert.True(Money.Of(1500m, "JPY").IsRounded);
        Assert.False(Money.Of(2.5m, "JPY").IsRounded);
        Assert.True(new Money(0.125m, BHD).IsRounded);
    }

    // ---- Allocate -----------------------------------------------------------------------------------------------

    [Fact]
    public void Allocate_gives_the_left_over_cent_to_the_first_part_on_a_tie() =>
        Assert.Equal([0.34m, 0.33m, 0.33m], Amounts(Usd(1.00m).Allocate(1, 1, 1)));

    [Fact]
    public void Allocate_splits_five_cents_seventy_thirty_as_four_and_one() =>
        Assert.Equal([0.04m, 0.01m], Amounts(Usd(0.05m).Allocate(70, 30)));

    [Fact]
    public void Allocate_gives_the_left_over_cent_to_the_largest_remainder()
    {
        // 0.11 by 3:3:4 is 3.3, 3.3 and 4.4 cents exactly: the 0.4 remainder wins the left-over cent.
        Assert.Equal([0.03m, 0.03m, 0.05m], Amounts(Usd(0.11m).Allocate(3, 3, 4)));
    }

    [Fact]
    public void Allocate_hands_out_several_left_over_units_one_per_part_by_remainder()
    {
        // 0.10 by 1:1:1:1:1:1:1 is 1.428... cents each: three left-over cents go to the first three parts.
        Assert.Equal(
            [0.02m, 0.02m, 0.02m, 0.01m, 0.01m, 0.01m, 0.01m],
            Amounts(Usd(0.10m).Allocate(1, 1, 1, 1, 1, 1, 1))
        );
    }

    [Fact]
    public void AllocateEvenly_splits_eight_dollars_three_ways_as_2_67_2_67_2_66() =>
        Assert.Equal([2.67m, 2.67m, 2.66m], Amounts(Usd(8.00m).AllocateEvenly(3)));

    [Fact]
    public void Allocate_splits_yen_in_whole_yen() =>
        Assert.Equal([34m, 33m, 33m], Amounts(Money.Of(100m, "JPY").Allocate(1, 1, 1)));

    [Fact]
    public void Allocate_splits_dinars_in_fils() =>
        Assert.Equal([0.334m, 0.333m, 0.333m], Amounts(new Money(1.000m, BHD).Allocate(1, 1, 1)));

    [Fact]
    public void Allocate_splits_a_negative_amount_into_negative_parts_mirroring_the_positive_split()
    {
        Assert.Equal([-0.34m, -0.33m, -0.33m], Amounts(Usd(-1.00m).Allocate(1, 1, 1)));
        Assert.Equal([-0.04m, -0.01m], Amounts(Usd(-0.05m).Allocate(70, 30)));
        Assert.Equal([-2.67m, -2.67m, -2.66m], Amounts(Usd(-8.00m).AllocateEvenly(3)));
    }

    [Fact]
    public void Allocate_gives_nothing_to_a_zero_ratio()
    {
        Assert.Equal([0m, 0.50m, 0.50m], Amounts(Usd(1.00m).Allocate(0, 1, 1)));
        Assert.Equal([1.00m, 0m], Amounts(Usd(1.00m).Allocate(1, 0)));
        Assert.Equal([0m, 0.01m, 0m], Amounts(Usd(0.01m).Allocate(0, 5, 0)));
        Assert.Equal([0m, -0.02m], Amounts(Usd(-0.02m).Allocate(0, 1)));
    }

    [Fact]
    public void Allocate_of_zero_gives_zero_parts() => Assert.Equal([0m, 0m, 0m], Amounts(Usd(0m).Allocate(1, 2, 3)));

    [Fact]
    public void Allocate_accepts_ratios_that_do_not_add_up_to_one()
    {
        Assert.Equal([0.40m, 0.60m], Amounts(Usd(1.00m).Allocate(0.2m, 0.3m)));
        Assert.Equal([5.00m, 2.50m, 2.50m], Amounts(Usd(10.00m).Allocate(0.5m, 0.25m, 0.25m)));
        Assert.Equal([25.00m, 75.00m], Amounts(Usd(100.00m).Allocate(1_000_000m, 3_000_000m)));
    }

    [Fact]
    public void Allocate_by_one_ratio_returns_the_whole_amount() =>
        Assert.Equal([Eur(12.34m)], Eur(12.34m).Allocate(0.001m));

    [Fact]
    public void Allocate_returns_parts_in_the_currency_of_the_total() =>
        Assert.All(new Money(1.000m, BHD).Allocate(1, 2), part => Assert.Equal(BHD, part.Currency));

    [Fact]
    public void Allocate_accepts_a_rounded_amount_with_trailing_zeros() =>
        Assert.Equal([0.34m, 0.33m, 0.33m], Amounts(Usd(1.000000m).Allocate(1, 1, 1)));

    [Fact]
    public void Allocate_breaks_a_remainder_tie_in_favour_of_the_earlier_part_whatever_the_ratios()
    {
        // 24 cents by 5:2:2 is 13 1/3, 5 1/3 and 5 1/3 cents: three equal remainders, so the first part gets the cent.
        Assert.Equal([0.14m, 0.05m, 0.05m], Amounts(Usd(0.24m).Allocate(5, 2, 2)));
    }

    [Fact]
    public void Allocate_conserves_the_total_at_the_top_of_the_decimal_range()
    {
        var total = new Money(79_228_162_514_264_337_593_543_950_334m, Currency.JPY);

        var parts = total.Allocate(1, 1, 1);

        Assert.Equal(total, Money.Sum(parts, Currency.JPY));
    }

    [Fact]
    public void AllocateEvenly_uses_the_same_rule_beyond_64_parts()
    {
        var parts = Usd(1.00m).AllocateEvenly(65);

        Assert.Equal(65, parts.Length);
        Assert.All(parts.Take(35), part => Assert.Equal(Usd(0.02m), part));
        Assert.All(parts.Skip(35), part => Assert.Equal(Usd(0.01m), part));
    }

    [Fact]
    public void AllocateEvenly_by_one_returns_the_whole_amount() =>
        Assert.Equal([Usd(8.00m)], Usd(8.00m).AllocateEvenly(1));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void AllocateEvenly_rejects_fewer_than_one_part(int count) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Usd(1m).AllocateEvenly(count));

    [Fact]
    public void Allocate_refuses_an_amount_that_is_not_rounded_and_says_to_round_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Usd(0.125m).Allocate(1, 1));

        Assert.Contains("0.125 USD", error.Message, StringComparison.Ordinal);
        Assert.Contains("Round()", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Money.Of(2.5m, "JPY").AllocateEvenly(2));
    }

    [Fact]
    public void Allocate_refuses_a_negative_ratio_and_names_it()
    {
        var error = Assert.Throws<ArgumentException>(() => Usd(1m).Allocate(1, -0.5m, 2));

        Assert.Equal("ratios", error.ParamName);
        Assert.Contains("cannot be negative", error.Message, StringComparison.Ordinal);
        Assert.Contains("-0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_refuses_ratios_that_are_all_zero()
    {
        var error = Assert.Throws<ArgumentException>(() => Usd(1m).Allocate(0, 0, 0));

        Assert.Equal("ratios", error.ParamName);
        Assert.Contains("above zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allocate_refuses_an_empty_list_of_ratios()
    {
        var error = Assert.Throws<ArgumentException>(() => Usd(1m).Allocate());

        Assert.Equal("ratios", error.ParamName);
        Assert.Contains("at least one ratio", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Usd(1m).Allocate(ReadOnlySpan<decimal>.Empty));
    }

    // ---- Arithmetic and currencies ------------------------------------------------------------------------------

    [Fact]
    public void Arithmetic_is_exact_and_unrounded()
    {
        Assert.Equal(Eur(0.3m), Eur(0.1m) + Eur(0.2m));
        Assert.Equal(Eur(-0.1m), Eur(0.1m) - Eur(0.2m));
        Assert.Equal(Eur(1.25m), Eur(10.00m) * 0.125m);
        Assert.Equal(Eur(1.25m), 0.125m * Eur(10.00m));
        Assert.Equal(Eur(-10.00m), -Eur(10.00m));
        Assert.Equal(Eur(0.3333m), Eur(1m).Multiply(0.3333m));
    }

    [Fact]
    public void Sum_adds_amounts_and_gives_zero_of_the_currency_when_there_are_none()
    {
        Assert.Equal(Eur(0m), Money.Sum([], Currency.EUR));
        Assert.Equal(Currency.EUR, Money.Sum([], Currency.EUR).Currency);
        Assert.Equal(Eur(6.06m), Money.Sum([Eur(1.01m), Eur(2.02m), Eur(3.03m)], Currency.EUR));
    }

    [Fact]
    public void Comparisons_order_amounts_of_one_currency()
    {
        Assert.True(Eur(1m) < Eur(2m));
        Assert.True(Eur(2m) > Eur(1m));
        Assert.True(Eur(1.0m) <= Eur(1.00m));
        Assert.True(Eur(1.0m) >= Eur(1.00m));
        Assert.Equal(0, Eur(1.0m).CompareTo(Eur(1.00m)));
        Assert.Equal(Eur(2m), Money.Max(Eur(1m), Eur(2m)));
        Assert.Equal(Eur(-2m), Money.Min(Eur(1m), Eur(-2m)));
    }

    private static readonly Dictionary<string, Func<Money, Money, object>> MixedCurrencyOperations = new()
    {
        ["+"] = (a, b) => a + b,
        ["-"] = (a, b) => a - b,
        ["<"] = (a, b) => a < b,
        [">"] = (a, b) => a > b,
        ["<="] = (a, b) => a <= b,
        [">="] = (a, b) => a >= b,
        ["CompareTo"] = (a, b) => a.CompareTo(b),
        ["Max"] = (a, b) => Money.Max(a, b),
        ["Min"] = (a, b) => Money.Min(a, b),
        ["Sum"] = (a, b) => Money.Sum([a, b], a.Currency),
    };

    public static TheoryData<string> MixedCurrencyOperationNames => new(MixedCurrencyOperations.Keys);

    [Theory]
    [MemberData(nameof(MixedCurrencyOperationNames))]
    public void Mixing_currencies_throws_CurrencyMismatchException_naming_both(string operation)
    {
        var error = Assert.Throws<CurrencyMismatchException>(() =>
            MixedCurrencyOperations[operation](Eur(1m), Usd(1m))
        );

        Assert.Equal(Currency.EUR, error.Expected);
        Assert.Equal(Currency.USD, error.Actual);
        Assert.Equal(
            "Cannot combine EUR and USD amounts. Convert one of them to the other currency first.",
            error.Message
        );
        Assert.IsAssignableFrom<InvalidOperationException>(error);
    }

    [Fact]
    public void Mixing_currencies_throws_even_for_zero_amounts() =>
        Assert.Throws<CurrencyMismatchException>(() => Money.Zero(Currency.EUR) + Money.Zero(Currency.USD));

    // ---- Formatting ---------------------------------------------------------------------------------------------

    public static TheoryData<decimal, string, string> FormatCases =>
        new()
        {
            { 10.5m, "EUR", "10.50 EUR" },
            { 10.50m, "EUR", "10.50 EUR" },
            { 1.50000m, "EUR", "1.50 EUR" },
            { -10.5m, "EUR", "-10.50 EUR" },
            { 0m, "EUR", "0.00 EUR" },
            { 1500m, "JPY", "1500 JPY" },
            { 1500.00m, "JPY", "1500 JPY" },
            { 2.5m, "JPY", "2.5 JPY" },
            { 0.125m, "USD", "0.125 USD" },
            { 1234567.891m, "USD", "1234567.891 USD" },
            { 1m, "BHD", "1.000 BHD" },
            { 1.0000m, "BHD", "1.000 BHD" },
            { 0.0001m, "CLF", "0.0001 CLF" },
        };

    [Theory]
    [MemberData(nameof(FormatCases))]
    public void ToString_shows_at_least_the_minor_digits_every_significant_digit_and_the_code(
        decimal amount,
        string code,
        string expected
    )
    {
        var money = Money.Of(amount, code);

        Assert.Equal(expected, money.ToString());
        Assert.Equal(expected[..expected.IndexOf(' ', StringComparison.Ordinal)], money.FormatAmount());
    }

    [Fact]
    public void Formatting_ignores_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");

            Assert.Equal("1234.50 EUR", Eur(1234.5m).ToString());
            Assert.Equal("1234.50", Eur(1234.5m).FormatAmount());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    // ---- Equality -----------------------------------------------------------------------------------------------

    [Fact]
    public void Equality_compares_the_value_not_the_trailing_zeros()
    {
        Assert.True(Eur(1.0m) == Eur(1.00m));
        Assert.False(Eur(1.0m) != Eur(1.00m));
        Assert.True(Eur(1.0m).Equals(Eur(1.00m)));
        Assert.True(Eur(1.0m).Equals((object)Eur(1.00m)));
        Assert.Equal(Eur(1.0m).GetHashCode(), Eur(1.00m).GetHashCode());
        Assert.Single(new HashSet<Money> { Eur(1m), Eur(1.0m), Eur(1.00m) });
    }

    [Fact]
    public void Equality_tells_currencies_and_amounts_apart_without_throwing()
    {
        Assert.NotEqual(Eur(1m), Usd(1m));
        Assert.True(Eur(1m) != Usd(1m));
        Assert.NotEqual(Eur(1m), Eur(1.01m));
        Assert.False(Eur(1m).Equals("1.00 EUR"));
    }

    [Fact]
    public void Properties_describe_the_amount()
    {
        Assert.True(Eur(0m).IsZero);
        Assert.False(Eur(0.01m).IsZero);
        Assert.True(Eur(-0.01m).IsNegative);
        Assert.False(Eur(0m).IsNegative);
        Assert.Equal(Eur(0m), Money.Zero(Currency.EUR));
    }

    // ---- The default value --------------------------------------------------------------------------------------

    [Fact]
    public void Constructor_refuses_the_default_currency()
    {
        var error = Assert.Throws<ArgumentException>(() => new Money(1m, default));

        Assert.Equal("currency", error.ParamName);
        Assert.Contains("Money.Of(amount, \"EUR\")", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Default_money_in_arithmetic_or_comparisons_throws_a_message_that_says_how_to_create_money()
    {
        var none = default(Money);
        var some = Eur(1m);

        foreach (
            var operation in new Func<object>[]
            {
                () => none + some,
                () => some + none,
                () => none - some,
                () => some - none,
                () => none < some,
                () => some >= none,
                () => none.CompareTo(some),
                () => Money.Max(none, some),
                () => Money.Sum([none], Currency.EUR),
            }
        )
        {
            var error = Assert.Throws<InvalidOperationException>(operation);
            Assert.Equal(
                "This Money is the default value and has no currency; create it with Money.Of(amount, \"EUR\").",
                error.Message
            );
        }
    }

    [Fact]
    public void Default_money_cannot_be_rounded_allocated_negated_or_printed()
    {
        var none = default(Money);

        Assert.Contains(
            "Money.Of",
            Assert.Throws<ArgumentException>(() => none.Round()).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "Money.Of",
            Assert.Throws<ArgumentException>(() => none.Allocate(1)).Message,
            StringComparison.Ordinal
        );
        Assert.Contains("Money.Of", Assert.Throws<ArgumentException>(() => -none).Message, StringComparison.Ordinal);
        Assert.Contains(
            "Money.Of",
            Assert.Throws<ArgumentException>(() => none * 2m).Message,
            StringComparison.Ordinal
        );
        Assert.Contains(
            "Currency.FromCode",
            Assert.Throws<InvalidOperationException>(() => none.ToString()).Message,
            StringComparison.Ordinal
        );
    }
}
