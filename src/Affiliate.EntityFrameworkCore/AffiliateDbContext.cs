using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore;

/// <summary>
/// A DbContext with only the affiliate tables, for hosts that keep them apart from their own. Hosts that want one
/// transaction for their orders and conversions call <c>modelBuilder.UseAffiliates()</c> in their own context instead.
/// </summary>
public class AffiliateDbContext(DbContextOptions<AffiliateDbContext> options) : DbContext(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.UseAffiliates();
    }
}
