using Affiliate.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.AspNetCore.Tests.Infrastructure;

/// <summary>A host's own DbContext with the library's tables joined to it, as a shop would have.</summary>
public sealed class TestShopContext(DbContextOptions<TestShopContext> options) : DbContext(options)
{
    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.UseAffiliates();
}
