using System.Globalization;

namespace Affiliate;

/// <summary>
/// How much a rule pays: a percentage of a basis, a flat amount per conversion (per order, lead, click or event),
/// or a flat amount per item (times quantity).
/// </summary>
/// <example><code>
/// CommissionRate.Percent(10)                        // 10% of the sale basis
/// CommissionRate.Flat(Money.Of(10, "EUR"))          // 10.00 per order (or per lead, per click)
/// CommissionRate.FlatPerItem(Money.Of(5, "EUR"))    // 5.00 times the quantity of each item
/// </code></example>
public abstract record CommissionRate
{
    private protected CommissionRate() { }

    /// <summary>A percentage of the basis: <c>Percent(12.5)</c> is 12.5%.</summary>
    public static CommissionRate Percent(decimal percent) => new PercentRate(percent);

    /// <summary>A flat amount once per conversion (per order, per lead, per click).</summary>
    public static CommissionRate Flat(Money amount) => new FlatRate(amount);

    /// <summary>A flat amount per unit sold, multiplied by each item's quantity.</summary>
    public static CommissionRate FlatPerItem(Money amount) => new FlatPerItemRate(amount);

    /// <summary>What this rate pays on a basis and a quantity (unrounded).</summary>
    internal abstract Money Apply(Money basis, int quantity);

    /// <summary>The rate for a partner to read: "10%", "10.00 EUR per order", "5.00 EUR per item".</summary>
    public abstract string Describe();
}

/// <summary>A percentage of the basis.</summary>
/// <param name="Value">The percentage: 10 means 10%.</param>
public sealed record PercentRate(decimal Value) : CommissionRate
{
    // Apply runs for every candidate rule of every item priced, so the division happens once per rate, not per call.
    // Derived from Value alone, so it never makes two equal rates unequal.
    private readonly decimal _fraction = Value / 100m;

    /// <summary>The percentage: 10 means 10%.</summary>
    public decimal Value
    {
        get;
        init
        {
            field = value;
            _fraction = value / 100m;
        }
    } = Value;

    /// <summary>The percentage as a fraction (0.10 for 10%).</summary>
    public decimal Fraction => _fraction;

    internal override Money Apply(Money basis, int quantity) => basis.Multiply(_fraction);

    /// <inheritdoc />
    public override string Describe() => Value.ToString("0.############", CultureInfo.InvariantCulture) + "%";
}

/// <summary>A flat amount once per conversion.</summary>
/// <param name="Amount">The amount paid.</param>
public sealed record FlatRate(Money Amount) : CommissionRate
{
    internal override Money Apply(Money basis, int quantity) => Amount;

    /// <inheritdoc />
    public override string Describe() => $"{Amount} per conversion";
}

/// <summary>A flat amount per unit sold.</summary>
/// <param name="Amount">The amount per unit.</param>
public sealed record FlatPerItemRate(Money Amount) : CommissionRate
{
    internal override Money Apply(Money basis, int quantity) => Amount.Multiply(quantity);

    /// <inheritdoc />
    public override string Describe() => $"{Amount} per item";
}
