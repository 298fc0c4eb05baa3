using System.Globalization;
using System.Numerics;

namespace Affiliate;

/// <summary>
/// An exact amount of one currency. Decimal, never double; arithmetic keeps full precision until
/// <see cref="Round(MidpointRounding)"/> brings it to the currency's minor unit, and <see cref="Allocate"/> splits a
/// rounded amount into parts that add up to it exactly.
/// </summary>
/// <remarks>
/// Operations between two currencies throw <see cref="CurrencyMismatchException"/>. Immutable and thread-safe.
/// <example><code>
/// var total = Money.Of(1.00m, "USD");
/// Money[] parts = total.Allocate(1, 1, 1);   // 0.34, 0.33, 0.33
/// Money fee = Money.Of(0.125m, "USD").Round(); // 0.13 (half away from zero)
/// </code></example>
/// </remarks>
public readonly struct Money : IEquatable<Money>, IComparable<Money>
{
    /// <summary>
    /// Creates an amount; it is kept exactly as given (round it with <see cref="Round(MidpointRounding)"/>).
    /// </summary>
    public Money(decimal amount, Currency currency)
    {
        if (currency.IsDefault)
        {
            throw new ArgumentException(
                "Money needs a currency; use Currency.FromCode(\"EUR\") or Money.Of(amount, \"EUR\").",
                nameof(currency)
            );
        }

        Amount = amount;
        Currency = currency;
    }

    /// <summary>The amount in major units (10.50 for ten euros fifty).</summary>
    public decimal Amount { get; }

    /// <summary>The currency of the amount.</summary>
    public Currency Currency { get; }

    /// <summary>True when the amount is zero.</summary>
    public bool IsZero => Amount == 0m;

    /// <summary>True when the amount is above zero.</summary>
    public bool IsPositive => Amount > 0m;

    /// <summary>True when the amount is below zero (a reversal or a clawback).</summary>
    public bool IsNegative => Amount < 0m;

    /// <summary>True when the amount has no digits beyond the currency's minor unit.</summary>
    public bool IsRounded => decimal.Round(Amount, Currency.MinorUnits) == Amount;

    /// <summary>An amount of an ISO 4217 currency given by its code.</summary>
    public static Money Of(decimal amount, string currencyCode) => new(amount, Currency.FromCode(currencyCode));

    /// <summary>Zero of a currency.</summary>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>An amount given in whole minor units of its currency (1999 EUR cents is 19.99 EUR).</summary>
    public static Money OfMinor(long minorUnits, Currency currency)
    {
        var amount = (decimal)minorUnits;
        for (var i = 0; i < currency.MinorUnits; i++)
        {
            amount /= 10m;
        }

        return new(amount, currency);
    }

    /// <summary>
    /// Rounds to the currency's minor unit. The default rule rounds a midpoint away from zero
    /// (0.125 USD becomes 0.13, -0.125 becomes -0.13); any <see cref="MidpointRounding"/> may be chosen, including the
    /// directed modes (<see cref="MidpointRounding.ToZero"/> truncates).
    /// </summary>
    public Money Round(MidpointRounding mode = MidpointRounding.AwayFromZero) =>
        new(decimal.Round(Amount, Currency.MinorUnits, mode), Currency);

    /// <summary>
    /// Splits this amount by ratios without losing or creating a minor unit: every part is a whole number of minor
    /// units and the parts add up to this amount exactly. Units left over after flooring go one at a time to the
    /// parts with the largest remainders, the earlier part first on a tie
    /// (1.00 by 1:1:1 is 0.34, 0.33, 0.33; 0.05 by 70:30 is 0.04, 0.01).
    /// </summary>
    /// <param name="ratios">Non-negative weights, at least one of them above zero; they need not add up to 1.</param>
    /// <exception cref="InvalidOperationException">The amount is not rounded to the minor unit.</exception>
    /// <exception cref="ArgumentException">No ratios, a negative ratio, or all ratios zero.</exception>
    public Money[] Allocate(params ReadOnlySpan<decimal> ratios)
    {
        if (ratios.IsEmpty)
        {
            throw new ArgumentException("Allocate needs at least one ratio.", nameof(ratios));
        }

        if (!IsRounded)
        {
            throw new InvalidOperationException($"Allocate splits whole minor units; round {this} first with Round().");
        }

        var sum = 0m;
        foreach (var ratio in ratios)
        {
            if (ratio < 0m)
            {
                throw new ArgumentException(
                    $"Allocation ratios cannot be negative; got {ratio.ToString(CultureInfo.InvariantCulture)}.",
                    nameof(ratios)
                );
            }

            sum += ratio;
        }

        if (sum == 0m)
        {
            throw new ArgumentException("At least one allocation ratio must be above zero.", nameof(ratios));
        }

        // Exact integer arithmetic: with decimal division, remainders that are equal can compare unequal after
        // rounding at 28 digits, and near the top of the range the shares can add up to one unit too many.
        var scale = 0;
        foreach (var ratio in ratios)
        {
            scale = Math.Max(scale, ratio.Scale);
        }

        var weights = new BigInteger[ratios.Length];
        var weightSum = BigInteger.Zero;
        for (var i = 0; i < ratios.Length; i++)
        {
            weights[i] = Mantissa(ratios[i]) * BigInteger.Pow(10, scale - ratios[i].Scale);
            weightSum += weights[i];
        }

        var digits = Currency.MinorUnits;
        var totalUnits =
            Amount.Scale >= digits
                ? Mantissa(Amount) / BigInteger.Pow(10, Amount.Scale - digits)
                : Mantissa(Amount) * BigInteger.Pow(10, digits - Amount.Scale);

        var units = new BigInteger[ratios.Length];
        var remainders = new BigInteger[ratios.Length];
        var leftOver = totalUnits;
        for (var i = 0; i < ratios.Length; i++)
        {
            units[i] = BigInteger.DivRem(totalUnits * weights[i], weightSum, out remainders[i]);
            leftOver -= units[i];
        }

        // Hand out the units the flooring left over (fewer than the number of parts), largest remainder first; the
        // stable sort keeps ties with the earlier part, the usual "first gets the extra cent".
        foreach (var i in Enumerable.Range(0, ratios.Length).OrderByDescending(i => remainders[i]).Take((int)leftOver))
        {
            units[i] += BigInteger.One;
        }

        var negative = Amount < 0m;
        var perMajor = BigInteger.Pow(10, digits);
        var parts = new Money[ratios.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var major = BigInteger.DivRem(units[i], perMajor, out var minor);
            var amount = (decimal)major + ((decimal)minor * Currency.MinorUnit);
            parts[i] = new Money(negative ? -amount : amount, Currency);
        }

        return parts;
    }

    private static BigInteger Mantissa(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        return (new BigInteger(unchecked((uint)bits[2])) << 64)
            | (new BigInteger(unchecked((uint)bits[1])) << 32)
            | unchecked((uint)bits[0]);
    }

    /// <summary>Splits this amount into <paramref name="count"/> parts as equal as minor units allow.</summary>
    public Money[] AllocateEvenly(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        Span<decimal> ratios = count <= 64 ? stackalloc decimal[count] : new decimal[count];
        ratios.Fill(1m);
        return Allocate(ratios);
    }

    /// <summary>Adds amounts of several parts; <paramref name="currency"/> is the result when there are none.</summary>
    public static Money Sum(IEnumerable<Money> amounts, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(amounts);
        var total = Zero(currency);
        foreach (var amount in amounts)
        {
            total += amount;
        }

        return total;
    }

    /// <summary>The larger of two amounts of one currency.</summary>
    public static Money Max(Money left, Money right) => left >= right ? left : right;

    /// <summary>The smaller of two amounts of one currency.</summary>
    public static Money Min(Money left, Money right) => left <= right ? left : right;

    /// <summary>This amount times a factor, unrounded.</summary>
    public Money Multiply(decimal factor) => new(Amount * factor, Currency);

    /// <summary>The amount with its sign flipped.</summary>
    public Money Negate() => new(-Amount, Currency);

    /// <summary>Adds two amounts of one currency.</summary>
    public static Money operator +(Money left, Money right) =>
        new(left.Amount + right.SameCurrency(left).Amount, left.Currency);

    /// <summary>Subtracts two amounts of one currency.</summary>
    public static Money operator -(Money left, Money right) =>
        new(left.Amount - right.SameCurrency(left).Amount, left.Currency);

    /// <summary>Flips the sign.</summary>
    public static Money operator -(Money value) => value.Negate();

    /// <summary>Multiplies by a factor, unrounded.</summary>
    public static Money operator *(Money left, decimal factor) => left.Multiply(factor);

    /// <summary>Multiplies by a factor, unrounded.</summary>
    public static Money operator *(decimal factor, Money right) => right.Multiply(factor);

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator <(Money left, Money right) => left.CompareTo(right) < 0;

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator >(Money left, Money right) => left.CompareTo(right) > 0;

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator <=(Money left, Money right) => left.CompareTo(right) <= 0;

    /// <summary>Compares two amounts of one currency.</summary>
    public static bool operator >=(Money left, Money right) => left.CompareTo(right) >= 0;

    /// <summary>Equal amount and currency (1.0 EUR equals 1.00 EUR).</summary>
    public static bool operator ==(Money left, Money right) => left.Equals(right);

    /// <summary>Different amount or currency.</summary>
    public static bool operator !=(Money left, Money right) => !left.Equals(right);

    /// <summary>
    /// Orders amounts of one currency; throws <see cref="CurrencyMismatchException"/> across currencies.
    /// </summary>
    public int CompareTo(Money other) => Amount.CompareTo(other.SameCurrency(this).Amount);

    /// <inheritdoc />
    public bool Equals(Money other) => Currency == other.Currency && Amount == other.Amount;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Money other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Amount, Currency);

    /// <summary>
    /// The amount with at least the currency's minor digits and its code: <c>10.50 EUR</c>, <c>1500 JPY</c>.
    /// </summary>
    public override string ToString() => $"{FormatAmount()} {Currency.Code}";

    /// <summary>The amount alone, invariant culture, with at least the currency's minor digits.</summary>
    public string FormatAmount()
    {
        // Show every significant digit of an unrounded amount (0.125 USD), and pad a rounded one to the minor unit.
        var digits = Currency.MinorUnits;
        var extra = Math.Max(0, Amount.Scale - digits);
        var format = digits + extra == 0 ? "0" : "0." + new string('0', digits) + new string('#', extra);
        return Amount.ToString(format, CultureInfo.InvariantCulture);
    }

    private Money SameCurrency(Money other)
    {
        if (Currency.IsDefault || other.Currency.IsDefault)
        {
            throw new InvalidOperationException(
                "This Money is the default value and has no currency; create it with Money.Of(amount, \"EUR\")."
            );
        }

        if (Currency != other.Currency)
        {
            throw new CurrencyMismatchException(other.Currency, Currency);
        }

        return this;
    }
}
