namespace Affiliate.Stores;

/// <summary>
/// Stores each partner's postback URL template (<see cref="PartnerPostbacks"/>): one row per partner, replaced on
/// save. Kept apart from <see cref="IPartnerStore"/> so that setting a postback neither bumps the partner's version
/// nor competes with profile edits.
/// </summary>
public interface IPartnerPostbackStore
{
    /// <summary>The partner's postback, or null when it has none.</summary>
    ValueTask<PartnerPostback?> FindPostbackAsync(PartnerId partnerId, CancellationToken cancellationToken);

    /// <summary>Adds the partner's postback or replaces the one it has.</summary>
    ValueTask SavePostbackAsync(PartnerPostback postback, CancellationToken cancellationToken);

    /// <summary>Removes the partner's postback; false when it had none.</summary>
    ValueTask<bool> DeletePostbackAsync(PartnerId partnerId, CancellationToken cancellationToken);
}
