using Affiliate;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

// In Microsoft.AspNetCore.Builder so that the mapping needs no extra using, as ASP.NET Core's own Map methods.
#pragma warning disable IDE0130
namespace Microsoft.AspNetCore.Builder;

#pragma warning restore IDE0130

/// <summary>The partner API: the signed-in partner's own profile, clicks, conversions, earnings and payouts.</summary>
public static class AffiliatePartnerApiExtensions
{
    private const string Tag = "Affiliate partner API";

    /// <summary>
    /// Maps the partner API under <paramref name="prefix"/>. Every endpoint shows only the partner that
    /// <see cref="IPartnerResolver"/> maps the signed-in user to: no user is 401 <c>not_authenticated</c>, a user who
    /// is no partner 403 <c>not_allowed</c>, another partner's payout or conversion 404, another partner's cursor
    /// 400 <c>invalid_cursor</c>. Rate limited by <see cref="ApiOptions.RateLimitPolicy"/> (the host calls
    /// <c>app.UseRateLimiter()</c>).
    /// </summary>
    public static RouteGroupBuilder MapAffiliatePartnerApi(
        this IEndpointRouteBuilder endpoints,
        string prefix = "/affiliate/partner"
    )
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix).WithTags(Tag).AddEndpointFilter(ApiAccess.RequirePartnerAsync);
        ApiRateLimiting.Apply(group, endpoints.ServiceProvider);
        group
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        group
            .MapGet("/me", (HttpContext context) => TypedResults.Ok(PartnerProfileView.Of(ApiAccess.Partner(context))))
            .WithName("AffiliatePartnerMe")
            .WithSummary("The signed-in partner's profile.")
            .Produces<PartnerProfileView>();
        group
            .MapGet("/clicks", Handler(PartnerApiHandlers.ClicksAsync))
            .WithName("AffiliatePartnerClicks")
            .WithSummary("The partner's clicks, newest first (sub1, from, until, cursor, size).")
            .Produces<PageView<PartnerClickView>>();
        group
            .MapGet("/conversions", Handler(PartnerApiHandlers.ConversionsAsync))
            .WithName("AffiliatePartnerConversions")
            .WithSummary("The partner's conversions with their lines and explanations (status, from, until, cursor).")
            .Produces<PageView<PartnerConversionView>>();
        group
            .MapGet("/conversions/{conversionId}", PartnerApiHandlers.ConversionAsync)
            .WithName("AffiliatePartnerConversion")
            .WithSummary("One of the partner's conversions with its lines and the sentences that explain them.")
            .Produces<PartnerConversionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/earnings", Handler(PartnerApiHandlers.EarningsAsync))
            .WithName("AffiliatePartnerEarnings")
            .WithSummary("Earnings per day, week or month in the program's zone (from, until, granularity).")
            .Produces<PerformanceReport>();
        group
            .MapGet("/balance", Handler(PartnerApiHandlers.BalanceAsync))
            .WithName("AffiliatePartnerBalance")
            .WithSummary("The partner's balances per currency.")
            .Produces<IReadOnlyList<PartnerBalance>>();
        group
            .MapGet("/payouts", Handler(PartnerApiHandlers.PayoutsAsync))
            .WithName("AffiliatePartnerPayouts")
            .WithSummary("The partner's payouts, newest first (status, from, until, cursor, size).")
            .Produces<PageView<Payout>>();
        group
            .MapGet("/payouts/{payoutId}/statement", (HttpContext context, string payoutId) =>
                PartnerApiHandlers.PayoutStatementAsync(context, payoutId, ApiRequest.WantsCsv(context.Request))
            )
            .WithName("AffiliatePartnerPayoutStatement")
            .WithSummary("A payout's statement as JSON, or CSV with Accept: text/csv.")
            .Produces<PartnerPayoutStatementView>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/payouts/{payoutId}/statement.csv", (HttpContext context, string payoutId) =>
                PartnerApiHandlers.PayoutStatementAsync(context, payoutId, csv: true)
            )
            .WithName("AffiliatePartnerPayoutStatementCsv")
            .WithSummary("A payout's statement as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group
            .MapGet("/statement", Handler(context => PartnerApiHandlers.StatementAsync(context, csv: false)))
            .WithName("AffiliatePartnerStatement")
            .WithSummary("The partner's statement for a period (from, until), or CSV with Accept: text/csv.")
            .Produces<PartnerStatementView>()
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        group
            .MapGet("/statement.csv", Handler(context => PartnerApiHandlers.StatementAsync(context, csv: true)))
            .WithName("AffiliatePartnerStatementCsv")
            .WithSummary("The partner's statement for a period as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return group;
    }

    // A handler of the HttpContext alone would otherwise bind as a RequestDelegate, dropping its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;
}
