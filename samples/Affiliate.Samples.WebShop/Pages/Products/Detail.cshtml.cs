using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Pages.Products;

/// <summary>A product page, with the form that adds it to the cart.</summary>
public sealed class ProductModel(ShopDbContext db) : PageModel
{
    /// <summary>The product shown.</summary>
    public Product? Product { get; private set; }

    /// <summary>Shows the product; an unknown one is a 404.</summary>
    public async Task<IActionResult> OnGetAsync(string slug, CancellationToken cancellationToken)
    {
        Product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        return Product is null ? NotFound() : Page();
    }

    /// <summary>Adds the quantity to the cart (at most <see cref="Cart.MaxQuantity"/> of a product).</summary>
    public async Task<IActionResult> OnPostAsync(string slug, int quantity, CancellationToken cancellationToken)
    {
        Product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Slug == slug, cancellationToken);
        if (Product is null)
        {
            return NotFound();
        }

        var items = Cart.Read(Request);
        var total = Math.Clamp(items.GetValueOrDefault(Product.Id) + Math.Max(quantity, 1), 1, Cart.MaxQuantity);
        items[Product.Id] = total;
        Cart.Write(Response, items);
        TempData["Added"] = $"{Product.Name} is in your cart ({total}).";
        return RedirectToPage(new { slug });
    }
}
