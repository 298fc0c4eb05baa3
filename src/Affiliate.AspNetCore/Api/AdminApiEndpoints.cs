using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// In Microsoft.AspNetCore.Builder so that the mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>The admin API: partners, plans, the review queue, the ledger, payouts and reports.</summary>
public static class AffiliateAdminApiExtensions
{
    private const string Tag = "Affiliate admin API";

    /// <summary>
    /// Maps the admin API under <paramref name="prefix"/>, behind the host's <see cref="ApiOptions.AdminPolicy"/>:
    /// anonymous callers get 401 <c>not_authenticated</c>, others the policy refuses 403 <c>not_allowed</c>, both as
    /// problem details. Changes take the version or revision the admin read. Rate limited like the partner API.
    /// </summary>
    /// <exception cref="InvalidOperationException">The host has no policy named <see cref="ApiOptions.AdminPolicy"/>.
    /// </exception>
    public static RouteGroupBuilder MapAffiliateAdminApi(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/admin"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ApiAccess.ThrowIfAdminPolicyMissing(endpoints.ServiceProvider);
        var group = endpoints.MapGroup(prefix).WithTags(Tag).AddEndpointFilter(ApiAccess.RequireAdminAsync);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        // Partners.
        group
            .MapGet("/partners", Handler(AdminApiHandlers.PartnersAsync))
            .WithName("AffiliateAdminPartners")
            .WithSummary("Partners, newest first (status, segment, sponsor, search, cursor, size).")
            .Produces<PageView<Partner>>();
        group
            .MapPost("/partners", Handler(AdminApiHandlers.RegisterAsync))
            .WithName("AffiliateAdminRegisterPartner")
            .WithSummary("Registers a partner; the same application again is a replay.")
            .AcceptsJson<PartnerApplication>()
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapGet("/partners/{partnerId}", AdminApiHandlers.PartnerAsync)
            .WithName("AffiliateAdminPartner")
            .WithSummary("A partner.")
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        foreach (var status in new[] { "approve", "decline", "suspend", "reactivate", "terminate" })
        {
            group
                .MapPost("/partners/{partnerId}/" + status, (HttpContext context, string partnerId) =>
                    AdminApiHandlers.ChangeStatusAsync(context, partnerId, status)
                )
                .WithName("AffiliateAdminPartner" + char.ToUpperInvariant(status[0]) + status[1..])
                .WithSummary($"Moves a partner ({status}), from the version the admin read.")
                .AcceptsJson<PartnerStatusRequest>()
                .Produces<Partner>()
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict);
        }

        group
            .MapPut("/partners/{partnerId}/profile", AdminApiHandlers.UpdateProfileAsync)
            .WithName("AffiliateAdminPartnerProfile")
            .WithSummary("Replaces a partner's profile (name, e-mail, segment, payout settings).")
            .AcceptsJson<PartnerProfileRequest>()
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPut("/partners/{partnerId}/sponsor", AdminApiHandlers.ChangeSponsorAsync)
            .WithName("AffiliateAdminPartnerSponsor")
            .WithSummary("Changes a partner's sponsor (or removes it).")
            .AcceptsJson<PartnerSponsorRequest>()
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPut("/partners/{partnerId}/tier", AdminApiHandlers.SetTierAsync)
            .WithName("AffiliateAdminPartnerTier")
            .WithSummary("Sets a partner's tier (or none) in a program.")
            .AcceptsJson<PartnerTierRequest>()
            .Produces<Partner>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        // Plans.
        group
            .MapGet("/plans", Handler(AdminApiHandlers.PlansAsync))
            .WithName("AffiliateAdminPlans")
            .WithSummary("Every plan, configured or stored, with its revision.")
            .Produces<IReadOnlyList<PlanDetails>>();
        group
            .MapGet("/plans/{planId}", AdminApiHandlers.PlanAsync)
            .WithName("AffiliateAdminPlan")
            .WithSummary("A plan with its revision.")
            .Produces<PlanDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/plans/{planId}/versions", AdminApiHandlers.ScheduleAsync)
            .WithName("AffiliateAdminSchedulePlanVersion")
            .WithSummary("Schedules a plan version from its effective date, from the revision the admin read.")
            .AcceptsJson<PlanVersionRequest>()
            .Produces<PlanDetails>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Review queue.
        group
            .MapGet("/review/conversions", Handler(AdminApiHandlers.HeldConversionsAsync))
            .WithName("AffiliateAdminHeldConversions")
            .WithSummary("Held conversions with their fraud reasons (partner, cursor, size).")
            .Produces<PageView<HeldConversion>>();
        group
            .MapGet("/review/lines", Handler(AdminApiHandlers.HeldLinesAsync))
            .WithName("AffiliateAdminHeldLines")
            .WithSummary("Held commission lines with their fraud reasons (partner, cursor, size).")
            .Produces<PageView<HeldLine>>();
        group
            .MapPost("/review/decisions", Handler(AdminApiHandlers.DecideAsync))
            .WithName("AffiliateAdminDecide")
            .WithSummary("Approves or rejects held conversions; one answer per conversion.")
            .AcceptsJson<ReviewDecisionRequest>()
            .Produces<ReviewBatchView>();

