using Affiliate.Samples.WebShop.Data;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Pages;

/// <summary>The catalogue, optionally one category.</summary>
public sealed class IndexModel(ShopDbContext db) : PageModel
{
    /// <summary>The category shown, or null for all.</summary>
    public string? Category { get; private set; }

    /// <summary>Every category.</summary>
    public IReadOnlyList<string> Categories { get; private set; } = [];

    /// <summary>The products shown.</summary>
    public IReadOnlyList<Product> Products { get; private set; } = [];

    /// <summary>Shows the catalogue; an unknown category shows everything.</summary>
    public async Task OnGetAsync(string? category, CancellationToken cancellationToken)
    {
        var all = await db.Products.AsNoTracking().OrderBy(p => p.Position).ToListAsync(cancellationToken);
        Categories = all.Select(p => p.Category).Distinct().ToArray();
        Category = category is not null && Categories.Contains(category) ? category : null;
        Products = Category is null ? all : all.Where(p => p.Category == Category).ToArray();
    }
}
