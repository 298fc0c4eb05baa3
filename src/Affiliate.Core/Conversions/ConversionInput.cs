namespace Affiliate;

/// <summary>
/// What <see cref="ConversionRecorder"/> refuses before it reads or writes anything (the limits of
/// <see cref="InputLimits"/>, parts a deserialised body can leave null), and the one rounding rule of sales and
/// refunds: amounts are rounded to the currency's minor unit with the plan's rounding BEFORE pricing, so what is
/// priced is what is stored.
/// </summary>
internal static class ConversionInput
{
    public static AffiliateError? Problem(ConversionRequest request)
    {
        if (request.Facts is not { } facts)
        {
            return Invalid("Facts is null; a conversion needs its facts (id, time, amount or items).");
        }

        return InputCheck.First(
            InputCheck.Id("Facts.Id", facts.Id.Value),
            InputCheck.Defined("Facts.Kind", facts.Kind),
            InputCheck.Instant("Facts.OccurredAt", facts.OccurredAt),
            InputCheck.Text(nameof(request.VisitorId), request.VisitorId, InputLimits.MaxIdLength),
            InputCheck.Id(nameof(request.ClickId), request.ClickId is { } click ? click.Value : string.Empty),
            InputCheck.Text(nameof(request.ReferralCode), request.ReferralCode, InputLimits.MaxCodeLength),
            InputCheck.Id(
                nameof(request.CustomerId),
                request.CustomerId is { } customer ? customer.Value : string.Empty
            ),
            InputCheck.Text(nameof(request.CustomerEmail), request.CustomerEmail, InputLimits.MaxEmailLength),
            FactsProblem(facts)
        );
    }

    public static AffiliateError? Problem(RefundRequest request) =>
        InputCheck.First(
            InputCheck.Id(nameof(request.ConversionId), request.ConversionId.Value),
            InputCheck.Required(nameof(request.RefundId), request.RefundId, InputLimits.MaxIdLength),
            InputCheck.Text(nameof(request.Reason), request.Reason, InputLimits.MaxReasonLength),
            InputCheck.Defined(nameof(request.Kind), request.Kind),
            InputCheck.Amount(nameof(request.Amount), request.Amount),
            InputCheck.Instant(nameof(request.OccurredAt), request.OccurredAt)
        );

    /// <summary>
    /// The facts with every amount rounded to its currency's minor unit by <paramref name="rounding"/>.
    /// </summary>
    public static ConversionFacts Rounded(ConversionFacts facts, MidpointRounding rounding)
    {
        static Money? Round(Money? amount, MidpointRounding mode) => amount?.Round(mode);
        var items = facts.Items;
        if (items.Any(i => !i.UnitPrice.IsRounded || i.Discount is { IsRounded: false }))
        {
            items = items
                .Select(i => i with { UnitPrice = i.UnitPrice.Round(rounding), Discount = Round(i.Discount, rounding) })
                .ToArray();
        }

        return facts with
        {
            Items = items,
            Amount = Round(facts.Amount, rounding),
            OrderDiscount = Round(facts.OrderDiscount, rounding),
            Shipping = Round(facts.Shipping, rounding),
            Tax = Round(facts.Tax, rounding),
        };
    }

    private static AffiliateError? FactsProblem(ConversionFacts facts)
    {
        if (facts.Items is null)
        {
            return Invalid("Facts.Items is null; give an empty list.");
        }

        var amounts = InputCheck.First(
            InputCheck.Text("Facts.CouponCode", facts.CouponCode, InputLimits.MaxCodeLength),
            InputCheck.Text("Facts.Country", facts.Country, InputLimits.MaxCodeLength),
            InputCheck.Text("Facts.EventName", facts.EventName, InputLimits.MaxCodeLength),
            InputCheck.Amount("Facts.Amount", facts.Amount),
            InputCheck.Amount("Facts.OrderDiscount", facts.OrderDiscount),
            InputCheck.Amount("Facts.Shipping", facts.Shipping),
            InputCheck.Amount("Facts.Tax", facts.Tax)
        );
        if (amounts is not null)
        {
            return amounts;
        }

        if (
            facts.Subscription is { } subscription
            && InputCheck.First(
                InputCheck.Required(
                    "Facts.Subscription.SubscriptionId",
                    subscription.SubscriptionId,
                    InputLimits.MaxIdLength
                ),
                InputCheck.Instant("Facts.Subscription.StartedAt", subscription.StartedAt)
            )
                is { } subscriptionProblem
        )
        {
            return subscriptionProblem;
        }

        for (var i = 0; i < facts.Items.Count; i++)
        {
            if (ItemProblem($"Facts.Items[{i}]", facts.Items[i]) is { } itemProblem)
            {
                return itemProblem;
            }
        }

        // Each item fits; their sum must too (the conversion's amount is stored).
        if (facts.Items.Count > 0 && facts.Items.Select(i => i.UnitPrice.Currency).Distinct().Count() == 1)
        {
            var subtotal = Money.Sum(facts.Items.Select(i => i.Gross), facts.Items[0].UnitPrice.Currency);
            return InputCheck.Amount("The sum of Facts.Items", subtotal);
        }

        return null;
    }

    private static AffiliateError? ItemProblem(string field, LineItem? item)
    {
        if (item is null)
        {
            return Invalid($"{field} is null.");
        }

        if (item.Categories is null || item.Categories.Any(c => c is null))
        {
            return Invalid($"{field}.Categories is null or holds a null; give an empty list.");
        }

        if (item.Quantity > InputLimits.MaxQuantity)
        {
            return new AffiliateError(
                AffiliateErrorCodes.AmountOutOfRange,
                $"{field}.Quantity of {item.Quantity} is more than the {InputLimits.MaxQuantity} accepted."
            );
        }

        return InputCheck.First(
            InputCheck.Text($"{field}.ProductId", item.ProductId, InputLimits.MaxIdLength),
            item.Categories.Select((c, i) => InputCheck.Text($"{field}.Categories[{i}]", c, InputLimits.MaxCodeLength))
                .FirstOrDefault(p => p is not null),
            InputCheck.Amount($"{field}.UnitPrice", item.UnitPrice),
            InputCheck.Amount($"{field}.Discount", item.Discount),
            item.Quantity < 1 || item.UnitPrice.Currency.IsDefault
                ? null
                : InputCheck.Amount($"{field} (price times quantity)", item.Gross)
        );
    }

    private static AffiliateError Invalid(string description) => new(AffiliateErrorCodes.InvalidRequest, description);
}
