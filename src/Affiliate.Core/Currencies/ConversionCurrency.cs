namespace Affiliate;

/// <summary>Brings a conversion's amounts into the program's currency with an exchange rate.</summary>
internal static class ConversionCurrency
{
    /// <summary>The facts with every amount converted and rounded to the program currency's minor unit.</summary>
    public static ConversionFacts Convert(ConversionFacts facts, ExchangeRate rate)
    {
        Money? Map(Money? amount) => amount is { } value ? rate.Convert(value) : null;
        return facts with
        {
            Amount = Map(facts.Amount),
            OrderDiscount = Map(facts.OrderDiscount),
            Shipping = Map(facts.Shipping),
            Tax = Map(facts.Tax),
            Items = facts
                .Items.Select(i => i with { UnitPrice = rate.Convert(i.UnitPrice), Discount = Map(i.Discount) })
                .ToArray(),
        };
    }
}
