using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages.Admin;

/// <summary>The newest orders (admins only: the /Admin folder asks for the AffiliateAdmin policy).</summary>
public sealed class OrdersModel(ShopOrders orders) : PageModel
{
    /// <summary>The orders shown.</summary>
    public IReadOnlyList<Order> Orders { get; private set; } = [];

    /// <summary>Shows the newest 100 orders.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Orders = await orders.RecentAsync(100, cancellationToken);
}
