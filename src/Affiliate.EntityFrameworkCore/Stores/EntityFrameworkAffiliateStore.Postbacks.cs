using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

// Partners' postback URL templates (schema 11): one row per partner, found and replaced by its primary key.
public sealed partial class EntityFrameworkAffiliateStore : IPartnerPostbackStore
{
    /// <inheritdoc />
    public async ValueTask<PartnerPostback?> FindPostbackAsync(PartnerId partnerId, CancellationToken cancellationToken)
    {
        var row = await Set<PartnerPostbackRow>()
            .AsNoTracking()
            .FirstOrDefaultAsync(p => p.PartnerId == partnerId.Value, cancellationToken)
            .ConfigureAwait(false);
        return row is null
            ? null
            : new PartnerPostback(
                new PartnerId(row.PartnerId),
                row.UrlTemplate,
                Instant.FromUnixTimeTicks(row.UpdatedAt)
            );
    }

    /// <inheritdoc />
    public async ValueTask SavePostbackAsync(PartnerPostback postback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postback);
        var provider = AffiliateSchema.ProviderOf(context);
        var table = AffiliateSchema.Table(AffiliateModelOptions.Of(context), provider, "partner_postbacks");

        // One statement on both providers, so two saves racing on a new partner never fail on the key: the later
        // one replaces the earlier.
        var sql =
            "INSERT INTO "
            + table
            + " (partner_id, url_template, updated_at) VALUES ({0}, {1}, {2}) ON CONFLICT (partner_id) DO UPDATE"
            + " SET url_template = excluded.url_template, updated_at = excluded.updated_at";
        await context
            .Database.ExecuteSqlRawAsync(
                sql,
                [postback.PartnerId.Value, postback.UrlTemplate, postback.UpdatedAt.ToUnixTimeTicks()],
                cancellationToken
            )
            .ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeletePostbackAsync(PartnerId partnerId, CancellationToken cancellationToken)
    {
        var deleted = await Set<PartnerPostbackRow>()
            .Where(p => p.PartnerId == partnerId.Value)
            .ExecuteDeleteAsync(cancellationToken)
            .ConfigureAwait(false);
        return deleted > 0;
    }
}
