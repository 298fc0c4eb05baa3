namespace Affiliate;

/// <summary>
/// Counts of a partner's (or the whole program's) clicks, conversions and refunded conversions over
/// <see cref="FraudOptions.PartnerActivityWindow"/>, gathered by the caller for the rate rules.
/// </summary>
/// <param name="Clicks">Clicks in the window.</param>
/// <param name="Conversions">Conversions in the window.</param>
/// <param name="RefundedConversions">Of those conversions, how many were refunded (fully or partly).</param>
public sealed record PartnerActivity(int Clicks, int Conversions, int RefundedConversions)
{
    /// <summary>Clicks in the window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int Clicks
    {
        get;
        init => field = NotNegative(value, nameof(Clicks));
    } = NotNegative(Clicks, nameof(Clicks));

    /// <summary>Conversions in the window.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int Conversions
    {
        get;
        init => field = NotNegative(value, nameof(Conversions));
    } = NotNegative(Conversions, nameof(Conversions));

    /// <summary>Of those conversions, how many were refunded (fully or partly).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int RefundedConversions
    {
        get;
        init => field = NotNegative(value, nameof(RefundedConversions));
    } = NotNegative(RefundedConversions, nameof(RefundedConversions));

    /// <summary>
    /// Of the conversions, how many came through a click; the conversion rate counts only these, since coupon and
    /// lifetime-customer sales have no click to convert. Null means all of them.
    /// </summary>
    public int? ClickedConversions { get; init; }

    /// <summary>No activity at all.</summary>
    public static PartnerActivity None { get; } = new(0, 0, 0);

    /// <summary>Conversions per click as a fraction (0.025 is 2.5%); 0 when there were no clicks.</summary>
    public decimal ConversionRate => Clicks == 0 ? 0m : (decimal)(ClickedConversions ?? Conversions) / Clicks;

    /// <summary>
    /// Refunded conversions per conversion as a fraction (0.3 is 30%); 0 when there were no conversions.
    /// </summary>
    public decimal RefundRate => Conversions == 0 ? 0m : (decimal)RefundedConversions / Conversions;

    private static int NotNegative(int value, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }
}
