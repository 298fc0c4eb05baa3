using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages;

/// <summary>
/// The page the exception handler shows instead of an exception, for a failed GET or a failed form post (the
/// handler re-executes the request with its method; the post's token was already checked, or was the problem).
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    /// <summary>Shows the page with status 500.</summary>
    public void OnGet() => Response.StatusCode = StatusCodes.Status500InternalServerError;

    /// <summary>The same for a form post that failed.</summary>
    public void OnPost() => OnGet();
}
