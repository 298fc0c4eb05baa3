using System.Security.Cryptography;
using Affiliate.AspNetCore;
using Affiliate.Samples.WebShop.Data;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Shop;

/// <summary>The customer details a checkout asks for.</summary>
public sealed record CustomerDetails
{
    /// <summary>The e-mail.</summary>
    public required string Email { get; init; }

    /// <summary>The name.</summary>
    public required string Name { get; init; }

    /// <summary>The country (ISO 3166 code).</summary>
    public required string Country { get; init; }
}

/// <summary>
/// The shop's orders: placing one (the shop's own tables), the affiliate order the checkout hands to
/// <c>RecordAffiliateSaleAsync</c>, and refunds, which go through the core's <see cref="ConversionRecorder"/> so the
/// partners' commissions are reversed. Scoped.
/// </summary>
public sealed class ShopOrders(ShopDbContext db, ConversionRecorder conversions, IClock clock)
{
    /// <summary>Makes a new, unguessable order id: the confirmation page's link is its only key.</summary>
    public static string NewOrderId() =>
        "KB-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6)).ToLowerInvariant();

    /// <summary>Saves a new order placed now (or at <paramref name="placedAt"/>).</summary>
    public async Task<Order> PlaceAsync(
        string orderId,
        IReadOnlyList<CartLine> lines,
        CustomerDetails customer,
        string? coupon,
        Instant? placedAt = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(customer);
        var pricing = OrderPricing.For(lines, coupon is not null);
        var order = new Order
        {
            Id = orderId,
            PlacedAtUnixMs = (placedAt ?? clock.GetCurrentInstant()).ToUnixTimeMilliseconds(),
            Email = customer.Email,
            CustomerName = customer.Name,
            Country = customer.Country,
            CouponCode = coupon,
            ItemsCents = pricing.ItemsCents,
            DiscountCents = pricing.DiscountCents,
            TaxCents = pricing.TaxCents,
            ShippingCents = pricing.ShippingCents,
            TotalCents = pricing.TotalCents,
            Lines = lines
                .Select(
                    (l, i) =>
                        new OrderLine
                        {
                            OrderId = orderId,
                            LineNumber = i + 1,
                            ProductId = l.Product.Id,
                            ProductName = l.Product.Name,
                            Category = l.Product.Category,
                            Quantity = l.Quantity,
                            UnitPriceCents = l.Product.PriceCents,
                        }
                )
                .ToList(),
        };
        db.Orders.Add(order);
        await db.SaveChangesAsync(cancellationToken);
        return order;
    }

    /// <summary>
    /// The order as the affiliate program sees it: the items with their categories (books earn another rate), the
    /// coupon's discount, VAT and shipping apart, the coupon code (a partner's code credits that partner).
    /// </summary>
    public static AffiliateOrder ToAffiliateOrder(Order order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return new AffiliateOrder
        {
            OrderId = order.Id,
            Items = order
                .Lines.Select(l => new LineItem
                {
                    ProductId = l.ProductId,
                    Categories = [l.Category],
                    UnitPrice = Cents.ToMoney(l.UnitPriceCents),
                    Quantity = l.Quantity,
                })
                .ToArray(),
            OrderDiscount = order.DiscountCents > 0 ? Cents.ToMoney(order.DiscountCents) : null,
            Tax = Cents.ToMoney(order.TaxCents),
            Shipping = Cents.ToMoney(order.ShippingCents),
            CouponCode = order.CouponCode,
            CustomerId = CustomerIdOf(order.Email),
            CustomerEmail = order.Email,
            Country = order.Country,
            PlacedAt = order.PlacedAt,
        };
    }

    /// <summary>The customer id the shop gives the program: the e-mail, lower case (guest checkout).</summary>
    public static string CustomerIdOf(string email) => email.Trim().ToLowerInvariant();

    /// <summary>Keeps what the program said about the order, for the admin's order list.</summary>
    public async Task NoteOutcomeAsync(
        Order order,
        AffiliateResult<ConversionOutcome> result,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(result);
        order.AffiliateOutcome = result.Value is { } outcome
            ? outcome.Disposition.ToString().ToLowerInvariant()
            : "error: " + result.Error?.Code;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The order with its lines, or null.</summary>
    public Task<Order?> FindAsync(string orderId, CancellationToken cancellationToken = default) =>
        db.Orders.Include(o => o.Lines).FirstOrDefaultAsync(o => o.Id == orderId, cancellationToken);

    /// <summary>The newest orders first.</summary>
    public Task<List<Order>> RecentAsync(int count, CancellationToken cancellationToken = default) =>
        db.Orders.AsNoTracking().OrderByDescending(o => o.PlacedAtUnixMs).Take(count).ToListAsync(cancellationToken);

    /// <summary>
    /// Refunds what is left of the order: through the core first (the partners' commissions are reversed in
    /// proportion, or clawed back after payout), then in the shop's books. A refusal is the core's result.
    /// </summary>
    public async Task<AffiliateResult<RefundOutcome>> RefundAsync(
        Order order,
        string reason,
        Instant? at = null,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(order);
        if (order.FullyRefunded)
        {
            return AffiliateResult<RefundOutcome>.Failure(
                AffiliateErrorCodes.InvalidRequest,
                "This order has been refunded in full already."
            );
        }

        // The shop refunds whole orders: one refund id per order, so a retry after a failed save is recorded once.
        var result = await conversions.RefundAsync(
            new RefundRequest
            {
                ConversionId = new ConversionId(order.Id),
                RefundId = order.Id + "-refund",
                OccurredAt = at,
                Reason = reason,
            },
            cancellationToken
        );
        if (result.Succeeded)
        {
            order.RefundedCents = order.TotalCents;
            await db.SaveChangesAsync(cancellationToken);
        }

        return result;
    }
}
