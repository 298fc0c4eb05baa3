namespace Affiliate;

/// <summary>Refuses inconsistent conversion facts before any money is computed from them.</summary>
/// <remarks>
/// Runs on every pricing call, so a conversion that passes costs no allocation: plain loops, no iterator, lambda or
/// params array; messages are formatted only for a problem.
/// </remarks>
internal static class ConversionCheck
{
    public static PricingResult? Problem(ConversionFacts conversion, Currency planCurrency)
    {
        // Amounts in the order they were always checked: each item's price and discount, then the order's amounts.
        var items = conversion.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (
                (
                    AmountProblem(conversion, items[i].UnitPrice, planCurrency)
                    ?? AmountProblem(conversion, items[i].Discount, planCurrency)
                ) is
                { } problem
            )
            {
                return problem;
            }
        }

        if (
            (
                AmountProblem(conversion, conversion.Amount, planCurrency)
                ?? AmountProblem(conversion, conversion.OrderDiscount, planCurrency)
                ?? AmountProblem(conversion, conversion.Shipping, planCurrency)
                ?? AmountProblem(conversion, conversion.Tax, planCurrency)
            ) is
            { } invalid
        )
        {
            return invalid;
        }

        if (FieldWithControl(conversion) is { } field)
        {
            return Invalid(
                PricingErrorCodes.InvalidConversion,
                $"Conversion '{conversion.Id}' has a control character in {field}."
            );
        }

        if (conversion.Items.Count > 0 && conversion.Amount is not null)
        {
            return Invalid(
                PricingErrorCodes.InvalidConversion,
                $"Conversion '{conversion.Id}' has both items and an amount; give one or the other."
            );
        }

        if (
            conversion.Items.Count == 0
            && conversion.Amount is null
            && conversion.Kind is ConversionKind.Sale or ConversionKind.Renewal
        )
        {
            return Invalid(PricingErrorCodes.InvalidConversion, $"Sale '{conversion.Id}' needs items or an amount.");
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Quantity < 1)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' has an item of '{item.ProductId}' with quantity {item.Quantity}; "
                        + "quantities start at 1."
                );
            }

            if (item.Discount is { } discount && discount > item.Gross)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' discounts '{item.ProductId}' by {discount}, more than its "
                        + $"{item.Gross}."
                );
            }
        }

        if (conversion.OrderDiscount is { } orderDiscount)
        {
            if (!orderDiscount.IsRounded)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' has an order discount of {orderDiscount}, finer than the "
                        + "currency's minor unit."
                );
            }

            var subtotal =
                conversion.Items.Count == 0
                    ? conversion.Amount ?? Money.Zero(planCurrency)
                    : ItemSubtotal(conversion, planCurrency);
            if (orderDiscount > subtotal)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' has an order discount of {orderDiscount}, more than its subtotal "
                        + $"of {subtotal}."
                );
            }
        }

        if (conversion.Subscription is { } subscription)
        {
            if (subscription.PaymentNumber < 1)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' has subscription payment number {subscription.PaymentNumber}; the "
                        + "first payment is number 1."
                );
            }

            if (subscription.StartedAt > conversion.OccurredAt)
            {
                return Invalid(
                    PricingErrorCodes.InvalidConversion,
                    $"Conversion '{conversion.Id}' occurred before its subscription started."
                );
            }
        }

        if (conversion.Kind == ConversionKind.Renewal && conversion.Subscription is not { PaymentNumber: > 1 })
        {
            return Invalid(
                PricingErrorCodes.InvalidConversion,
                $"Renewal '{conversion.Id}' needs Subscription facts with a payment number of 2 or more."
            );
        }

        if (conversion.Kind == ConversionKind.Custom && string.IsNullOrWhiteSpace(conversion.EventName))
        {
            return Invalid(
                PricingErrorCodes.InvalidConversion,
                $"Custom conversion '{conversion.Id}' needs an EventName."
            );
        }

        return null;
    }

    private static PricingResult? AmountProblem(ConversionFacts conversion, Money? amount, Currency planCurrency)
    {
        if (amount is not { } value)
        {
            return null;
        }

        if (value.Currency != planCurrency)
        {
            return Invalid(
                PricingErrorCodes.CurrencyMismatch,
                $"Conversion '{conversion.Id}' has an amount in {value.Currency} but the plan is in {planCurrency}. "
                    + $"Convert it to {planCurrency} first."
            );
        }

        return value.IsNegative
            ? Invalid(
                PricingErrorCodes.InvalidConversion,
                $"Conversion '{conversion.Id}' has a negative amount ({value}); "
                    + "refunds are recorded as refunds, not as negative sales."
            )
            : null;
    }

    /// <summary>The first text field, in a fixed order, that holds a control character.</summary>
    private static string? FieldWithControl(ConversionFacts conversion)
    {
        if (HasControl(conversion.CouponCode))
        {
            return "CouponCode";
        }

        if (HasControl(conversion.Country))
        {
            return "Country";
        }

        if (HasControl(conversion.EventName))
        {
            return "EventName";
        }

        if (HasControl(conversion.Subscription?.SubscriptionId))
        {
            return "Subscription.SubscriptionId";
        }

        var items = conversion.Items;
        for (var i = 0; i < items.Count; i++)
        {
            if (HasControl(items[i].ProductId))
            {
                return "an item's ProductId";
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var categories = items[i].Categories;
            for (var c = 0; c < categories.Count; c++)
            {
                if (HasControl(categories[c]))
                {
                    return "an item's category";
                }
            }
        }

        return null;
    }

    /// <summary>What TextInput.HasControl answers, without enumerating the string as an IEnumerable.</summary>
    private static bool HasControl(string? text)
    {
        if (text is null)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    private static Money ItemSubtotal(ConversionFacts conversion, Currency planCurrency)
    {
        var subtotal = Money.Zero(planCurrency);
        for (var i = 0; i < conversion.Items.Count; i++)
        {
            var item = conversion.Items[i];
            subtotal += item.Gross - (item.Discount ?? Money.Zero(planCurrency));
        }

        return subtotal;
    }

    private static PricingResult Invalid(string code, string message) => PricingResult.Failed(code, message);
}
