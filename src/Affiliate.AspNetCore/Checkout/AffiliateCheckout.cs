using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>
/// Records the host's order as a sale from the checkout request: the visitor comes from the signed attribution
/// cookie the tracking middleware set, the IP and user agent from the request. Scoped; or call
/// <see cref="AffiliateCheckoutExtensions.RecordAffiliateSaleAsync"/> on the HttpContext.
/// </summary>
/// <remarks>
/// Only a valid attribution cookie or <see cref="AffiliateOrder.Attribution"/> (not tampered, not expired) lets the
/// order be credited through the visitor's clicks; the core's attribution model then chooses among that visitor's
/// recorded clicks in the window. Without one, the order is recorded unattributed, unless its coupon is a partner's
/// code.
/// </remarks>
public sealed class AffiliateCheckout(ConversionRecorder recorder, AttributionCookie attribution, IClock clock)
{
    /// <summary>Records <paramref name="order"/> as a sale; bad input is a failure with a stable code.</summary>
    public async ValueTask<AffiliateResult<ConversionOutcome>> RecordSaleAsync(
        HttpContext context,
        AffiliateOrder order,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(order);
        if (!ConversionId.TryParse(order.OrderId, null, out var orderId))
        {
            return Invalid("OrderId is empty, longer than 128 characters or holds control characters.");
        }

        if (order.Amount is null && (order.Items is null || order.Items.Count == 0))
        {
            return Invalid("The order has neither an Amount nor Items; give the subtotal after discounts.");
        }

        CustomerId? customerId = null;
        if (order.CustomerId is not null)
        {
            if (!CustomerId.TryParse(order.CustomerId, null, out var customer))
            {
                return Invalid("CustomerId is empty, longer than 128 characters or holds control characters.");
            }

            customerId = customer;
        }

        var hasItems = order.Items is { Count: > 0 };
        var facts = new ConversionFacts
        {
            Id = orderId,
            OccurredAt = order.PlacedAt ?? clock.GetCurrentInstant(),
            Amount = hasItems ? null : order.Amount,
            Items = order.Items ?? [],
            OrderDiscount = hasItems ? order.OrderDiscount : null,
            Tax = order.Tax,
            Shipping = order.Shipping,
            CouponCode = order.CouponCode,
            Country = order.Country,
        };
        var request = context.Request;
        return await recorder
            .RecordAsync(
                new ConversionRequest
                {
                    ProgramId = order.ProgramId,
                    Facts = facts,
                    VisitorId = (
                        order.Attribution is null ? attribution.Read(context) : attribution.Unprotect(order.Attribution)
                    )?.VisitorId,
                    CustomerId = customerId,
                    CustomerEmail = order.CustomerEmail,
                    IpAddress = context.Connection.RemoteIpAddress?.ToString(),
                    UserAgent = request.Headers.UserAgent is { Count: > 0 } agent ? agent.ToString() : null,
                },
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    private static AffiliateResult<ConversionOutcome> Invalid(string description) =>
        AffiliateResult<ConversionOutcome>.Failure(AffiliateErrorCodes.InvalidRequest, description);
}

/// <summary>Checkout from the HttpContext: <c>await HttpContext.RecordAffiliateSaleAsync(order)</c>.</summary>
public static class AffiliateCheckoutExtensions
{
    /// <summary>Records the order as a sale through the request's <see cref="AffiliateCheckout"/>.</summary>
    public static ValueTask<AffiliateResult<ConversionOutcome>> RecordAffiliateSaleAsync(
        this HttpContext context,
        AffiliateOrder order,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(context);
        return context
            .RequestServices.GetRequiredService<AffiliateCheckout>()
            .RecordSaleAsync(context, order, cancellationToken);
    }
}
