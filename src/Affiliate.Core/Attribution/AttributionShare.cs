namespace Affiliate;

/// <summary>
/// One partner's part of the credit for a conversion. A partner appears at most once per
/// <see cref="AttributionResult"/>: all its touches that counted are merged into one share.
/// </summary>
/// <param name="PartnerId">The credited partner.</param>
/// <param name="Weight">
/// The partner's weight, above zero. Weights need not add up to 1 (time-decay weights do not); use
/// <see cref="Fraction"/> for the partner's part of the whole.
/// </param>
/// <param name="Kind">The kind of the partner's deciding touch (its latest touch that counted).</param>
/// <param name="ClickId">The partner's latest click that counted, or null when none did (a coupon or a
/// binding).</param>
public sealed record AttributionShare(PartnerId PartnerId, decimal Weight, TouchKind Kind, ClickId? ClickId)
{
    /// <summary>The partner's weight, above zero.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The weight is zero or negative.</exception>
    public decimal Weight
    {
        get;
        init => field = Positive(value);
    } = Positive(Weight);

    /// <summary>
    /// <see cref="Weight"/> divided by the total weight of the result's shares: the shares' fractions add up to 1
    /// (exactly for a single share, otherwise to within a few units of the 28th decimal place). Zero on a share that
    /// does not belong to an <see cref="AttributionResult"/>.
    /// </summary>
    public decimal Fraction { get; init; }

    /// <summary>
    /// When the deciding touch happened: the click, the conversion for a coupon, the binding's start.
    /// </summary>
    public Instant At { get; init; }

    private static decimal Positive(decimal weight) =>
        weight > 0m
            ? weight
            : throw new ArgumentOutOfRangeException(
                nameof(weight),
                weight,
                "A share's weight must be above zero; leave partners without credit out of the result."
            );
}
