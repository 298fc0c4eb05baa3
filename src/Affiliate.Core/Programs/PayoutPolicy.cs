namespace Affiliate;

/// <summary>When and above which balance partners are paid, and whether refunds after payout are clawed back.</summary>
public sealed record PayoutPolicy
{
    /// <summary>
    /// The least approved balance paid out, per currency (50.00 EUR, 5000 JPY...). A currency without a threshold
    /// pays any positive balance. A partner's own <see cref="Partner.PayoutThreshold"/> wins.
    /// </summary>
    public IReadOnlyList<Money> Thresholds { get; init; } = [];

    /// <summary>When payouts run, in the program's time zone; monthly on the 1st by default.</summary>
    public PayoutSchedule Schedule { get; init; } = PayoutSchedule.MonthlyOnDay(1);

    /// <summary>
    /// When true (the default), a refund after payout creates a negative line deducted from the partner's next
    /// payout. When false the reversal is recorded but not recovered.
    /// </summary>
    public bool AllowClawback { get; init; } = true;

    /// <summary>The threshold for a currency (zero when none is set).</summary>
    public Money ThresholdFor(Currency currency) =>
        Thresholds.FirstOrDefault(t => t.Currency == currency) is { Currency.IsDefault: false } threshold
            ? threshold
            : Money.Zero(currency);
}
