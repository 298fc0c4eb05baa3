namespace Affiliate;

/// <summary>
/// Rates that change over the life of a subscription: "40% for the first 3 months, then 20%", or "5.00 for the first
/// 12 renewals, then 2.00, then nothing". Steps run in order; a step without a length lasts forever, and after the
/// last limited step the rule stops paying.
/// </summary>
/// <example><code>
/// new RecurringSchedule
/// {
///     Unit = RecurringUnit.Months,
///     Steps = [new(CommissionRate.Percent(40), For: 3), new(CommissionRate.Percent(20))],
/// }
/// </code></example>
public sealed record RecurringSchedule
{
    /// <summary>What the steps count.</summary>
    public RecurringUnit Unit { get; init; } = RecurringUnit.Payments;

    /// <summary>The steps, in order.</summary>
    public required IReadOnlyList<RecurringStep> Steps { get; init; }

    /// <summary>The step for a position (1-based) in the subscription, or null when the schedule has ended.</summary>
    public (RecurringStep Step, int Index)? StepFor(int position)
    {
        if (position < 1)
        {
            return null;
        }

        var end = 0;
        for (var i = 0; i < Steps.Count; i++)
        {
            if (Steps[i].For is not { } length)
            {
                return (Steps[i], i);
            }

            end += length;
            if (position <= end)
            {
                return (Steps[i], i);
            }
        }

        return null;
    }
}

/// <summary>One step of a <see cref="RecurringSchedule"/>.</summary>
/// <param name="Rate">The rate during the step.</param>
/// <param name="For">How many units (payments, renewals or months) the step lasts; null for ever.</param>
public sealed record RecurringStep(CommissionRate Rate, int? For = null);

/// <summary>What a <see cref="RecurringSchedule"/> counts.</summary>
public enum RecurringUnit
{
    /// <summary>Subscription payments, the first (initial) payment being number 1.</summary>
    Payments = 0,

    /// <summary>
    /// Renewals only: the payment after the first is renewal 1; the initial payment is not priced by the rule.
    /// </summary>
    Renewals = 1,

    /// <summary>
    /// Months since the subscription started, in the program's time zone; the first month is month 1.
    /// </summary>
    Months = 2,
}
