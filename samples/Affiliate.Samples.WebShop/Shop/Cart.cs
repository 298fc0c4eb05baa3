using System.Globalization;
using Affiliate.Samples.WebShop.Data;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Shop;

/// <summary>
/// The cart, kept in a cookie as <c>productId:quantity</c> pairs: no server state, works with JavaScript off. Prices
/// always come from the catalogue, so an edited cookie can change only what is in the cart.
/// </summary>
public static class Cart
{
    /// <summary>The cookie's name.</summary>
    public const string CookieName = "kb_cart";

    /// <summary>The most of one product a cart holds.</summary>
    public const int MaxQuantity = 20;

    /// <summary>The product ids and quantities in the request's cart.</summary>
    public static Dictionary<string, int> Read(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var pair in (request.Cookies[CookieName] ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split(':');
            if (
                parts.Length == 2
                && parts[0].Length is > 0 and <= 32
                && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var quantity)
                && quantity is > 0 and <= MaxQuantity
            )
            {
                items[parts[0]] = quantity;
            }
        }

        return items;
    }

    /// <summary>Writes the cart (or deletes the cookie when it is empty).</summary>
    public static void Write(HttpResponse response, IReadOnlyDictionary<string, int> items)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            response.Cookies.Delete(CookieName);
            return;
        }

        var value = string.Join(
            '|',
            items.Select(i => string.Create(CultureInfo.InvariantCulture, $"{i.Key}:{i.Value}"))
        );
        response.Cookies.Append(
            CookieName,
            value,
            new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                MaxAge = TimeSpan.FromDays(14),
            }
        );
    }

    /// <summary>The cart's lines with their products, in catalogue order; unknown products are left out.</summary>
    public static async Task<IReadOnlyList<CartLine>> LinesAsync(
        HttpRequest request,
        ShopDbContext db,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(db);
        var items = Read(request);
        if (items.Count == 0)
        {
            return [];
        }

        var ids = items.Keys.ToArray();
        var products = await db
            .Products.AsNoTracking()
            .Where(p => ids.Contains(p.Id))
            .OrderBy(p => p.Position)
            .ToListAsync(cancellationToken);
        return products.Select(p => new CartLine(p, items[p.Id])).ToArray();
    }

    /// <summary>How many items the request's cart holds.</summary>
    public static int Count(HttpRequest request) => Read(request).Values.Sum();
}
