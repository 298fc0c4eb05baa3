namespace Affiliate.Stores;

/// <summary>
/// Stores partners' links (<see cref="PartnerLink"/>). The link id is the key and the idempotency key: a second add
/// with the same id writes nothing and answers <see cref="StoreWriteStatus.Duplicate"/>. Hosts use
/// <see cref="PartnerLinks"/>, which validates input and compares a duplicate's content.
/// </summary>
public interface ILinkStore
{
    /// <summary>A link by id, active or not; null when none has that id.</summary>
    ValueTask<PartnerLink?> FindLinkAsync(string linkId, CancellationToken cancellationToken);

    /// <summary>Adds a link; Duplicate, writing nothing, when a link with its id exists (whoever's it is).</summary>
    ValueTask<StoreWriteResult> AddLinkAsync(PartnerLink link, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the partner's link inactive. Written when the link is the partner's (also when it was inactive
    /// already); Conflict, writing nothing, when no link of that partner has the id.
    /// </summary>
    ValueTask<StoreWriteResult> DeactivateLinkAsync(
        PartnerId partnerId,
        string linkId,
        CancellationToken cancellationToken
    );

    /// <summary>
    /// At most <paramref name="limit"/> of the partner's links (active or not), newest first (created descending,
    /// then id descending by code point), after <paramref name="after"/> (from the start when null). One indexed
    /// read of (partner, created, id).
    /// </summary>
    ValueTask<IReadOnlyList<PartnerLink>> ListLinksAsync(
        PartnerId partnerId,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    );
}
