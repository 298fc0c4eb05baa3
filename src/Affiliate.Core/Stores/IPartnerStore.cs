namespace Affiliate.Stores;

/// <summary>
/// Stores partners. Referral codes are unique across partners, compared by <see cref="ReferralCode.Normalized"/>.
/// </summary>
public interface IPartnerStore
{
    /// <summary>A partner by id.</summary>
    ValueTask<Partner?> FindAsync(PartnerId id, CancellationToken cancellationToken);

    /// <summary>The partner who owns a referral code (ignoring case).</summary>
    ValueTask<Partner?> FindByReferralCodeAsync(ReferralCode code, CancellationToken cancellationToken);

    /// <summary>
    /// Adds a partner (version 1) with its events. Duplicate when the id exists; Conflict when one of its codes is
    /// taken.
    /// </summary>
    ValueTask<StoreWriteResult> CreateAsync(
        Partner partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// Replaces a partner if it still has the expected version. Conflict on a version mismatch or a taken code.
    /// </summary>
    ValueTask<StoreWriteResult> UpdateAsync(
        Versioned<Partner> partner,
        IReadOnlyList<AffiliateEvent> events,
        CancellationToken cancellationToken
    );

    /// <summary>Partners matching a query, ordered by id.</summary>
    ValueTask<IReadOnlyList<Partner>> QueryAsync(PartnerQuery query, CancellationToken cancellationToken);
}

/// <summary>A filter over partners.</summary>
public sealed record PartnerQuery
{
    /// <summary>Only partners in this status.</summary>
    public PartnerStatus? Status { get; init; }

    /// <summary>Only partners sponsored by this partner.</summary>
    public PartnerId? SponsorId { get; init; }

    /// <summary>How many to skip.</summary>
    public int Skip { get; init; }

    /// <summary>How many at most.</summary>
    public int Take { get; init; } = 1000;
}
