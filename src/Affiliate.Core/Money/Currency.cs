using System.Diagnostics.CodeAnalysis;

namespace Affiliate;

/// <summary>
/// An ISO 4217 currency: its three-letter code and the number of digits of its minor unit
/// (JPY 0, USD 2, BHD 3). Two currencies are equal when both code and minor digits are.
/// </summary>
/// <remarks>
/// The table of codes is built in (<see cref="FromCode"/>). A currency the table does not know can be declared
/// with <see cref="Create"/> (a new ISO code, or a private unit such as loyalty points). Thread-safe, immutable.
/// </remarks>
public readonly struct Currency : IEquatable<Currency>
{
    private readonly string? _code;

    private Currency(string code, int minorUnits)
    {
        _code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>The three-letter upper-case code, such as <c>EUR</c>.</summary>
    public string Code =>
        _code
        ?? throw new InvalidOperationException(
            "This Currency is the default value and has no code; create currencies with Currency.FromCode(\"EUR\")."
        );

    /// <summary>How many decimal digits the minor unit has (2 for cents, 0 for yen, 3 for fils).</summary>
    public int MinorUnits { get; }

    /// <summary>True for <c>default(Currency)</c>, which is not a currency.</summary>
    public bool IsDefault => _code is null;

    /// <summary>The smallest amount of this currency: 0.01 for EUR, 1 for JPY, 0.001 for BHD.</summary>
    public decimal MinorUnit => MinorUnitScale(MinorUnits);

    /// <summary>Euro.</summary>
    public static Currency EUR { get; } = FromCode("EUR");

    /// <summary>United States dollar.</summary>
    public static Currency USD { get; } = FromCode("USD");

    /// <summary>Pound sterling.</summary>
    public static Currency GBP { get; } = FromCode("GBP");

    /// <summary>Japanese yen (no minor unit).</summary>
    public static Currency JPY { get; } = FromCode("JPY");

    /// <summary>Returns the ISO 4217 currency for a code, ignoring case.</summary>
    /// <exception cref="ArgumentException">The code is not an ISO 4217 code the table knows.</exception>
    public static Currency FromCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (TryFromCode(code, out var currency))
        {
            return currency;
        }

        throw new ArgumentException(
            $"'{code}' is not an ISO 4217 currency code this library knows. Use a code such as \"EUR\" or declare it "
                + "with Currency.Create(code, minorUnits).",
            nameof(code)
        );
    }

    /// <summary>Looks up an ISO 4217 code, ignoring case; false when it is unknown.</summary>
    public static bool TryFromCode([NotNullWhen(true)] string? code, out Currency currency)
    {
        if (code is not null && Iso4217.MinorUnits.TryGetValue(code, out var digits))
        {
            currency = new Currency(code.ToUpperInvariant(), digits);
            return true;
        }

        currency = default;
        return false;
    }

    /// <summary>
    /// Declares a currency the built-in table does not know (or a known one with its own minor digits).
    /// </summary>
    /// <param name="code">Three ASCII letters.</param>
    /// <param name="minorUnits">Digits of the minor unit, 0 to 8.</param>
    public static Currency Create(string code, int minorUnits)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length != 3 || !code.All(char.IsAsciiLetter))
        {
            throw new ArgumentException($"A currency code is three ASCII letters; '{code}' is not.", nameof(code));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(minorUnits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minorUnits, 8);
        if (TryFromCode(code, out var known) && known.MinorUnits != minorUnits)
        {
            throw new ArgumentException(
                $"{known.Code} is an ISO 4217 currency with {known.MinorUnits} minor digits, not {minorUnits}; use "
                    + $"Currency.FromCode(\"{known.Code}\").",
                nameof(code)
            );
        }

        return new Currency(code.ToUpperInvariant(), minorUnits);
    }

    internal static decimal MinorUnitScale(int digits) =>
        digits switch
        {
            0 => 1m,
            1 => 0.1m,
            2 => 0.01m,
            3 => 0.001m,
            4 => 0.0001m,
            _ => 1m / (decimal)Math.Pow(10, digits),
        };

    /// <inheritdoc />
    public bool Equals(Currency other) =>
        string.Equals(_code, other._code, StringComparison.Ordinal) && MinorUnits == other.MinorUnits;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is Currency other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _code is null ? 0 : StringComparer.Ordinal.GetHashCode(_code);

    /// <summary>The code, such as <c>EUR</c>.</summary>
    public override string ToString() => _code ?? "(no currency)";

    /// <summary>Equality by code and minor digits.</summary>
    public static bool operator ==(Currency left, Currency right) => left.Equals(right);

    /// <summary>Inequality by code or minor digits.</summary>
    public static bool operator !=(Currency left, Currency right) => !left.Equals(right);
}
