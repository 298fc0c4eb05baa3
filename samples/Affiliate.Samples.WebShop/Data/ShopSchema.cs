using Affiliate.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Data;

/// <summary>
/// Creates the database at start: the library's tables through <see cref="AffiliateSchema"/>, the shop's own with
/// the few statements below (plain SQL both SQLite and PostgreSQL accept; a real shop would use its migrations).
/// </summary>
public static class ShopSchema
{
    private static readonly string[] Statements =
    [
        """
            CREATE TABLE IF NOT EXISTS shop_products (
                id TEXT PRIMARY KEY, slug TEXT NOT NULL UNIQUE, name TEXT NOT NULL, category TEXT NOT NULL,
                summary TEXT NOT NULL, description TEXT NOT NULL, price_cents BIGINT NOT NULL, hue INTEGER NOT NULL,
                motif TEXT NOT NULL, position INTEGER NOT NULL)
            """,
        """
            CREATE TABLE IF NOT EXISTS shop_orders (
                id TEXT PRIMARY KEY, placed_at_unix_ms BIGINT NOT NULL, email TEXT NOT NULL,
                customer_name TEXT NOT NULL, country TEXT NOT NULL, coupon_code TEXT NULL, items_cents BIGINT NOT NULL,
                discount_cents BIGINT NOT NULL,
                tax_cents BIGINT NOT NULL, shipping_cents BIGINT NOT NULL, total_cents BIGINT NOT NULL,
                refunded_cents BIGINT NOT NULL, affiliate_outcome TEXT NULL)
            """,
        "CREATE INDEX IF NOT EXISTS ix_shop_orders_placed ON shop_orders (placed_at_unix_ms)",
        """
            CREATE TABLE IF NOT EXISTS shop_order_lines (
                order_id TEXT NOT NULL REFERENCES shop_orders (id), line_number INTEGER NOT NULL,
                product_id TEXT NOT NULL, product_name TEXT NOT NULL, category TEXT NOT NULL, quantity INTEGER NOT NULL,
                unit_price_cents BIGINT NOT NULL, PRIMARY KEY (order_id, line_number))
            """,
        "CREATE TABLE IF NOT EXISTS shop_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    ];

    /// <summary>Creates (or upgrades) the library's tables and creates the shop's when missing.</summary>
    public static async Task EnsureCreatedAsync(ShopDbContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        await AffiliateSchema.EnsureCreatedAsync(context, cancellationToken: cancellationToken);
        foreach (var statement in Statements)
        {
            await context.Database.ExecuteSqlRawAsync(statement, cancellationToken);
        }
    }
}
