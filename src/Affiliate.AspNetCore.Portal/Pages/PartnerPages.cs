using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The partner portal's endpoints. Each reads the partner from <see cref="IPartnerResolver"/> (through
/// <see cref="ApiAccess"/>, as the partner API does) and shows only that partner's data.
/// </summary>
internal static class PartnerPages
{
    /// <summary>How many days the dashboard charts.</summary>
    public const int ChartDays = 30;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", Handler(DashboardAsync));
    }

    // A handler of the HttpContext alone would otherwise bind as a RequestDelegate, dropping its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    public static async Task<IResult> DashboardAsync(HttpContext context)
    {
        var partner = await ApiAccess.ResolvePartnerAsync(context).ConfigureAwait(false);
        if (partner is null)
        {
            return PortalRequest.SeeOther(context, "/apply");
        }

        var text = PortalRequest.Text(context);
        var program = context.Get<ProgramCatalog>().Find(null)!;
        var today = context.Get<IClock>().GetCurrentInstant().InZone(program.TimeZone).Date;
        var from = today.PlusDays(1 - ChartDays);
        var until = today.PlusDays(1);
        var series = await context
            .Get<AffiliateReports>()
            .TimeSeriesAsync(partner.Id, from, until, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var balances = await context
            .Get<CommissionLedger>()
            .BalancesAsync(partner.Id, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var balance = balances.FirstOrDefault(b => b.Currency == program.Currency)
            ?? PortalFormat.ZeroBalance(program.Currency);
        return PortalRequest.Page<DashboardPage>(
            new DashboardModel(
                PortalRequest.View(context, "dashboard", text["Dashboard"], partner),
                program,
                series.Value ?? [],
                balance
            )
        );
    }
}

/// <summary>The dashboard: the last 30 days drawn, and the balance.</summary>
internal sealed record DashboardModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<TimeSeriesPoint> Series,
    PartnerBalance Balance
);
