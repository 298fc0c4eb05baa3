using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages;

/// <summary>
/// The page for an empty error answer (404 and the like), re-executed by the status code pages middleware with the
/// original method and status: a form posted to an unknown order is a 404 page too.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    /// <summary>The status code shown.</summary>
    public int Code { get; private set; }

    /// <summary>Shows the page; the response keeps the original status.</summary>
    public void OnGet(int code) => Code = code;

    /// <summary>The same for a form post.</summary>
    public void OnPost(int code) => OnGet(code);
}