        // Ledger.
        group
            .MapGet("/conversions", Handler(AdminApiHandlers.ConversionsAsync))
            .WithName("AffiliateAdminConversions")
            .WithSummary("Conversions, newest first (status, partner, from, until, cursor, size).")
            .Produces<PageView<Conversion>>();
        group
            .MapGet("/conversions/{conversionId}", AdminApiHandlers.HistoryAsync)
            .WithName("AffiliateAdminConversionHistory")
            .WithSummary("A conversion with every line and statement entry.")
            .Produces<ConversionHistory>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/ledger/lines", Handler(AdminApiHandlers.LinesAsync))
            .WithName("AffiliateAdminLines")
            .WithSummary("Commission lines, newest first (partner, conversion, state, payout, cursor, size).")
            .Produces<PageView<CommissionLine>>();
        group
            .MapPost("/ledger/adjustments", Handler(AdminApiHandlers.AdjustAsync))
            .WithName("AffiliateAdminAdjust")
            .WithSummary("A bonus, penalty or correction; the adjustment id makes it idempotent.")
            .AcceptsJson<AdjustmentRequest>()
            .Produces<CommissionLine>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Payouts.
        group
            .MapPost("/payouts/run", Handler(context => AdminApiHandlers.RunAsync(context, onlyIfDue: false)))
            .WithName("AffiliateAdminRunPayouts")
            .WithSummary("Creates payouts now; Accept: text/csv answers the run's payouts as CSV.")
            .Produces<PayoutRunView>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group
            .MapPost("/payouts/run-if-due", Handler(context => AdminApiHandlers.RunAsync(context, onlyIfDue: true)))
            .WithName("AffiliateAdminRunPayoutsIfDue")
            .WithSummary("Creates payouts if today is a payout date in the program's zone.")
            .Produces<PayoutRunView>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group
            .MapGet("/payouts", Handler(context => AdminApiHandlers.PayoutsAsync(context, csv: false)))
            .WithName("AffiliateAdminPayouts")
            .WithSummary("Payouts, newest first (partner, status, from, until, cursor, size).")
            .Produces<PageView<Payout>>();
        group
            .MapGet("/payouts.csv", Handler(context => AdminApiHandlers.PayoutsAsync(context, csv: true)))
            .WithName("AffiliateAdminPayoutsCsv")
            .WithSummary("Every payout of a period (partner, status, from, until) as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group
            .MapGet("/payouts/{payoutId}/statement", AdminApiHandlers.PayoutStatementAsync)
            .WithName("AffiliateAdminPayoutStatement")
            .WithSummary("A payout's statement as JSON, or its lines as CSV with Accept: text/csv.")
            .Produces<PayoutStatement>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapPost("/payouts/{payoutId}/paid", AdminApiHandlers.MarkPaidAsync)
            .WithName("AffiliateAdminPayoutPaid")
            .WithSummary("Records a payout paid with the host's reference.")
            .AcceptsJson<PayoutPaidRequest>()
            .Produces<Payout>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group
            .MapPost("/payouts/{payoutId}/failed", AdminApiHandlers.MarkFailedAsync)
            .WithName("AffiliateAdminPayoutFailed")
            .WithSummary("Records a payout failed; its lines are paid by the next payout.")
            .AcceptsJson<PayoutFailedRequest>()
            .Produces<Payout>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        // Reports.
        group
            .MapGet("/reports/summary", Handler(AdminApiHandlers.SummaryAsync))
            .WithName("AffiliateAdminSummary")
            .WithSummary("The program's totals and concentration for a period (from, until).")
            .Produces<ProgramSummary>();
        group
            .MapGet("/reports/program", Handler(AdminApiHandlers.ProgramReportAsync))
            .WithName("AffiliateAdminProgramReport")
            .WithSummary("The program's performance per day, week or month (from, until, granularity).")
            .Produces<PerformanceReport>();
        group
            .MapGet("/reports/leaderboard", Handler(AdminApiHandlers.LeaderboardAsync))
            .WithName("AffiliateAdminLeaderboard")
            .WithSummary("The partners with the most revenue (from, until, top).")
            .Produces<IReadOnlyList<LeaderboardRow>>();
        group
            .MapGet("/reports/partners/{partnerId}/sub-ids", AdminApiHandlers.SubIdsAsync)
            .WithName("AffiliateAdminSubIds")
            .WithSummary("A partner's results per sub-id value (from, until, index 1 to 5).")
            .Produces<IReadOnlyList<SubIdRow>>();
        group
            .MapGet("/reports/time-series", Handler(AdminApiHandlers.TimeSeriesAsync))
            .WithName("AffiliateAdminTimeSeries")
            .WithSummary("Clicks, conversions, revenue and earnings per day (from, until, partner).")
            .Produces<IReadOnlyList<TimeSeriesPoint>>();
        LedgerVerifyApi.Map(group);
        return group;
    }

    // A handler of the HttpContext alone would otherwise bind as a RequestDelegate, dropping its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;
}
