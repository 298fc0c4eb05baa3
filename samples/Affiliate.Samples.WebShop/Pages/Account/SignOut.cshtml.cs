using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages.Account;

/// <summary>Signs out (a POST from the header's button).</summary>
public sealed class SignOutModel : PageModel
{
    /// <summary>Shows a sign-out button (for a visit by address).</summary>
    public void OnGet() { }

    /// <summary>Signs out and goes to the shop.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/");
    }
}
