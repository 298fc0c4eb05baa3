namespace Affiliate;

/// <summary>
/// The kind of partner (influencer, review site, coupon site...), used by plan conditions. The well-known segments
/// are static properties; any other name makes a custom segment. Compared case-insensitively.
/// </summary>
public readonly record struct PartnerSegment
{
    /// <summary>Creates a segment by name (custom segments included).</summary>
    public PartnerSegment(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name.Trim();
    }

    /// <summary>The segment's name.</summary>
    public string Name { get; }

    /// <summary>Social media influencers.</summary>
    public static PartnerSegment Influencer { get; } = new("influencer");

    /// <summary>Bloggers, video and newsletter creators.</summary>
    public static PartnerSegment ContentCreator { get; } = new("content-creator");

    /// <summary>Comparison and review sites.</summary>
    public static PartnerSegment ReviewSite { get; } = new("review-site");

    /// <summary>Cashback and loyalty portals.</summary>
    public static PartnerSegment CashbackLoyalty { get; } = new("cashback-loyalty");

    /// <summary>Coupon and deal sites.</summary>
    public static PartnerSegment CouponSite { get; } = new("coupon-site");

    /// <summary>Resellers and agencies.</summary>
    public static PartnerSegment Reseller { get; } = new("reseller");

    /// <inheritdoc />
    public bool Equals(PartnerSegment other) => string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override int GetHashCode() => Name is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(Name);

    /// <inheritdoc />
    public override string ToString() => Name ?? string.Empty;
}
