namespace Affiliate;

/// <summary>
/// Holds a conversion when the same customer (by customer id, else by IP hash) converted with the same
/// amount shortly before: a re-submitted order, or an order split to farm commissions.
/// </summary>
public sealed class DuplicateOrderOptions : FraudRuleOptions
{
    /// <summary>Enabled, holding, any similar conversion in 24 hours.</summary>
    public DuplicateOrderOptions()
        : base(FraudAction.Hold) { }

    /// <summary>The most similar earlier conversions allowed; 0 by default (any is flagged).</summary>
    public int MaxSimilarConversions { get; set; }

    /// <summary>How far back the caller looks for similar conversions; 24 hours by default.</summary>
    public Duration Window { get; set; } = Duration.FromHours(24);
}
