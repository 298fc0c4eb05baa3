using System.Text.RegularExpressions;
using Affiliate.AspNetCore;
using Affiliate.Samples.WebShop.Data;
using Affiliate.Samples.WebShop.Shop;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages;

/// <summary>The checkout form's fields.</summary>
public sealed class CheckoutInput
{
    /// <summary>The e-mail.</summary>
    public string? Email { get; set; }

    /// <summary>The name.</summary>
    public string? Name { get; set; }

    /// <summary>The country code.</summary>
    public string? Country { get; set; } = "DE";

    /// <summary>The coupon code.</summary>
    public string? Coupon { get; set; }

    /// <summary>The (simulated) card number.</summary>
    public string? Card { get; set; } = "4242 4242 4242 4242";
}

/// <summary>
/// The checkout: checks the form, places the order, and records the sale with
/// <c>HttpContext.RecordAffiliateSaleAsync</c>, which credits the partner through the visitor's signed attribution
/// cookie, or the partner whose code was the coupon.
/// </summary>
public sealed partial class CheckoutModel(ShopDbContext db, ShopOrders orders, PartnerDirectory partners) : PageModel
{
    /// <summary>The countries the shop ships to.</summary>
    public static readonly (string Code, string Name)[] Countries =
    [
        ("DE", "Germany"),
        ("AT", "Austria"),
        ("CH", "Switzerland"),
        ("NL", "Netherlands"),
        ("FR", "France"),
    ];

    /// <summary>The form.</summary>
    [BindProperty]
    public CheckoutInput Input { get; set; } = new();

    /// <summary>The cart's lines.</summary>
    public IReadOnlyList<CartLine> Lines { get; private set; } = [];

    /// <summary>Problems with fields, by field.</summary>
    public Dictionary<string, string> FieldErrors { get; } = [];

    /// <summary>A refusal from the program or the payment, shown above the form.</summary>
    public AffiliateError? Error { get; private set; }

    /// <summary>Shows the form; an empty cart goes back to the cart.</summary>
    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Lines = await Cart.LinesAsync(Request, db, cancellationToken);
        return Lines.Count == 0 ? RedirectToPage("/Cart") : Page();
    }

    /// <summary>Places the order and records the sale; problems show next to their fields.</summary>
    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        Lines = await Cart.LinesAsync(Request, db, cancellationToken);
        if (Lines.Count == 0)
        {
            return RedirectToPage("/Cart");
        }

        var email = Input.Email?.Trim() ?? "";
        if (email.Length is 0 or > 200 || !EmailShape().IsMatch(email))
        {
            FieldErrors["email"] = "Enter an e-mail address like name@example.com.";
        }

        var name = Input.Name?.Trim() ?? "";
        if (name.Length is 0 or > 100)
        {
            FieldErrors["name"] = "Enter your name (up to 100 characters).";
        }

        var country = Countries.Any(c => c.Code == Input.Country) ? Input.Country! : "DE";
        var card = new string((Input.Card ?? "").Where(char.IsAsciiDigit).ToArray());
        if (card.Length is < 12 or > 19)
        {
            FieldErrors["card"] = "Enter a card number of 12 to 19 digits (demo: 4242 4242 4242 4242).";
        }

        var coupon = string.IsNullOrWhiteSpace(Input.Coupon) ? null : Input.Coupon.Trim().ToUpperInvariant();
        if (coupon is not null)
        {
            // A coupon is a partner's referral code: the shop gives the discount, the program credits the partner.
            var owner = await partners.FindByCodeAsync(coupon, cancellationToken);
            if (owner.Value is not { CanEarn: true })
            {
                FieldErrors["coupon"] = owner.Error?.Description ?? "This coupon's partner is not active.";
            }
        }

        if (FieldErrors.Count > 0)
        {
            return Page();
        }

        if (card.EndsWith("0002", StringComparison.Ordinal))
        {
            Error = new AffiliateError("card_declined", "The payment was declined. Try another card.");
            return Page();
        }

        var customer = new CustomerDetails
        {
            Email = email,
            Name = name,
            Country = country,
        };
        var order = await orders.PlaceAsync(ShopOrders.NewOrderId(), Lines, customer, coupon, null, cancellationToken);
        var sale = await HttpContext.RecordAffiliateSaleAsync(ShopOrders.ToAffiliateOrder(order), cancellationToken);
        await orders.NoteOutcomeAsync(order, sale, cancellationToken);
        Cart.Write(Response, new Dictionary<string, int>());
        return RedirectToPage("/Orders/Detail", new { id = order.Id });
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
