namespace Affiliate.AspNetCore;

/// <summary>A change of a partner's status, with the version of the partner the admin read.</summary>
public sealed record PartnerStatusRequest(long ExpectedVersion, string? Reason = null);

/// <summary>A new profile for a partner, with the version the admin read.</summary>
public sealed record PartnerProfileRequest(PartnerProfile Profile, long ExpectedVersion);

/// <summary>A new sponsor (or none), with the version the admin read.</summary>
public sealed record PartnerSponsorRequest(PartnerId? SponsorId, long ExpectedVersion, string? Reason = null);

/// <summary>A partner's tier (or none) in a program, and why.</summary>
public sealed record PartnerTierRequest(PartnerTier? Tier, IReadOnlyList<string>? Reasons = null);

/// <summary>A plan version to schedule, with the plan revision the admin read.</summary>
public sealed record PlanVersionRequest(PlanVersion Version, long ExpectedRevision);

/// <summary>A review decision on held conversions; the reviewer is the signed-in user.</summary>
public sealed record ReviewDecisionRequest(IReadOnlyList<ConversionId> ConversionIds, bool Approve, string Reason);

/// <summary>One conversion's answer in a batch review.</summary>
public sealed record ReviewedItemView(ConversionId ConversionId, bool Succeeded, bool Replayed, AffiliateError? Error);

/// <summary>What a batch review did, per conversion.</summary>
public sealed record ReviewBatchView(int Decided, int Replayed, int Failed, IReadOnlyList<ReviewedItemView> Items);

/// <summary>A payout paid, with the host's reference (a bank transfer id).</summary>
public sealed record PayoutPaidRequest(string Reference);

/// <summary>A payout failed, and why.</summary>
public sealed record PayoutFailedRequest(string Reason);

/// <summary>A payout run: what it created or why nothing, and the sentence that says so.</summary>
public sealed record PayoutRunView(
    ProgramId ProgramId,
    PayoutRunStatus Status,
    LocalDate RunDate,
    LocalDate? NextPayoutDate,
    IReadOnlyList<Payout> Payouts,
    int BelowThreshold,
    int NotPositive,
    int PartnersNotEarning,
    string Summary
)
{
    internal static PayoutRunView Of(PayoutRun r) =>
        new(
            r.ProgramId,
            r.Status,
            r.RunDate,
            r.NextPayoutDate,
            r.Payouts,
            r.BelowThreshold,
            r.NotPositive,
            r.PartnersNotEarning,
            r.Summary
        );
}
