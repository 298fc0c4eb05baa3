namespace Affiliate;

/// <summary>Everything the pricing engine needs to price one conversion.</summary>
public sealed record PricingRequest
{
    /// <summary>The plan; the version in force at the conversion is used.</summary>
    public required CommissionPlan Plan { get; init; }

    /// <summary>The conversion.</summary>
    public required ConversionFacts Conversion { get; init; }

    /// <summary>The partner credited with the conversion (level 1).</summary>
    public required Partner Seller { get; init; }

    /// <summary>
    /// The seller's sponsor chain, direct sponsor first (level 2, then 3...). Only used by multi-level plans.
    /// </summary>
    public IReadOnlyList<Partner> Uplines { get; init; } = [];

    /// <summary>The seller's earlier conversions, for volume tiers and bonuses.</summary>
    public IPartnerVolume Volume { get; init; } = NoVolume.Instance;

    /// <summary>The program's time zone: calendar months and subscription months are counted in it.</summary>
    public DateTimeZone TimeZone { get; init; } = DateTimeZone.Utc;
}
