using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

// Partners' links (schema 9): reads by primary key, a partner's keyset page on (partner_id, created_at, id), and a
// deactivation that is one UPDATE guarded by the partner, so no partner can touch another's link.
public sealed partial class EntityFrameworkAffiliateStore : ILinkStore
{
    /// <inheritdoc />
    public async ValueTask<PartnerLink?> FindLinkAsync(string linkId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(linkId);
        var row = await Set<PartnerLinkRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(l => l.Id == linkId, cancellationToken)
            .ConfigureAwait(false);
        return row is null ? null : LinkOf(row);
    }

    /// <inheritdoc />
    public ValueTask<StoreWriteResult> AddLinkAsync(PartnerLink link, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        return WriteAsync(
            async staged =>
            {
                if (await LinkExistsAsync(link.Id, cancellationToken).ConfigureAwait(false))
                {
                    return StoreWriteResult.Duplicate($"link {link.Id}");
                }

                staged.Add(LinkRow(link));
                return null;
            },
            async () =>
                await LinkExistsAsync(link.Id, cancellationToken).ConfigureAwait(false)
                    ? StoreWriteResult.Duplicate($"link {link.Id}")
                    : StoreWriteResult.Conflict($"link {link.Id} collided"),
            cancellationToken
        );
    }

    /// <inheritdoc />
    public async ValueTask<StoreWriteResult> DeactivateLinkAsync(
        PartnerId partnerId,
        string linkId,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(linkId);
        var partner = partnerId.Value;
        var changed = await Set<PartnerLinkRow>()
            .Where(l => l.Id == linkId && l.PartnerId == partner)
            .ExecuteUpdateAsync(set => set.SetProperty(l => l.Active, false), cancellationToken)
            .ConfigureAwait(false);
        return changed == 1
            ? StoreWriteResult.Written
            : StoreWriteResult.Conflict($"no link {linkId} of partner {partnerId}");
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<PartnerLink>> ListLinksAsync(
        PartnerId partnerId,
        ListPosition? after,
        int limit,
        CancellationToken cancellationToken
    )
    {
        if (limit <= 0)
        {
            return [];
        }

        var partner = partnerId.Value;
        var rows = Set<PartnerLinkRow>().AsNoTracking().Where(l => l.PartnerId == partner);
        var page = Newest(After(rows, l => l.CreatedAt, l => l.Id, after), l => l.CreatedAt, l => l.Id).Take(limit);
        return (await page.ToListAsync(cancellationToken).ConfigureAwait(false)).Select(LinkOf).ToArray();
    }

    private Task<bool> LinkExistsAsync(string linkId, CancellationToken cancellationToken) =>
        Set<PartnerLinkRow>().AnyAsync(l => l.Id == linkId, cancellationToken);

    private static PartnerLinkRow LinkRow(PartnerLink link) =>
        new()
        {
            Id = link.Id,
            PartnerId = link.PartnerId.Value,
            Destination = link.Destination,
            Sub1 = link.Sub1,
            Sub2 = link.Sub2,
            Sub3 = link.Sub3,
            Sub4 = link.Sub4,
            Sub5 = link.Sub5,
            Name = link.Name,
            CreatedAt = RowMapper.Ticks(link.CreatedAt),
            Active = link.Active,
        };

    private static PartnerLink LinkOf(PartnerLinkRow row) =>
        new()
        {
            Id = row.Id,
            PartnerId = new PartnerId(row.PartnerId),
            Destination = row.Destination,
            Sub1 = row.Sub1,
            Sub2 = row.Sub2,
            Sub3 = row.Sub3,
            Sub4 = row.Sub4,
            Sub5 = row.Sub5,
            Name = row.Name,
            CreatedAt = RowMapper.Instant(row.CreatedAt),
            Active = row.Active,
        };
}
