namespace Affiliate;

/// <summary>
/// When a rule or bonus applies. Every condition that is set must hold; an empty list means "any". Products and
/// categories are matched per line item, everything else per conversion.
/// </summary>
/// <example><code>
/// new RuleConditions { Countries = ["DE", "AT"], Categories = ["books"], SaleType = SaleType.New }
/// </code></example>
public sealed record RuleConditions
{
    /// <summary>No conditions: the rule always applies.</summary>
    public static RuleConditions Always { get; } = new();

    /// <summary>Partner segments the rule is for.</summary>
    public IReadOnlyList<PartnerSegment> Segments { get; init; } = [];

    /// <summary>Partner tiers the rule is for.</summary>
    public IReadOnlyList<PartnerTier> Tiers { get; init; } = [];

    /// <summary>Customer countries (ISO 3166 codes, compared ignoring case).</summary>
    public IReadOnlyList<string> Countries { get; init; } = [];

    /// <summary>Product ids (SKUs) the rule prices; matched per item.</summary>
    public IReadOnlyList<string> Products { get; init; } = [];

    /// <summary>
    /// Product categories the rule prices; matched per item (an item matches if any of its categories does).
    /// </summary>
    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>New sales, recurring sales or both.</summary>
    public SaleType SaleType { get; init; } = SaleType.Any;

    /// <summary>True: only orders with a coupon; false: only orders without one; null: either.</summary>
    public bool? CouponUsed { get; init; }

    /// <summary>
    /// True: only a new customer's first purchase in the program; false: only returning customers' purchases; null:
    /// either. A conversion whose newness is unknown (no customer id and none given by the host) matches neither.
    /// </summary>
    public bool? NewCustomer { get; init; }

    /// <summary>Specific coupon codes (compared ignoring case); implies a coupon was used.</summary>
    public IReadOnlyList<string> CouponCodes { get; init; } = [];

    /// <summary>Names of custom events (for <see cref="ConversionKind.Custom"/>), compared ignoring case.</summary>
    public IReadOnlyList<string> EventNames { get; init; } = [];

    /// <summary>True when a condition looks at line items (products or categories).</summary>
    public bool IsItemLevel => Products.Count > 0 || Categories.Count > 0;

    /// <summary>
    /// How specific the conditions are, for <see cref="RulePrecedence.MostSpecific"/>: one point per condition set,
    /// and two for products because a product is narrower than any category it belongs to.
    /// </summary>
    public int Specificity =>
        (Segments.Count > 0 ? 1 : 0)
        + (Tiers.Count > 0 ? 1 : 0)
        + (Countries.Count > 0 ? 1 : 0)
        + (Products.Count > 0 ? 2 : 0)
        + (Categories.Count > 0 ? 1 : 0)
        + (SaleType != SaleType.Any ? 1 : 0)
        + (CouponUsed is not null || CouponCodes.Count > 0 ? 1 : 0)
        + (EventNames.Count > 0 ? 1 : 0)
        + (NewCustomer is not null ? 1 : 0);

    /// <summary>Whether the conversion-level conditions hold for a conversion by a partner.</summary>
    internal bool MatchesConversion(ConversionFacts conversion, Partner partner)
    {
        if (Segments.Count > 0 && (partner.Segment is not { } segment || !Contains(Segments, segment)))
        {
            return false;
        }

        if (Tiers.Count > 0 && (partner.Tier is not { } tier || !Contains(Tiers, tier)))
        {
            return false;
        }

        if (Countries.Count > 0 && !ContainsIgnoringCase(Countries, conversion.Country))
        {
            return false;
        }

        if (
            SaleType == SaleType.New && conversion.IsRecurring
            || SaleType == SaleType.Recurring && !conversion.IsRecurring
        )
        {
            return false;
        }

        // Unknown newness (null) matches neither a new- nor a returning-customer rule.
        if (NewCustomer is { } wantsNew && conversion.NewCustomer != wantsNew)
        {
            return false;
        }

        var hasCoupon = !string.IsNullOrEmpty(conversion.CouponCode);
        if (CouponUsed is { } mustHave && mustHave != hasCoupon)
        {
            return false;
        }

        if (CouponCodes.Count > 0 && !ContainsIgnoringCase(CouponCodes, conversion.CouponCode))
        {
            return false;
        }

        return EventNames.Count == 0 || ContainsIgnoringCase(EventNames, conversion.EventName);
    }

    /// <summary>
    /// Whether the item-level conditions hold for one item; items without a product (shipping) match only rules without
    /// item conditions.
    /// </summary>
    internal bool MatchesItem(LineItem? item)
    {
        if (!IsItemLevel)
        {
            return true;
        }

        if (item is null)
        {
            return false;
        }

        if (Products.Count > 0 && !ContainsIgnoringCase(Products, item.ProductId))
        {
            return false;
        }

        if (Categories.Count == 0)
        {
            return true;
        }

        // Indexed loops, here and below: pricing calls these for every rule and item, and neither a lambda nor an
        // enumerator over an IReadOnlyList comes without an allocation.
        var categories = item.Categories;
        for (var i = 0; i < categories.Count; i++)
        {
            if (ContainsIgnoringCase(Categories, categories[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Contains<T>(IReadOnlyList<T> values, T value)
        where T : IEquatable<T>
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (values[i].Equals(value))
            {
                return true;
            }
        }

        return false;
    }

    private static bool ContainsIgnoringCase(IReadOnlyList<string> values, string? value)
    {
        if (value is null)
        {
            return false;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (string.Equals(values[i], value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
