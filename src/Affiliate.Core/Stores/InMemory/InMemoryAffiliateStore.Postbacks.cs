namespace Affiliate.Stores;

// Partners' postback URL templates: one per partner, replaced on save.
public sealed partial class InMemoryAffiliateStore : IPartnerPostbackStore
{
    private readonly Dictionary<PartnerId, PartnerPostback> _postbacks = [];

    /// <inheritdoc />
    public ValueTask<PartnerPostback?> FindPostbackAsync(PartnerId partnerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_postbacks.GetValueOrDefault(partnerId));
        }
    }

    /// <inheritdoc />
    public ValueTask SavePostbackAsync(PartnerPostback postback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postback);
        lock (_gate)
        {
            _postbacks[postback.PartnerId] = postback;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<bool> DeletePostbackAsync(PartnerId partnerId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_postbacks.Remove(partnerId));
        }
    }
}
