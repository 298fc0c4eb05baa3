namespace Affiliate;

/// <summary>
/// What a percentage is taken of. By default the sale subtotal after discounts: shipping and tax are left out
/// unless included here.
/// </summary>
public sealed record SaleBasisOptions
{
    /// <summary>The default basis: subtotal after discounts, without shipping or tax.</summary>
    public static SaleBasisOptions Default { get; } = new();

    /// <summary>Include shipping charges in the basis.</summary>
    public bool IncludeShipping { get; init; }

    /// <summary>Include tax in the basis.</summary>
    public bool IncludeTax { get; init; }
}
