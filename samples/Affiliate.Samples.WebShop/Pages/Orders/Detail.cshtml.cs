using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages.Orders;

/// <summary>
/// An order: the customer's confirmation (the unguessable id is the key), and for admins what the affiliate
/// program made of it, with the refund button.
/// </summary>
public sealed class OrderModel(ShopOrders orders, CommissionLedger ledger, IAuthorizationService authorization)
    : PageModel
{
    /// <summary>The order.</summary>
    public Order? Order { get; private set; }

    /// <summary>Whether the viewer is a program admin.</summary>
    public bool IsAdmin { get; private set; }

    /// <summary>The conversion's history in the program (admins only).</summary>
    public ConversionHistory? History { get; private set; }

    /// <summary>Why the history could not be read.</summary>
    public AffiliateError? HistoryError { get; private set; }

    /// <summary>Why the refund was refused.</summary>
    public AffiliateError? RefundError { get; private set; }

    /// <summary>Shows the order; an unknown id is a 404.</summary>
    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <summary>Refunds the order through the core (admins only), then shows it again.</summary>
    public async Task<IActionResult> OnPostRefundAsync(string id, string? reason, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        if (!IsAdmin)
        {
            return Forbid();
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "Refunded by the shop" : reason.Trim();
        var result = await orders.RefundAsync(Order!, why[..Math.Min(why.Length, 200)], null, cancellationToken);
        if (!result.Succeeded)
        {
            RefundError = result.Error;
            await LoadAsync(id, cancellationToken);
            return Page();
        }

        TempData["Refunded"] = "Refunded. The partners' commissions on this order are reversed.";
        return RedirectToPage(new { id });
    }

    private async Task<bool> LoadAsync(string id, CancellationToken cancellationToken)
    {
        Order = await orders.FindAsync(id, cancellationToken);
        if (Order is null)
        {
            return false;
        }

        IsAdmin = (await authorization.AuthorizeAsync(User, ShopPolicies.Admin)).Succeeded;
        if (IsAdmin && ConversionId.TryParse(id, null, out var conversionId))
        {
            var history = await ledger.HistoryAsync(null, conversionId, cancellationToken);
            History = history.Value;
            HistoryError = history.Error;
        }

        return true;
    }
}
