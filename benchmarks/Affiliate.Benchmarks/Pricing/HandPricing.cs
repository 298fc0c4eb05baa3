namespace Affiliate.Benchmarks.Pricing;

/// <summary>
/// The README plan's amounts for a sale without items, written out by hand: 10% (15% from the seller's 21st sale of
/// the month), then 2% and 1% of the sale to the two sponsors above, each rounded half away from zero. What the
/// pricing engine is measured against; it knows nothing of rules, conditions or explanations.
/// </summary>
public static class HandPricing
{
    /// <summary>Prices a sale.</summary>
    public static Amounts Price(in Sale sale)
    {
        var rate = sale.EarlierSalesThisMonth + 1 >= 21 ? 0.15m : 0.10m;
        return new Amounts(
            Round(sale.Amount * rate),
            sale.Uplines >= 1 ? Round(sale.Amount * 0.02m) : 0m,
            sale.Uplines >= 2 ? Round(sale.Amount * 0.01m) : 0m
        );
    }

    private static decimal Round(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    /// <summary>A sale in EUR.</summary>
    /// <param name="Amount">The subtotal.</param>
    /// <param name="EarlierSalesThisMonth">The seller's sales earlier in the calendar month.</param>
    /// <param name="Uplines">How many active sponsors are above the seller (0 to 2 count).</param>
    public readonly record struct Sale(decimal Amount, int EarlierSalesThisMonth, int Uplines);

    /// <summary>The three amounts.</summary>
    /// <param name="Seller">The seller's commission.</param>
    /// <param name="Sponsor">The direct sponsor's (level 2).</param>
    /// <param name="SponsorsSponsor">The sponsor's sponsor's (level 3).</param>
    public readonly record struct Amounts(decimal Seller, decimal Sponsor, decimal SponsorsSponsor);
}
