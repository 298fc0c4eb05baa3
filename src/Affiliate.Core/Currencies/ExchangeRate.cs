namespace Affiliate;

/// <summary>
/// A rate from one currency to another, kept on every commission line priced through it so that a partner can see
/// exactly how a foreign-currency sale became their amount.
/// </summary>
/// <param name="From">The conversion's currency.</param>
/// <param name="To">The program's currency.</param>
/// <param name="Rate">Units of <paramref name="To"/> per unit of <paramref name="From"/>.</param>
/// <param name="AsOf">The instant the rate applies to.</param>
/// <param name="Source">Where the rate came from (e.g. "ECB").</param>
public sealed record ExchangeRate(Currency From, Currency To, decimal Rate, Instant AsOf, string Source)
{
    /// <summary>Converts an amount in <see cref="From"/> and rounds it to the minor unit of <see cref="To"/>.</summary>
    /// <exception cref="CurrencyMismatchException">The amount is not in <see cref="From"/>.</exception>
    public Money Convert(Money amount, MidpointRounding rounding = MidpointRounding.AwayFromZero)
    {
        if (amount.Currency != From)
        {
            throw new CurrencyMismatchException(From, amount.Currency);
        }

        return new Money(amount.Amount * Rate, To).Round(rounding);
    }
}

/// <summary>
/// Supplies exchange rates for conversions in a currency other than the program's. The host registers one
/// (its bank's, ECB's...); without one, such conversions fail with <c>exchange_rate_unavailable</c>.
/// </summary>
public interface IExchangeRateProvider
{
    /// <summary>
    /// The rate from <paramref name="from"/> to <paramref name="to"/> at an instant, or null when there is none.
    /// </summary>
    ValueTask<ExchangeRate?> GetRateAsync(Currency from, Currency to, Instant at, CancellationToken cancellationToken);
}
