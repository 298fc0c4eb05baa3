namespace Affiliate;

/// <summary>The amount refunds are measured against: the subtotal after item and order discounts.</summary>
internal static class SaleBasis
{
    public static Money Of(ConversionFacts facts, Currency fallback)
    {
        var currency = facts.Currency ?? fallback;
        var zero = Money.Zero(currency);
        var subtotal =
            facts.Items.Count == 0
                ? facts.Amount ?? zero
                : Money.Sum(facts.Items.Select(i => i.Gross - (i.Discount ?? zero)), currency);
        return (subtotal - (facts.OrderDiscount ?? zero)).Round();
    }
}
