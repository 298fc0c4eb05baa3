namespace Affiliate.Samples.WebShop.Data;

/// <summary>A product of the shop's catalogue.</summary>
public sealed class Product
{
    /// <summary>The product id (also its SKU for the commission plan's product rules).</summary>
    public required string Id { get; set; }

    /// <summary>The URL name: <c>/products/{slug}</c>.</summary>
    public required string Slug { get; set; }

    /// <summary>The product's name.</summary>
    public required string Name { get; set; }

    /// <summary>The category, also given to the commission plan (books earn a different rate).</summary>
    public required string Category { get; set; }

    /// <summary>One line for the catalogue.</summary>
    public required string Summary { get; set; }

    /// <summary>The product page's description.</summary>
    public required string Description { get; set; }

    /// <summary>The price in cents (EUR), tax included as shops in the EU show it.</summary>
    public long PriceCents { get; set; }

    /// <summary>The hue (0-359) of the product's drawn picture.</summary>
    public int Hue { get; set; }

    /// <summary>The picture's motif: see <c>ProductArt</c>.</summary>
    public required string Motif { get; set; }

    /// <summary>The position in the catalogue.</summary>
    public int Position { get; set; }
}

/// <summary>An order placed at the shop's checkout (or replayed by the demo seed).</summary>
public sealed class Order
{
    /// <summary>The order id, also the conversion id in the affiliate program.</summary>
    public required string Id { get; set; }

    /// <summary>When it was placed, in Unix milliseconds (portable across SQLite and PostgreSQL).</summary>
    public long PlacedAtUnixMs { get; set; }

    /// <summary>The customer's e-mail.</summary>
    public required string Email { get; set; }

    /// <summary>The customer's name.</summary>
    public required string CustomerName { get; set; }

    /// <summary>The customer's country (ISO 3166 code).</summary>
    public required string Country { get; set; }

    /// <summary>The coupon code used, if any.</summary>
    public string? CouponCode { get; set; }

    /// <summary>The items' total before the discount, in cents, tax included.</summary>
    public long ItemsCents { get; set; }

    /// <summary>The coupon's discount, in cents.</summary>
    public long DiscountCents { get; set; }

    /// <summary>The tax included in the total, in cents.</summary>
    public long TaxCents { get; set; }

    /// <summary>Shipping, in cents.</summary>
    public long ShippingCents { get; set; }

    /// <summary>What the customer paid, in cents.</summary>
    public long TotalCents { get; set; }

    /// <summary>What has been refunded, in cents.</summary>
    public long RefundedCents { get; set; }

    /// <summary>What the affiliate program said when the sale was recorded (credited, held...).</summary>
    public string? AffiliateOutcome { get; set; }

    /// <summary>The order's lines.</summary>
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>When it was placed.</summary>
    public Instant PlacedAt => Instant.FromUnixTimeMilliseconds(PlacedAtUnixMs);

    /// <summary>Whether the whole order has been refunded.</summary>
    public bool FullyRefunded => RefundedCents >= TotalCents;
}

/// <summary>A line of an <see cref="Order"/>.</summary>
public sealed class OrderLine
{
    /// <summary>The order.</summary>
    public required string OrderId { get; set; }

    /// <summary>The line's number in its order, from 1.</summary>
    public int LineNumber { get; set; }

    /// <summary>The product bought.</summary>
    public required string ProductId { get; set; }

    /// <summary>Its name when bought.</summary>
    public required string ProductName { get; set; }

    /// <summary>Its category when bought.</summary>
    public required string Category { get; set; }

    /// <summary>How many.</summary>
    public int Quantity { get; set; }

    /// <summary>The unit price in cents, tax included.</summary>
    public long UnitPriceCents { get; set; }
}

/// <summary>A setting the shop keeps in its database: the demo clock's offset, the seed's completion.</summary>
public sealed class ShopSetting
{
    /// <summary>The setting's name.</summary>
    public required string Key { get; set; }

    /// <summary>Its value as text.</summary>
    public required string Value { get; set; }
}
