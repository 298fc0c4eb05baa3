namespace Affiliate.AspNetCore;

/// <summary>A partner's own profile as the partner API shows it (no IP hashes, no customer binding).</summary>
public sealed record PartnerProfileView(
    PartnerId Id,
    string Name,
    string? Email,
    PartnerStatus Status,
    PartnerSegment? Segment,
    PartnerTier? Tier,
    IReadOnlyList<ReferralCode> ReferralCodes,
    Currency? PayoutCurrency,
    Money? PayoutThreshold,
    Instant JoinedAt
)
{
    internal static PartnerProfileView Of(Partner p) =>
        new(
            p.Id,
            p.Name,
            p.Email,
            p.Status,
            p.Segment,
            p.Tier,
            p.ReferralCodes,
            p.PayoutCurrency,
            p.PayoutThreshold,
            p.JoinedAt
        );
}

/// <summary>One of the partner's clicks; the visitor id, IP and user agent are the visitor's, not shown.</summary>
public sealed record PartnerClickView(
    ClickId Id,
    Instant OccurredAt,
    string? LinkId,
    IReadOnlyList<string> SubIds,
    string? LandingUrl,
    string? Country,
    bool Attributable
)
{
    internal static PartnerClickView Of(Click c) =>
        new(c.Id, c.OccurredAt, c.LinkId, c.SubIds, c.LandingUrl, c.Country, c.Attributable);
}

/// <summary>One of the partner's commission lines with the sentence that explains it.</summary>
public sealed record PartnerLineView(
    CommissionLineId Id,
    ConversionId? ConversionId,
    LedgerEntryKind Kind,
    int Level,
    Money Amount,
    CommissionState State,
    Instant CreatedAt,
    Instant? ApprovableAt,
    PayoutId? PayoutId,
    string Explanation
)
{
    internal static PartnerLineView Of(CommissionLine l) =>
        new(
            l.Id,
            l.ConversionId,
            l.Kind,
            l.Level,
            l.Amount,
            l.State,
            l.CreatedAt,
            l.ApprovableAt,
            l.PayoutId,
            l.Explanation
        );
}

/// <summary>
/// A conversion credited to the partner, with the partner's own lines and their explanations; other partners'
/// shares, the customer and the visitor are not shown.
/// </summary>
public sealed record PartnerConversionView(
    ConversionId Id,
    ConversionKind Kind,
    Instant OccurredAt,
    Money Amount,
    Money Refunded,
    ConversionStatus Status,
    IReadOnlyList<string> SubIds,
    string? CouponCode,
    IReadOnlyList<PartnerLineView> Lines
)
{
    /// <summary>The sentences a partner reads about this conversion, one per statement entry.</summary>
    public IReadOnlyList<string> Explanations { get; init; } = [];

    internal static PartnerConversionView Of(Conversion c, IEnumerable<CommissionLine> lines) =>
        new(
            c.Id,
            c.Kind,
            c.OccurredAt,
            c.Amount,
            c.Refunded,
            c.Status,
            c.SubIds,
            c.CouponCode,
            lines.Select(PartnerLineView.Of).ToArray()
        );
}

/// <summary>A page of a list and the cursor of the next page (null on the last).</summary>
public sealed record PageView<T>(IReadOnlyList<T> Items, string? NextCursor);

/// <summary>A partner's statement for a period: their lines and the entries a partner reads.</summary>
public sealed record PartnerStatementView(
    LocalDate From,
    LocalDate Until,
    IReadOnlyList<PartnerLineView> Lines,
    IReadOnlyList<StatementEntry> Entries,
    IReadOnlyList<Money> Totals
);

/// <summary>A payout of the partner with its lines and entries.</summary>
public sealed record PartnerPayoutStatementView(
    Payout Payout,
    IReadOnlyList<PartnerLineView> Lines,
    IReadOnlyList<StatementEntry> Entries
);
