using System.Text;
using Affiliate.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Data;

/// <summary>
/// The shop's own DbContext: its products, orders and settings, with the affiliate tables joined to it by
/// <c>modelBuilder.UseAffiliates()</c>, so one database and one connection string serve both.
/// </summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    /// <summary>The catalogue.</summary>
    public DbSet<Product> Products => Set<Product>();

    /// <summary>The orders.</summary>
    public DbSet<Order> Orders => Set<Order>();

    /// <summary>The orders' lines.</summary>
    public DbSet<OrderLine> OrderLines => Set<OrderLine>();

    /// <summary>The shop's settings.</summary>
    public DbSet<ShopSetting> Settings => Set<ShopSetting>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.UseAffiliates();

        modelBuilder.Entity<Product>(e =>
        {
            e.ToTable("shop_products");
            e.HasKey(p => p.Id);
            e.HasIndex(p => p.Slug).IsUnique();
        });
        modelBuilder.Entity<Order>(e =>
        {
            e.ToTable("shop_orders");
            e.HasKey(o => o.Id);
            e.Ignore(o => o.PlacedAt);
            e.Ignore(o => o.FullyRefunded);
            e.HasMany(o => o.Lines).WithOne().HasForeignKey(l => l.OrderId);
        });
        modelBuilder.Entity<OrderLine>(e =>
        {
            e.ToTable("shop_order_lines");
            e.HasKey(l => new { l.OrderId, l.LineNumber });
        });
        modelBuilder.Entity<ShopSetting>(e =>
        {
            e.ToTable("shop_settings");
            e.HasKey(s => s.Key);
        });

        // The shop's columns in snake_case, as ShopSchema creates them; the library's entities keep their own names.
        foreach (var type in new[] { typeof(Product), typeof(Order), typeof(OrderLine), typeof(ShopSetting) })
        {
            foreach (var property in modelBuilder.Entity(type).Metadata.GetProperties())
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder(name.Length + 8);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
