namespace Affiliate;

/// <summary>
/// Thrown when amounts of two currencies meet in one operation. Amounts never mix silently: convert one of them
/// first (an exchange-rate provider does this for conversions in a foreign currency).
/// </summary>
public sealed class CurrencyMismatchException : InvalidOperationException
{
    /// <summary>Creates the exception for the two currencies that met.</summary>
    public CurrencyMismatchException(Currency expected, Currency actual)
        : base($"Cannot combine {expected} and {actual} amounts. Convert one of them to the other currency first.")
    {
        Expected = expected;
        Actual = actual;
    }

    /// <summary>The currency the operation worked in.</summary>
    public Currency Expected { get; }

    /// <summary>The currency that did not match it.</summary>
    public Currency Actual { get; }
}
