using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Demo;

namespace Affiliate.Samples.WebShop.Shop;

/// <summary>A product and how many of it, in a cart or an order being placed.</summary>
/// <param name="Product">The product.</param>
/// <param name="Quantity">How many (at least 1).</param>
public sealed record CartLine(Product Product, int Quantity)
{
    /// <summary>The line's price in cents.</summary>
    public long Cents => Product.PriceCents * Quantity;
}

/// <summary>
/// What an order costs: prices exclude VAT, a partner's coupon takes 10% off the items, VAT (19%) is added on the
/// discounted items, and shipping is 4.90 EUR below 60 EUR. The affiliate program's basis is the discounted items,
/// without VAT and shipping, as the library expects.
/// </summary>
/// <param name="ItemsCents">The items before the discount.</param>
/// <param name="DiscountCents">The coupon's discount.</param>
/// <param name="TaxCents">VAT on the discounted items.</param>
/// <param name="ShippingCents">Shipping.</param>
public sealed record OrderPricing(long ItemsCents, long DiscountCents, long TaxCents, long ShippingCents)
{
    /// <summary>VAT in percent.</summary>
    public const decimal VatPercent = 19m;

    /// <summary>Shipping below the free-shipping threshold, in cents.</summary>
    public const long ShippingFeeCents = 490;

    /// <summary>The discounted items' total from which shipping is free, in cents.</summary>
    public const long FreeShippingFromCents = 6000;

    /// <summary>What the customer pays.</summary>
    public long TotalCents => ItemsCents - DiscountCents + TaxCents + ShippingCents;

    /// <summary>Prices <paramref name="lines"/>, less a coupon's 10% when <paramref name="couponApplies"/>.</summary>
    public static OrderPricing For(IEnumerable<CartLine> lines, bool couponApplies)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var items = lines.Sum(l => l.Cents);
        var discount = couponApplies ? Round(items * DemoProgram.CouponDiscountPercent / 100m) : 0;
        var net = items - discount;
        var tax = Round(net * VatPercent / 100m);
        var shipping = net == 0 || net >= FreeShippingFromCents ? 0 : ShippingFeeCents;
        return new OrderPricing(items, discount, tax, shipping);
    }

    private static long Round(decimal cents) => (long)decimal.Round(cents, MidpointRounding.AwayFromZero);
}

/// <summary>Money in cents as the shop shows it, and as the library's <see cref="Money"/>.</summary>
public static class Cents
{
    /// <summary>The amount as <see cref="Money"/> in the program's currency.</summary>
    public static Money ToMoney(long cents) => Money.OfMinor(cents, Currency.EUR);

    /// <summary>The amount for people: <c>1,490.00 EUR</c> is shown as <c>€1,490.00</c>.</summary>
    public static string Format(long cents) =>
        "€" + (cents / 100m).ToString("#,##0.00", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A <see cref="Money"/> for people, in its own currency.</summary>
    public static string Format(Money money) =>
        money.Currency == Currency.EUR
            ? (money.IsNegative ? "−" : "") + Format(Math.Abs((long)(money.Amount * 100m)))
            : money.ToString();
}
