using Affiliate.AspNetCore;
using Affiliate.Samples.WebShop.Demo;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Affiliate.Samples.WebShop.Pages.Account;

/// <summary>Sign-in with a demo account: one click, or e-mail and password.</summary>
public sealed class SignInModel(IOptions<AffiliateWebOptions> web) : PageModel
{
    /// <summary>Where to go after signing in (a local path only).</summary>
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    /// <summary>The e-mail typed.</summary>
    public string? Email { get; private set; }

    /// <summary>Why signing in failed.</summary>
    public string? Error { get; private set; }

    /// <summary>Shows the page.</summary>
    public void OnGet() { }

    /// <summary>Signs in with e-mail and password.</summary>
    public Task<IActionResult> OnPostAsync(string? email, string? password)
    {
        Email = email;
        return SignInAsync(DemoUsers.SignIn(email, password));
    }

    /// <summary>Signs in as one of the featured demo accounts.</summary>
    public Task<IActionResult> OnPostDemoAsync(string? email) =>
        SignInAsync(DemoUsers.Featured.FirstOrDefault(u => u.Email == email));

    private async Task<IActionResult> SignInAsync(DemoUser? user)
    {
        if (user is null)
        {
            Error = "That e-mail and password do not match a demo account.";
            return Page();
        }

        var principal = DemoUsers.Principal(
            user,
            web.Value.Api.PartnerClaimType,
            CookieAuthenticationDefaults.AuthenticationScheme
        );
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        if (ReturnUrl is { Length: > 0 } returnUrl && Url.IsLocalUrl(returnUrl))
        {
            return LocalRedirect(returnUrl);
        }

        return Redirect(user.IsAdmin ? "/admin/orders" : "/partners");
    }
}
