namespace Affiliate;

/// <summary>A partner's application to join (or an admin creating a partner).</summary>
public sealed record PartnerApplication
{
    /// <summary>The partner's id; the host's user id is a good choice. A new id when null.</summary>
    public PartnerId? Id { get; init; }

    /// <summary>Display name.</summary>
    public required string Name { get; init; }

    /// <summary>E-mail (compared, normalised, with customers' to catch self-referrals).</summary>
    public string? Email { get; init; }

    /// <summary>Referral codes the partner wants (URL-safe, unique ignoring case).</summary>
    public IReadOnlyList<string> ReferralCodes { get; init; } = [];

    /// <summary>The partner's segment.</summary>
    public PartnerSegment? Segment { get; init; }

    /// <summary>The referral code of the partner who recruited this one (multi-level programs).</summary>
    public string? SponsorCode { get; init; }

    /// <summary>The partner's own customer account in the host, if any.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>The currency the partner wants to be paid in.</summary>
    public Currency? PayoutCurrency { get; init; }

    /// <summary>Approve at once instead of waiting for review.</summary>
    public bool AutoApprove { get; init; }
}
