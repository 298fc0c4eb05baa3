namespace Affiliate.Stores;

// Partners' links: keyed by id, listed per partner newest first (created, then id by code point) as the databases do.
public sealed partial class InMemoryAffiliateStore : ILinkStore
{
    private readonly Dictionary<string, PartnerLink> _links = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public ValueTask<PartnerLink?> FindLinkAsync(string linkId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(linkId);
        lock (_gate)
        {
            return ValueTask.FromResult(_links.GetValueOrDefault(linkId));
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddLinkAsync(PartnerLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            // Instants kept to the tick, as the databases keep them.
            var stored = link with { CreatedAt = Instant.FromUnixTimeTicks(link.CreatedAt.ToUnixTimeTicks()) };
            return Result(
                _links.TryAdd(link.Id, stored)
                    ? StoreWriteResult.Written
                    : StoreWriteResult.Duplicate($"link {link.Id}")
            );
        }
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> DeactivateLinkAsync(
        PartnerId partnerId,
        string linkId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(linkId);
        lock (_gate)
        {
            if (!_links.TryGetValue(linkId, out var link) || link.PartnerId != partnerId)
            {
                return Result(StoreWriteResult.Conflict($"no link {linkId} of partner {partnerId}"));
            }

            _links[linkId] = link with { Active = false };
            return Result(StoreWriteResult.Written);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<PartnerLink>> ListLinksAsync(
        PartnerId partnerId,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        if (limit <= 0)
        {
            return ValueTask.FromResult<IReadOnlyList<PartnerLink>>([]);
        }

        lock (_gate)
        {
            IReadOnlyList<PartnerLink> page =
            [
                .. _links
                    .Values.Where(l =>
                        l.PartnerId == partnerId && (after is not { } position || position.Precedes(l.CreatedAt, l.Id))
                    )
                    .OrderByDescending(l => l.CreatedAt)
                    .ThenByDescending(l => l.Id, IdOrder.Instance)
                    .Take(limit),
            ];
            return ValueTask.FromResult(page);
        }
    }
}
