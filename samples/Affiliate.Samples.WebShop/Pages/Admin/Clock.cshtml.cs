using Affiliate.Samples.WebShop.Demo;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Affiliate.Samples.WebShop.Pages.Admin;

/// <summary>The demo clock control (admins only: the /Admin folder asks for the AffiliateAdmin policy).</summary>
public sealed class ClockModel(DemoClockControl control) : PageModel
{
    /// <summary>The demo's time.</summary>
    public Instant Now => control.Now;

    /// <summary>How far ahead of real time.</summary>
    public TimeSpan Offset => control.Offset;

    /// <summary>When the next payout run is.</summary>
    public Instant NextPayout => control.NextPayoutRun();

    /// <summary>Shows the clock.</summary>
    public void OnGet() { }

    /// <summary>Moves the clock a step (<c>1d</c>, <c>7d</c>, <c>31d</c> or <c>payout</c>) and runs jobs.</summary>
    public async Task<IActionResult> OnPostAsync(string? step, CancellationToken cancellationToken)
    {
        var duration = step switch
        {
            "1d" => TimeSpan.FromDays(1),
            "7d" => TimeSpan.FromDays(7),
            "31d" => TimeSpan.FromDays(31),
            "payout" => (control.NextPayoutRun() - control.Now).ToTimeSpan(),
            _ => TimeSpan.Zero,
        };
        if (duration <= TimeSpan.Zero)
        {
            return BadRequest();
        }

        var move = await control.AdvanceAsync(duration, cancellationToken);
        TempData["Moved"] =
            $"The clock moved forward {Math.Round(duration.TotalDays, 1)} days, to "
            + move.Now.InZone(DemoProgram.Zone).ToString("d MMM yyyy, HH:mm", null)
            + ".";
        TempData["Approvals"] = move.Approvals;
        TempData["Payouts"] = move.Payouts;
        return RedirectToPage();
    }
}
