using System.Globalization;
using System.Text.Json;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The program admin's endpoints; the admin filter of <c>MapAffiliateAdmin</c> (the host's admin policy, checked by
/// <see cref="ApiAccess"/> as the admin API does) has admitted the user before any of them runs.
/// </summary>
internal static class AdminPages
{
    /// <summary>How many partners the overview's leaderboard shows.</summary>
    public const int LeaderboardSize = 10;

    /// <summary>How many waiting applications or held sales the overview counts before it says "more than".</summary>
    public const int InboxLimit = 50;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", Handler(OverviewAsync));
        pages.MapGet("/partners", Handler(PartnersAsync));
        pages.MapGet("/partners/{id}", (HttpContext context, string id) => PartnerAsync(context, id, null, null));
        // One route per action rather than a regex constraint, which a slim host does not register.
        foreach (var action in new[] { "status", "segment", "sponsor" })
        {
            pages.MapPost("/partners/{id}/" + action, (HttpContext context, string id) =>
                Posted(context, f => ChangePartnerAsync(context, id, action, f))
            );
        }

        pages.MapGet("/partners/{id}/statement.csv", (HttpContext context, string id) =>
            PartnerStatementCsvAsync(context, id)
        );
        pages.MapGet("/plans", Handler(context => PlansAsync(context, null, null)));
        pages.MapPost("/plans/{planId}/versions", (HttpContext context, string planId) =>
            Posted(context, f => ScheduleAsync(context, planId, f))
        );
        pages.MapGet("/reviews", Handler(context => ReviewsAsync(context, null)));
        pages.MapPost("/reviews/{conversionId}", (HttpContext context, string conversionId) =>
            Posted(context, f => DecideAsync(context, conversionId, f))
        );
        pages.MapGet("/payouts", Handler(context => PayoutsAsync(context, null)));
        pages.MapGet("/payouts.csv", Handler(PayoutsCsvAsync));
        pages.MapGet("/payouts/{id}/statement.csv", (HttpContext context, string id) =>
            PayoutStatementCsvAsync(context, id)
        );
        pages.MapPost("/approvals", Handler(context => Posted(context, _ => ApproveDueAsync(context))));
        pages.MapPost("/payouts/run", Handler(context => Posted(context, _ => RunPayoutsAsync(context))));
        foreach (var action in new[] { "paid", "failed" })
        {
            pages.MapPost("/payouts/{id}/" + action, (HttpContext context, string id) =>
                Posted(context, f => ClosePayoutAsync(context, id, action, f))
            );
        }
    }

    // A handler of the HttpContext alone would otherwise bind as a RequestDelegate, dropping its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>Runs a form's post when its antiforgery token is valid; otherwise does nothing.</summary>
    private static async Task<IResult> Posted(HttpContext context, Func<IFormCollection, Task<IResult>> action)
    {
        var form = await PortalRequest.ReadFormAsync(context).ConfigureAwait(false);
        return form is null ? PortalRequest.FormRefused(context) : await action(form).ConfigureAwait(false);
    }

    private static PageRequest Page(HttpContext context, int size = PartnerPages.PageSize)
    {
        var cursor = context.Request.Query["cursor"].ToString();
        return new PageRequest { Size = size, Cursor = cursor.Length is > 0 and <= 2048 ? cursor : null };
    }

    // ---- overview ----

    private static async Task<IResult> OverviewAsync(HttpContext context)
    {
        var text = PortalRequest.Text(context);
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var today = context.Get<IClock>().GetCurrentInstant().InZone(program.TimeZone).Date;
        var from = today.PlusDays(1 - PartnerPages.ChartDays);
        var until = today.PlusDays(1);
        var reports = context.Get<AffiliateReports>();
        var summary = await reports.SummaryAsync(from, until, program.Id, context.RequestAborted).ConfigureAwait(false);
        var leaders = await reports
            .LeaderboardAsync(from, until, LeaderboardSize, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var series = await reports
            .TimeSeriesAsync(null, from, until, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var directory = context.Get<PartnerDirectory>();
        var names = new Dictionary<PartnerId, string>();
        foreach (var row in leaders.Value ?? [])
        {
            // At most ten reads by key, for the names the leaderboard shows.
            var partner = await directory.FindAsync(row.PartnerId, context.RequestAborted).ConfigureAwait(false);
            names[row.PartnerId] = partner?.Name ?? row.PartnerId.ToString();
        }

        // What waits for an admin, counted from one bounded page each: "50+" rather than a count of every row.
        var pending = await context
            .Get<AffiliateLists>()
            .PartnersAsync(
                new PartnerListFilter { Status = PartnerStatus.Pending },
                new PageRequest { Size = InboxLimit + 1 },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        var held = await context
            .Get<ReviewQueue>()
            .HeldConversionsAsync(program.Id, new PageRequest { Size = InboxLimit + 1 }, null, context.RequestAborted)
            .ConfigureAwait(false);
        return PortalRequest.Page<OverviewPage>(
            new OverviewModel(
                PortalRequest.View(context, "overview", text["Program overview"]),
                program,
                summary.Value,
                leaders.Value ?? [],
                names,
                series.Value ?? [],
                pending.Value?.Items.Count ?? 0,
                held.Value?.Items.Count ?? 0
            )
        );
    }

    // ---- partners ----

    private static async Task<IResult> PartnersAsync(HttpContext context)
    {
        var text = PortalRequest.Text(context);
        var query = context.Request.Query;
        var status =
            Enum.TryParse<PartnerStatus>(query["status"].ToString(), ignoreCase: true, out var s)
            && Enum.IsDefined(s)
            && char.IsAsciiLetter(query["status"].ToString()[0])
                ? s
                : (PartnerStatus?)null;
        var segmentText = query["segment"].ToString();
        var search = query["q"].ToString().Trim();
        var filter = new PartnerListFilter
        {
            Status = status,
            Segment =
                string.IsNullOrWhiteSpace(segmentText) || segmentText.Length > PartnerProfile.MaxSegmentLength
                    ? null
                    : new PartnerSegment(segmentText),
            Search = search.Length is > 0 and <= PartnerListFilter.MaxSearchLength ? search : null,
        };
        var listed = await context
            .Get<AffiliateLists>()
            .PartnersAsync(filter, Page(context), context.RequestAborted)
            .ConfigureAwait(false);
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var filterQuery = string.Join(
            "&",
            new[] { ("status", status?.ToString()), ("segment", filter.Segment?.Name), ("q", filter.Search) }
                .Where(p => p.Item2 is not null)
                .Select(p => $"{p.Item1}={Uri.EscapeDataString(p.Item2!)}")
        );
        return PortalRequest.Page<AdminPartnersPage>(
            new AdminPartnersModel(
                PortalRequest.View(context, "partners", text["Partners"]),
                program,
                listed.Value?.Items ?? [],
                listed.Value?.NextCursor,
                listed.Error,
                filter,
                filterQuery
            )
        );
    }

    private static async Task<IResult> PartnerAsync(
        HttpContext context,
        string id,
        PortalFormError? error,
        IFormCollection? posted
    )
    {
        if (!PartnerId.TryParse(id, CultureInfo.InvariantCulture, out var partnerId))
        {
            return PortalRequest.NotFound(context);
        }

        var partner = await context
            .Get<PartnerDirectory>()
            .FindAsync(partnerId, context.RequestAborted)
            .ConfigureAwait(false);
        if (partner is null)
        {
            return PortalRequest.NotFound(context);
        }

        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var balances = await context
            .Get<CommissionLedger>()
            .BalancesAsync(partner.Id, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        Partner? sponsor = partner.SponsorId is { } sponsorId
            ? await context.Get<PartnerDirectory>().FindAsync(sponsorId, context.RequestAborted).ConfigureAwait(false)
            : null;
        return PortalRequest.Page<AdminPartnerPage>(
            new AdminPartnerModel(
                PortalRequest.View(context, "partners", partner.Name, error: error),
                program,
                partner,
                sponsor,
                balances.FirstOrDefault(b => b.Currency == program.Currency)
                    ?? PortalFormat.ZeroBalance(program.Currency),
                context.Get<IClock>().GetCurrentInstant(),
                posted
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static async Task<IResult> ChangePartnerAsync(
        HttpContext context,
        string id,
        string action,
        IFormCollection form
    )
    {
        if (!PartnerId.TryParse(id, CultureInfo.InvariantCulture, out var partnerId))
        {
            return PortalRequest.NotFound(context);
        }

        var directory = context.Get<PartnerDirectory>();
        var partner = await directory.FindAsync(partnerId, context.RequestAborted).ConfigureAwait(false);
        if (partner is null)
        {
            return PortalRequest.NotFound(context);
        }

        var text = PortalRequest.Text(context);
        var reason = PortalRequest.Field(form, "reason") ?? $"by {ApiAccess.Actor(context)}";
        var ct = context.RequestAborted;
        AffiliateResult<Partner> result;
        switch (action)
        {
            case "status":
                result = PortalRequest.Field(form, "to") switch
                {
                    "approve" => await directory.ApproveAsync(partnerId, reason, null, ct).ConfigureAwait(false),
                    "decline" => await directory.DeclineAsync(partnerId, reason, null, ct).ConfigureAwait(false),
                    "suspend" => await directory.SuspendAsync(partnerId, reason, null, ct).ConfigureAwait(false),
                    "reactivate" => await directory.ReactivateAsync(partnerId, reason, null, ct).ConfigureAwait(false),
                    "terminate" => await directory.TerminateAsync(partnerId, reason, null, ct).ConfigureAwait(false),
                    _ => AffiliateResult<Partner>.Failure(
                        AffiliateErrorCodes.InvalidRequest,
                        text["Choose what to do with the partner."]
                    ),
                };
                break;
            case "segment":
                var segment = PortalRequest.Field(form, "segment");
                result = await directory
                    .UpdateProfileAsync(
                        partnerId,
                        PartnerProfile.Of(partner) with
                        {
                            Segment = segment is null ? null : new PartnerSegment(segment),
                        },
                        null,
                        ct
                    )
                    .ConfigureAwait(false);
                break;
            default:
                var sponsorText = PortalRequest.Field(form, "sponsor");
                if (sponsorText is not null && !PartnerId.TryParse(sponsorText, CultureInfo.InvariantCulture, out _))
                {
                    result = AffiliateResult<Partner>.Failure(
                        AffiliateErrorCodes.InvalidRequest,
                        text["The sponsor must be a partner id."]
                    );
                    break;
                }

                result = await directory
                    .ChangeSponsorAsync(
                        partnerId,
                        sponsorText is null ? null : new PartnerId(sponsorText),
                        reason,
                        null,
                        ct
                    )
                    .ConfigureAwait(false);
                break;
        }

        return result.Error is { } failed
            ? await PartnerAsync(context, id, new PortalFormError(action, failed.Description, failed.Code), form)
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, $"/partners/{Uri.EscapeDataString(id)}", "partner-updated");
    }

    private static async Task<IResult> PartnerStatementCsvAsync(HttpContext context, string id)
    {
        if (!PartnerId.TryParse(id, CultureInfo.InvariantCulture, out var partnerId))
        {
            return PortalRequest.NotFound(context);
        }

        var partner = await context
            .Get<PartnerDirectory>()
            .FindAsync(partnerId, context.RequestAborted)
            .ConfigureAwait(false);
        return partner is null
            ? PortalRequest.NotFound(context)
            : await PartnerPages.StatementCsvAsync(context, partner).ConfigureAwait(false);
    }

    // ---- plans ----

    private static async Task<IResult> PlansAsync(HttpContext context, PortalFormError? error, IFormCollection? posted)
    {
        var text = PortalRequest.Text(context);
        var plans = await context.Get<PlanDirectory>().ListAsync(context.RequestAborted).ConfigureAwait(false);
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        return PortalRequest.Page<AdminPlansPage>(
            new AdminPlansModel(
                PortalRequest.View(context, "plans", text["Plan versions"], error: error),
                program,
                plans,
                context.Get<IClock>().GetCurrentInstant(),
                posted
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static readonly JsonSerializerOptions IndentedJson = new(AffiliateJson.Options) { WriteIndented = true };

    /// <summary>The JSON a version is edited as on the plans page: the core's own contract.</summary>
    public static string VersionJson(PlanVersion version) => JsonSerializer.Serialize(version, IndentedJson);

    private static async Task<IResult> ScheduleAsync(HttpContext context, string planId, IFormCollection form)
    {
        var text = PortalRequest.Text(context);
        if (!PlanId.TryParse(planId, CultureInfo.InvariantCulture, out var id))
        {
            return PortalRequest.NotFound(context);
        }

        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var fail = (string description, string? code) =>
            PlansAsync(context, new PortalFormError($"schedule-{planId}", description, code), form);
        var fromText = PortalRequest.Field(form, "effectiveFrom");
        var from = fromText is null ? null : NodaTime.Text.LocalDatePattern.Iso.Parse(fromText);
        if (from is not { Success: true })
        {
            return await fail(text["Give the first day of the version as a date."], AffiliateErrorCodes.InvalidRequest)
                .ConfigureAwait(false);
        }

        if (
            !long.TryParse(form["revision"], NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            || !int.TryParse(form["number"], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
        )
        {
            return await fail(text["The form is incomplete; reload the page."], AffiliateErrorCodes.InvalidRequest)
                .ConfigureAwait(false);
        }

        PlanVersion? version;
        try
        {
            version = JsonSerializer.Deserialize<PlanVersion>(form["version"].ToString(), AffiliateJson.Options);
        }
        catch (Exception exception)
            when (exception is JsonException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // The core's types check their values as they are built (a negative rate, an unknown currency); a wrong
            // value is a refusal next to the form like any other, never an error page.
            return await fail(
                    text["The version is not valid JSON: {0}", exception.Message],
                    AffiliateErrorCodes.InvalidRequest
                )
                .ConfigureAwait(false);
        }

        if (version is null)
        {
            return await fail(text["Give the version's terms as JSON."], AffiliateErrorCodes.InvalidRequest)
                .ConfigureAwait(false);
        }

        var scheduled = await context
            .Get<PlanDirectory>()
            .ScheduleAsync(
                id,
                version with
                {
                    Number = number,
                    EffectiveFrom = from.Value.AtStartOfDayInZone(program.TimeZone).ToInstant(),
                    EffectiveUntil = null,
                },
                revision,
                context.RequestAborted
            )
            .ConfigureAwait(false);
        if (scheduled.Error is { Code: AffiliateErrorCodes.UnknownPlan })
        {
            return PortalRequest.NotFound(context);
        }

        return scheduled.Error is { } failed
            ? await fail(failed.Description, failed.Code).ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/plans", "plan-scheduled");
    }

    // ---- reviews ----

    private static async Task<IResult> ReviewsAsync(HttpContext context, PortalFormError? error)
    {
        var text = PortalRequest.Text(context);
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var held = await context
            .Get<ReviewQueue>()
            .HeldConversionsAsync(program.Id, Page(context), null, context.RequestAborted)
            .ConfigureAwait(false);
        return PortalRequest.Page<AdminReviewsPage>(
            new AdminReviewsModel(
                PortalRequest.View(context, "reviews", text["Fraud review"], error: error),
                program,
                held.Value?.Items ?? [],
                held.Value?.NextCursor,
                held.Error
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static async Task<IResult> DecideAsync(HttpContext context, string conversionId, IFormCollection form)
    {
        var text = PortalRequest.Text(context);
        if (!ConversionId.TryParse(conversionId, CultureInfo.InvariantCulture, out var id))
        {
            return PortalRequest.NotFound(context);
        }

        var approve = PortalRequest.Field(form, "decision") switch
        {
            "approve" => true,
            "reject" => false,
            _ => (bool?)null,
        };
        var reason = PortalRequest.Field(form, "reason");
        if (approve is null || reason is null)
        {
            return await ReviewsAsync(
                    context,
                    new PortalFormError(
                        $"review-{conversionId}",
                        text["Choose approve or reject and give a reason."],
                        AffiliateErrorCodes.InvalidRequest
                    )
                )
                .ConfigureAwait(false);
        }

        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var decided = await context
            .Get<ReviewQueue>()
            .DecideAsync(
                program.Id,
                id,
                new ReviewDecision(approve.Value, reason, ApiAccess.Actor(context)),
                context.RequestAborted
            )
            .ConfigureAwait(false);
        if (decided.Error is { Code: AffiliateErrorCodes.UnknownConversion })
        {
            return PortalRequest.NotFound(context);
        }

        return decided.Error is { } failed
            ? await ReviewsAsync(
                    context,
                    new PortalFormError($"review-{conversionId}", failed.Description, failed.Code)
                )
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/reviews", "review-decided");
    }

    // ---- payouts ----

    private static async Task<IResult> PayoutsAsync(HttpContext context, PortalFormError? error)
    {
        var text = PortalRequest.Text(context);
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var statusText = context.Request.Query["status"].ToString();
        PayoutStatus? status =
            statusText.Length > 0
            && char.IsAsciiLetter(statusText[0])
            && Enum.TryParse<PayoutStatus>(statusText, ignoreCase: true, out var parsed)
                ? parsed
                : null;
        var listed = await context
            .Get<AffiliateLists>()
            .PayoutsAsync(
                new PayoutListFilter { ProgramId = program.Id, Status = status },
                Page(context),
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return PortalRequest.Page<AdminPayoutsPage>(
            new AdminPayoutsModel(
                PortalRequest.View(context, "payouts", text["Payouts"], error: error),
                program,
                listed.Value?.Items ?? [],
                listed.Value?.NextCursor,
                status
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static async Task<IResult> ApproveDueAsync(HttpContext context)
    {
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        await context
            .Get<CommissionLedger>()
            .ApproveDueAsync(program.Id, null, context.RequestAborted)
            .ConfigureAwait(false);
        return PortalRequest.SeeOther(context, "/payouts", "approvals-run");
    }

    private static async Task<IResult> RunPayoutsAsync(HttpContext context)
    {
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var run = await context
            .Get<PayoutProcessor>()
            .CreatePayoutsAsync(program.Id, null, context.RequestAborted)
            .ConfigureAwait(false);
        return run.Error is { } failed
            ? await PayoutsAsync(context, new PortalFormError("run", failed.Description, failed.Code))
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/payouts", "payout-run");
    }

    private static async Task<IResult> ClosePayoutAsync(
        HttpContext context,
        string id,
        string action,
        IFormCollection form
    )
    {
        if (!PayoutId.TryParse(id, CultureInfo.InvariantCulture, out var payoutId))
        {
            return PortalRequest.NotFound(context);
        }

        var text = PortalRequest.Text(context);
        var payouts = context.Get<PayoutProcessor>();
        var value = PortalRequest.Field(form, action == "paid" ? "reference" : "reason");
        if (value is null)
        {
            return await PayoutsAsync(
                    context,
                    new PortalFormError(
                        $"payout-{id}",
                        action == "paid"
                            ? text["Give the payment's reference (a bank or PayPal transfer id)."]
                            : text["Say why the payment failed."],
                        AffiliateErrorCodes.InvalidRequest
                    )
                )
                .ConfigureAwait(false);
        }

        var result =
            action == "paid"
                ? await payouts.MarkPaidAsync(payoutId, value, context.RequestAborted).ConfigureAwait(false)
                : await payouts.MarkFailedAsync(payoutId, value, context.RequestAborted).ConfigureAwait(false);
        if (result.Error is { Code: AffiliateErrorCodes.UnknownPayout })
        {
            return PortalRequest.NotFound(context);
        }

        return result.Error is { } failed
            ? await PayoutsAsync(context, new PortalFormError($"payout-{id}", failed.Description, failed.Code))
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/payouts", "payout-updated");
    }

    private static async Task<IResult> PayoutsCsvAsync(HttpContext context)
    {
        var program = await PartnerPages.ProgramAsync(context).ConfigureAwait(false);
        var lists = context.Get<AffiliateLists>();
        var all = new List<Payout>();
        var next = new PageRequest { Size = PageRequest.MaxSize };
        while (true)
        {
            // Every page of the program's payouts, bounded as the admin API's export is.
            var listed = await lists
                .PayoutsAsync(new PayoutListFilter { ProgramId = program.Id }, next, context.RequestAborted)
                .ConfigureAwait(false);
            all.AddRange(listed.Value?.Items ?? []);
            if (listed.Value?.NextCursor is not { } cursor || all.Count >= AdminApiHandlers.MaxExportedPayouts)
            {
                break;
            }

            next = next with { Cursor = cursor };
        }

        return ApiRequest.Csv(Csv.Payouts(all), "payouts.csv");
    }

    private static async Task<IResult> PayoutStatementCsvAsync(HttpContext context, string id)
    {
        if (!PayoutId.TryParse(id, CultureInfo.InvariantCulture, out var payoutId))
        {
            return PortalRequest.NotFound(context);
        }

        var statement = await context
            .Get<PayoutProcessor>()
            .StatementAsync(payoutId, context.RequestAborted)
            .ConfigureAwait(false);
        return statement.Value is { } found
            ? ApiRequest.Csv(Csv.Lines(found.Lines), $"payout-{found.Payout.Id}.csv")
            : PortalRequest.NotFound(context);
    }
}

/// <summary>The overview: the last 30 days' summary, the daily series and the leaderboard.</summary>
internal sealed record OverviewModel(
    PortalView View,
    AffiliateProgram Program,
    ProgramSummary? Summary,
    IReadOnlyList<LeaderboardRow> Leaders,
    IReadOnlyDictionary<PartnerId, string> Names,
    IReadOnlyList<TimeSeriesPoint> Series,
    int PendingPartners,
    int HeldConversions
);

/// <summary>A page of partners and the filter that chose them.</summary>
internal sealed record AdminPartnersModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<Partner> Partners,
    string? NextCursor,
    AffiliateError? Error,
    PartnerListFilter Filter,
    string FilterQuery
);

/// <summary>One partner with the forms that change them.</summary>
internal sealed record AdminPartnerModel(
    PortalView View,
    AffiliateProgram Program,
    Partner Partner,
    Partner? Sponsor,
    PartnerBalance Balance,
    Instant Now,
    IFormCollection? Posted
);

/// <summary>The plans with their versions, and the form that schedules one.</summary>
internal sealed record AdminPlansModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<PlanDetails> Plans,
    Instant Now,
    IFormCollection? Posted
);

/// <summary>The conversions fraud rules held, with their reasons.</summary>
internal sealed record AdminReviewsModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<HeldConversion> Held,
    string? NextCursor,
    AffiliateError? Error
);

/// <summary>The program's payouts, with the run, approval and closing forms.</summary>
internal sealed record AdminPayoutsModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<Payout> Payouts,
    string? NextCursor,
    PayoutStatus? Status
);
