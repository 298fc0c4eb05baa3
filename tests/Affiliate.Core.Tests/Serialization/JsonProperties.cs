using FsCheck;
using FsCheck.Fluent;

namespace Affiliate.Tests.Serialization;

/// <summary>Round trips over generated values, 1,000 cases each.</summary>
public sealed class JsonProperties
{
    private static readonly Config Thousand = Config.QuickThrowOnFailure.WithMaxTest(1000);

    private static readonly Currency[] Currencies =
    [
        Currency.EUR,
        Currency.USD,
        Currency.JPY,
        Currency.FromCode("BHD"),
        Currency.FromCode("KWD"),
        Currency.Create("PTS", 0),
        Currency.Create("QQQ", 8),
    ];

    /// <summary>Any decimal: every scale from 0 to 28, mantissas from zero to 96 bits, both signs.</summary>
    private static Gen<decimal> AnyDecimal { get; } =
        Gen.Zip(
            Gen.Zip(
                Gen.Choose(int.MinValue, int.MaxValue),
                Gen.Zip(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(int.MinValue, int.MaxValue))
            ),
            Gen.Zip(Gen.Elements(0, 1, 2, 3), Gen.Zip(Gen.Elements(true, false), Gen.Choose(0, 28))),
            (bits, shape) =>
            {
                // Mantissa width: zero, 32, 64 or 96 bits, so that small amounts are as common as huge ones.
                var (lo, (mid, hi)) = bits;
                var (width, (negative, scale)) = shape;
                return width switch
                {
                    0 => new decimal(0, 0, 0, negative, (byte)scale),
                    1 => new decimal(lo, 0, 0, negative, (byte)scale),
                    2 => new decimal(lo, mid, 0, negative, (byte)scale),
                    _ => new decimal(lo, mid, hi, negative, (byte)scale),
                };
            }
        );

    /// <summary>Everyday amounts: a whole number of cents, often with trailing zeros.</summary>
    private static Gen<decimal> EverydayDecimal { get; } =
        Gen.Zip(Gen.Choose(-1_000_000, 1_000_000), Gen.Choose(0, 4), (units, scale) =>
            new decimal(Math.Abs(units), 0, 0, units < 0, (byte)scale)
        );

    private static Arbitrary<Money> AnyMoney { get; } =
        Arb.From(
            Gen.Zip(
                Gen.Frequency((3, AnyDecimal), (1, EverydayDecimal)),
                Gen.Elements(Currencies),
                (amount, currency) => new Money(amount, currency)
            )
        );

    private static Arbitrary<Instant> AnyInstant { get; } = Arb.From(InstantGen());

    private static Gen<Instant> InstantGen()
    {
        var epoch = Instant.FromUnixTimeTicks(0);
        var firstDay = (int)(Instant.MinValue - epoch).Days;
        var lastDay = (int)(Instant.MaxValue - epoch).Days;
        var day = Gen.Frequency((3, Gen.Choose(firstDay, lastDay)), (2, Gen.Choose(-366, 36_600)));
        var nanos = Gen.Frequency(
            (1, Gen.Constant(0)),
            (1, Gen.Choose(0, 999).Select(ms => ms * 1_000_000)),
            (3, Gen.Choose(0, 999_999_999))
        );
        return Gen.Zip(day, Gen.Zip(Gen.Choose(0, 86_399), nanos), (d, time) =>
            epoch + Duration.FromDays(d) + Duration.FromSeconds(time.Item1) + Duration.FromNanoseconds(time.Item2)
        );
    }

    [Fact]
    public void Money_round_trips_exactly() => Check.One(Thousand, Prop.ForAll(AnyMoney, money =>
            {
                var copy = Json.RoundTrip(money);
                return copy == money
                    && copy.Amount.Scale == money.Amount.Scale
                    && copy.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)
                        == money.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    && copy.Currency.Code == money.Currency.Code
                    && copy.Currency.MinorUnits == money.Currency.MinorUnits;
            }));

    [Fact]
    public void Money_in_a_flat_rate_round_trips_exactly() => Check.One(Thousand, Prop.ForAll(AnyMoney, money =>
            {
                var rate = CommissionRate.Flat(money);
                var copy = (FlatRate)Json.RoundTrip(rate);
                return copy == rate && copy.Amount.Amount.Scale == money.Amount.Scale;
            }));

    [Fact]
    public void Instants_round_trip_to_the_nanosecond() =>
        Check.One(
            Thousand,
            Prop.ForAll(AnyInstant, instant =>
                Json.RoundTrip(instant) == instant && Json.RoundTrip<Instant?>(instant) == instant
            )
        );

    [Fact]
    public void Equal_instants_and_only_equal_instants_have_equal_text() =>
        Check.One(
            Thousand,
            Prop.ForAll(AnyInstant, AnyInstant, (a, b) =>
                (a == b) == (AffiliateJson.Serialize(a) == AffiliateJson.Serialize(b))
            )
        );
}
