using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages;

/// <summary>The cart: its lines, quantities to change, lines to remove.</summary>
public sealed class CartModel(ShopDbContext db) : PageModel
{
    /// <summary>The cart's lines.</summary>
    public IReadOnlyList<CartLine> Lines { get; private set; } = [];

    /// <summary>Shows the cart.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Lines = await Cart.LinesAsync(Request, db, cancellationToken);

    /// <summary>Sets a line's quantity; zero removes it.</summary>
    public IActionResult OnPostUpdate(string productId, int quantity)
    {
        var items = Cart.Read(Request);
        if (quantity <= 0)
        {
            items.Remove(productId);
        }
        else if (items.ContainsKey(productId))
        {
            items[productId] = Math.Min(quantity, Cart.MaxQuantity);
        }

        Cart.Write(Response, items);
        return RedirectToPage();
    }
}
