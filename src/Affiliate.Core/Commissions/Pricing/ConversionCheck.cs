namespace Affiliate.Commissions.Pricing;

/// <summary>Refuses inconsistent conversion facts before any money is computed from them.</summary>
internal static class ConversionCheck
{
    public static PricingResult? Problem(ConversionFacts conversion, Currency planCurrency)
    {
        foreach (var amount in AmountsOf(conversion))
        {
            if (amount.Currency != planCurrency)
            {
                return Invalid(PricingErrorCodes.CurrencyMismatch, $"Conversion '{conversion.Id}' has an amount in {amount.Currency} but the plan is in {planCurrency}. Convert it to {planCurrency} first.");
            }

            if (amount.IsNegative)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has a negative amount ({amount}); refunds are recorded as refunds, not as negative sales.");
            }
        }

        if (TextInput.FirstWithControl(
                ("CouponCode", conversion.CouponCode), ("Country", conversion.Country), ("EventName", conversion.EventName),
                ("Subscription.SubscriptionId", conversion.Subscription?.SubscriptionId),
                ("an item's ProductId", conversion.Items.FirstOrDefault(i => TextInput.HasControl(i.ProductId))?.ProductId),
                ("an item's category", conversion.Items.SelectMany(i => i.Categories).FirstOrDefault(TextInput.HasControl))) is { } field)
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has a control character in {field}.");
        }

        if (conversion.Items.Count > 0 && conversion.Amount is not null)
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has both items and an amount; give one or the other.");
        }

        if (conversion.Items.Count == 0 && conversion.Amount is null && conversion.Kind is ConversionKind.Sale or ConversionKind.Renewal)
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Sale '{conversion.Id}' needs items or an amount.");
        }

        foreach (var item in conversion.Items)
        {
            if (item.Quantity < 1)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has an item of '{item.ProductId}' with quantity {item.Quantity}; quantities start at 1.");
            }

            if (item.Discount is { } discount && discount > item.Gross)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' discounts '{item.ProductId}' by {discount}, more than its {item.Gross}.");
            }
        }

        if (conversion.OrderDiscount is { } orderDiscount)
        {
            if (!orderDiscount.IsRounded)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has an order discount of {orderDiscount}, finer than the currency's minor unit.");
            }

            var subtotal = conversion.Items.Count == 0
                ? conversion.Amount ?? Money.Zero(planCurrency)
                : Money.Sum(conversion.Items.Select(i => i.Gross - (i.Discount ?? Money.Zero(planCurrency))), planCurrency);
            if (orderDiscount > subtotal)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has an order discount of {orderDiscount}, more than its subtotal of {subtotal}.");
            }
        }

        if (conversion.Subscription is { } subscription)
        {
            if (subscription.PaymentNumber < 1)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' has subscription payment number {subscription.PaymentNumber}; the first payment is number 1.");
            }

            if (subscription.StartedAt > conversion.OccurredAt)
            {
                return Invalid(PricingErrorCodes.InvalidConversion, $"Conversion '{conversion.Id}' occurred before its subscription started.");
            }
        }

        if (conversion.Kind == ConversionKind.Renewal && conversion.Subscription is not { PaymentNumber: > 1 })
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Renewal '{conversion.Id}' needs Subscription facts with a payment number of 2 or more.");
        }

        if (conversion.Kind == ConversionKind.Custom && string.IsNullOrWhiteSpace(conversion.EventName))
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Custom conversion '{conversion.Id}' needs an EventName.");
        }

        return null;
    }

    private static IEnumerable<Money> AmountsOf(ConversionFacts conversion)
    {
        foreach (var item in conversion.Items)
        {
            yield return item.UnitPrice;
            if (item.Discount is { } discount)
            {
                yield return discount;
            }
        }

        foreach (var amount in new[] { conversion.Amount, conversion.OrderDiscount, conversion.Shipping, conversion.Tax })
        {
            if (amount is { } value)
            {
                yield return value;
            }
        }
    }

    private static PricingResult Invalid(string code, string message) => PricingResult.Failed(code, message);
}
