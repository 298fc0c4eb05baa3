using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>The admin API's handlers: each validates its input, then calls one core service.</summary>
internal static class AdminApiHandlers
{
    /// <summary>The most payouts one CSV export reads (100 pages of the largest size).</summary>
    public const int MaxExportedPayouts = 100 * PageRequest.MaxSize;

    public static async Task<IResult> PartnersAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryPage(request, out var page, out var problem)
            || !ApiRequest.TryEnum<PartnerStatus>(request, "status", out var status, out problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "sponsor", out var sponsor, out problem)
        )
        {
            return problem!;
        }

        var segment = ApiRequest.Text(request, "segment");
        if (
            segment is { Length: > PartnerProfile.MaxSegmentLength }
            || (segment is { } s && string.IsNullOrWhiteSpace(s))
        )
        {
            return AffiliateProblems.Invalid($"Query 'segment' has 1 to {PartnerProfile.MaxSegmentLength} characters.");
        }

        var filter = new PartnerListFilter
        {
            Status = status,
            Segment = segment is null ? null : new PartnerSegment(segment),
            SponsorId = sponsor,
            Search = ApiRequest.Text(request, "search"),
        };
        var listed = await Get<AffiliateLists>(context)
            .PartnersAsync(filter, page, context.RequestAborted)
            .ConfigureAwait(false);
        return listed.ToHttpResult(p => TypedResults.Ok(new PageView<Partner>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> RegisterAsync(HttpContext context)
    {
        var (application, problem) = await JsonBody
            .ReadAsync<PartnerApplication>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var registered = await Get<PartnerDirectory>(context)
            .RegisterAsync(application!, context.RequestAborted)
            .ConfigureAwait(false);
        return registered.ToHttpResult(p =>
            registered.AlreadyRecorded
                ? TypedResults.Ok(p)
                : TypedResults.Created(
                    $"{context.Request.PathBase}{context.Request.Path}/{Uri.EscapeDataString(p.Id.Value)}",
                    p
                )
        );
    }

    public static async Task<IResult> PartnerAsync(HttpContext context, string partnerId)
    {
        if (!ApiRequest.TryId<PartnerId>(partnerId, "partnerId", out var id, out var problem))
        {
            return problem!;
        }

        var partner = await Get<PartnerDirectory>(context).FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        return partner is null
            ? ApiRequest.Problem(AffiliateErrorCodes.UnknownPartner, "No partner has this id.")
            : TypedResults.Ok(partner);
    }

    public static Task<IResult> ChangeStatusAsync(HttpContext context, string partnerId, string action) =>
        WithIdAndBodyAsync<PartnerId, PartnerStatusRequest, Partner>(context, partnerId, "partnerId", (id, body, ct) =>
        {
            var partners = Get<PartnerDirectory>(context);
            var (reason, version) = (body.Reason, body.ExpectedVersion);
            return action switch
            {
                "approve" => partners.ApproveAsync(id, reason, version, ct),
                "decline" => partners.DeclineAsync(id, reason, version, ct),
                "suspend" => partners.SuspendAsync(id, reason, version, ct),
                "reactivate" => partners.ReactivateAsync(id, reason, version, ct),
                _ => partners.TerminateAsync(id, reason, version, ct),
            };
        });

    public static Task<IResult> UpdateProfileAsync(HttpContext context, string partnerId) =>
        WithIdAndBodyAsync<PartnerId, PartnerProfileRequest, Partner>(context, partnerId, "partnerId", (id, body, ct) =>
            Get<PartnerDirectory>(context).UpdateProfileAsync(id, body.Profile, body.ExpectedVersion, ct)
        );

    public static Task<IResult> ChangeSponsorAsync(HttpContext context, string partnerId) =>
        WithIdAndBodyAsync<PartnerId, PartnerSponsorRequest, Partner>(context, partnerId, "partnerId", (id, body, ct) =>
            Get<PartnerDirectory>(context).ChangeSponsorAsync(id, body.SponsorId, body.Reason, body.ExpectedVersion, ct)
        );

    public static async Task<IResult> SetTierAsync(HttpContext context, string partnerId)
    {
        if (
            !ApiRequest.TryId<PartnerId>(partnerId, "partnerId", out var id, out var problem)
            || !ApiRequest.TryProgram(context.Request, Get<ProgramCatalog>(context), out var program, out problem)
        )
        {
            return problem!;
        }

        var (body, invalid) = await JsonBody
            .ReadAsync<PartnerTierRequest>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var changed = await Get<PartnerDirectory>(context)
            .SetTierAsync(id, body!.Tier, body.Reasons, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return changed.ToHttpResult(p => TypedResults.Ok(p));
    }

    public static async Task<IResult> PlansAsync(HttpContext context) =>
        TypedResults.Ok(await Get<PlanDirectory>(context).ListAsync(context.RequestAborted).ConfigureAwait(false));

    public static async Task<IResult> PlanAsync(HttpContext context, string planId)
    {
        if (!ApiRequest.TryId<PlanId>(planId, "planId", out var id, out var problem))
        {
            return problem!;
        }

        var found = await Get<PlanDirectory>(context).FindAsync(id, context.RequestAborted).ConfigureAwait(false);
        return found.ToHttpResult(p => TypedResults.Ok(p));
    }

    public static Task<IResult> ScheduleAsync(HttpContext context, string planId) =>
        WithIdAndBodyAsync<PlanId, PlanVersionRequest, PlanDetails>(context, planId, "planId", (id, body, ct) =>
            Get<PlanDirectory>(context).ScheduleAsync(id, body.Version, body.ExpectedRevision, ct)
        );

    public static async Task<IResult> HeldConversionsAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryOptionalId<ProgramId>(request, "program", out var program, out var problem)
            || !ApiRequest.TryPage(request, out var page, out problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "partner", out var partner, out problem)
        )
        {
            return problem!;
        }

        var held = await Get<ReviewQueue>(context)
            .HeldConversionsAsync(program, page, partner, context.RequestAborted)
            .ConfigureAwait(false);
        return held.ToHttpResult(p => TypedResults.Ok(new PageView<HeldConversion>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> HeldLinesAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryOptionalId<ProgramId>(request, "program", out var program, out var problem)
            || !ApiRequest.TryPage(request, out var page, out problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "partner", out var partner, out problem)
        )
        {
            return problem!;
        }

        var held = await Get<ReviewQueue>(context)
            .HeldLinesAsync(program, page, partner, context.RequestAborted)
            .ConfigureAwait(false);
        return held.ToHttpResult(p => TypedResults.Ok(new PageView<HeldLine>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> DecideAsync(HttpContext context)
    {
        if (!ApiRequest.TryOptionalId<ProgramId>(context.Request, "program", out var program, out var problem))
        {
            return problem!;
        }

        var (body, invalid) = await JsonBody
            .ReadAsync<ReviewDecisionRequest>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.ConversionIds.Any(id => id.Value is null))
        {
            return AffiliateProblems.Invalid("ConversionIds holds an empty id.");
        }

        var decision = new ReviewDecision(body.Approve, body.Reason, ApiAccess.Actor(context));
        var batch = await Get<ReviewQueue>(context)
            .DecideAsync(program, body.ConversionIds, decision, context.RequestAborted)
            .ConfigureAwait(false);
        return batch.ToHttpResult(b =>
            TypedResults.Ok(
                new ReviewBatchView(
                    b.Decided,
                    b.Replayed,
                    b.Failed,
                    b.Items.Select(i => new ReviewedItemView(
                            i.ConversionId,
                            i.Result.Succeeded,
                            i.Result.AlreadyRecorded,
                            i.Result.Error
                        ))
                        .ToArray()
                )
            )
        );
    }

    public static async Task<IResult> ConversionsAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryList(request, Get<ProgramCatalog>(context), out var list, out var problem)
            || !ApiRequest.TryEnum<ConversionStatus>(request, "status", out var status, out problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "partner", out var partner, out problem)
        )
        {
            return problem!;
        }

        var filter = new ConversionListFilter
        {
            ProgramId = list.Program.Id,
            Status = status,
            PartnerId = partner,
            From = list.From,
            Until = list.Until,
        };
        var listed = await Get<AffiliateLists>(context)
            .ConversionsAsync(filter, list.Page, context.RequestAborted)
            .ConfigureAwait(false);
        return listed.ToHttpResult(p => TypedResults.Ok(new PageView<Conversion>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> HistoryAsync(HttpContext context, string conversionId)
    {
        if (
            !ApiRequest.TryId<ConversionId>(conversionId, "conversionId", out var id, out var problem)
            || !ApiRequest.TryOptionalId<ProgramId>(context.Request, "program", out var program, out problem)
        )
        {
            return problem!;
        }

        var history = await Get<CommissionLedger>(context)
            .HistoryAsync(program, id, context.RequestAborted)
            .ConfigureAwait(false);
        return history.ToHttpResult(h => TypedResults.Ok(h));
    }

    public static async Task<IResult> LinesAsync(HttpContext context)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryProgram(request, Get<ProgramCatalog>(context), out var program, out var problem)
            || !ApiRequest.TryPage(request, out var page, out problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "partner", out var partner, out problem)
            || !ApiRequest.TryOptionalId<ConversionId>(request, "conversion", out var conversion, out problem)
            || !ApiRequest.TryOptionalId<PayoutId>(request, "payout", out var payout, out problem)
            || !ApiRequest.TryEnum<CommissionState>(request, "state", out var state, out problem)
        )
        {
            return problem!;
        }

        var filter = new LineListFilter
        {
            ProgramId = program.Id,
            PartnerId = partner,
            ConversionId = conversion,
            PayoutId = payout,
            State = state,
        };
        var listed = await Get<AffiliateLists>(context)
            .CommissionLinesAsync(filter, page, context.RequestAborted)
            .ConfigureAwait(false);
        return listed.ToHttpResult(p => TypedResults.Ok(new PageView<CommissionLine>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> AdjustAsync(HttpContext context)
    {
        if (!ApiRequest.TryOptionalId<ProgramId>(context.Request, "program", out var program, out var problem))
        {
            return problem!;
        }

        var (body, invalid) = await JsonBody
            .ReadAsync<AdjustmentRequest>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (body!.PartnerId.Value is null)
        {
            return AffiliateProblems.Invalid("PartnerId is empty.");
        }

        var line = await Get<CommissionLedger>(context)
            .AdjustAsync(program, body, context.RequestAborted)
            .ConfigureAwait(false);
        return line.ToHttpResult(l => TypedResults.Ok(l));
    }

    public static async Task<IResult> RunAsync(HttpContext context, bool onlyIfDue)
    {
        if (!ApiRequest.TryOptionalId<ProgramId>(context.Request, "program", out var program, out var problem))
        {
            return problem!;
        }

        var payouts = Get<PayoutProcessor>(context);
        var run = onlyIfDue
            ? await payouts.RunIfDueAsync(program, null, context.RequestAborted).ConfigureAwait(false)
            : await payouts.CreatePayoutsAsync(program, null, context.RequestAborted).ConfigureAwait(false);
        return run.ToHttpResult(r =>
            ApiRequest.WantsCsv(context.Request)
                ? ApiRequest.Csv(Csv.Payouts(r.Payouts), $"payouts-{r.ProgramId}-{Iso(r.RunDate)}.csv")
                : TypedResults.Ok(PayoutRunView.Of(r))
        );
    }

    public static async Task<IResult> PayoutsAsync(HttpContext context, bool csv)
    {
        var request = context.Request;
        if (
            !ApiRequest.TryList(request, Get<ProgramCatalog>(context), out var list, out var problem)
            || !ApiRequest.TryOptionalId<PartnerId>(request, "partner", out var partner, out problem)
            || !ApiRequest.TryEnum<PayoutStatus>(request, "status", out var status, out problem)
        )
        {
            return problem!;
        }

        var filter = new PayoutListFilter
        {
            ProgramId = list.Program.Id,
            PartnerId = partner,
            Status = status,
            From = list.From,
            Until = list.Until,
        };
        var lists = Get<AffiliateLists>(context);
        if (!csv && !ApiRequest.WantsCsv(request))
        {
            var listed = await lists.PayoutsAsync(filter, list.Page, context.RequestAborted).ConfigureAwait(false);
            return listed.ToHttpResult(p => TypedResults.Ok(new PageView<Payout>(p.Items, p.NextCursor)));
        }

        // The export reads every list.Page of the filter, bounded so one request cannot read without end.
        var all = new List<Payout>();
        var next = new PageRequest { Size = PageRequest.MaxSize };
        while (true)
        {
            var listed = await lists.PayoutsAsync(filter, next, context.RequestAborted).ConfigureAwait(false);
            if (listed.Error is { } error)
            {
                return AffiliateProblems.Problem(error);
            }

            all.AddRange(listed.Value!.Items);
            if (listed.Value.NextCursor is null)
            {
                break;
            }

            if (all.Count >= MaxExportedPayouts)
            {
                return AffiliateProblems.Invalid(
                    $"The export has more than {MaxExportedPayouts} payouts; use a shorter period (from, until)."
                );
            }

            next = next with { Cursor = listed.Value.NextCursor };
        }

        return ApiRequest.Csv(Csv.Payouts(all), "payouts.csv");
    }

    public static async Task<IResult> PayoutStatementAsync(HttpContext context, string payoutId)
    {
        if (!ApiRequest.TryId<PayoutId>(payoutId, "payoutId", out var id, out var problem))
        {
            return problem!;
        }

        var statement = await Get<PayoutProcessor>(context)
            .StatementAsync(id, context.RequestAborted)
            .ConfigureAwait(false);
        return statement.ToHttpResult(s =>
            ApiRequest.WantsCsv(context.Request)
                ? ApiRequest.Csv(Csv.Lines(s.Lines), $"payout-{s.Payout.Id}.csv")
                : TypedResults.Ok(s)
        );
    }

    public static Task<IResult> MarkPaidAsync(HttpContext context, string payoutId) =>
        WithIdAndBodyAsync<PayoutId, PayoutPaidRequest, Payout>(context, payoutId, "payoutId", (id, body, ct) =>
            Get<PayoutProcessor>(context).MarkPaidAsync(id, body.Reference, ct)
        );

    public static Task<IResult> MarkFailedAsync(HttpContext context, string payoutId) =>
        WithIdAndBodyAsync<PayoutId, PayoutFailedRequest, Payout>(context, payoutId, "payoutId", (id, body, ct) =>
            Get<PayoutProcessor>(context).MarkFailedAsync(id, body.Reason, ct)
        );

    public static async Task<IResult> SummaryAsync(HttpContext context)
    {
        if (!TryPeriod(context, out var program, out var from, out var until, out var problem))
        {
            return problem!;
        }

        var summary = await Get<AffiliateReports>(context)
            .SummaryAsync(from, until, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return summary.ToHttpResult(s => TypedResults.Ok(s));
    }

    public static async Task<IResult> ProgramReportAsync(HttpContext context)
    {
        if (
            !TryPeriod(context, out var program, out var from, out var until, out var problem)
            || !ApiRequest.TryEnum<ReportGranularity>(context.Request, "granularity", out var granularity, out problem)
        )
        {
            return problem!;
        }

        var report = await Get<AffiliateReports>(context)
            .ProgramAsync(
                new ReportPeriod(from, until, granularity ?? ReportGranularity.Day),
                program.Id,
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return report.ToHttpResult(r => TypedResults.Ok(r));
    }

    public static async Task<IResult> LeaderboardAsync(HttpContext context)
    {
        var top = 10;
        if (
            !TryPeriod(context, out var program, out var from, out var until, out var problem)
            || !ApiRequest.TryInt(context.Request, "top", 1, 1000, ref top, out problem)
        )
        {
            return problem!;
        }

        var rows = await Get<AffiliateReports>(context)
            .LeaderboardAsync(from, until, top, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return rows.ToHttpResult(r => TypedResults.Ok(r));
    }

    public static async Task<IResult> SubIdsAsync(HttpContext context, string partnerId)
    {
        var index = 1;
        if (
            !ApiRequest.TryId<PartnerId>(partnerId, "partnerId", out var id, out var problem)
            || !TryPeriod(context, out var program, out var from, out var until, out problem)
            || !ApiRequest.TryInt(context.Request, "index", 1, 5, ref index, out problem)
        )
        {
            return problem!;
        }

        var rows = await Get<AffiliateReports>(context)
            .SubIdsAsync(id, from, until, program.Id, index - 1, context.RequestAborted)
            .ConfigureAwait(false);
        return rows.ToHttpResult(r => TypedResults.Ok(r));
    }

    public static async Task<IResult> TimeSeriesAsync(HttpContext context)
    {
        if (
            !TryPeriod(context, out var program, out var from, out var until, out var problem)
            || !ApiRequest.TryOptionalId<PartnerId>(context.Request, "partner", out var partner, out problem)
        )
        {
            return problem!;
        }

        var points = await Get<AffiliateReports>(context)
            .TimeSeriesAsync(partner, from, until, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return points.ToHttpResult(p => TypedResults.Ok(p));
    }

    private static bool TryPeriod(
        HttpContext context,
        out AffiliateProgram program,
        out LocalDate from,
        out LocalDate until,
        out IResult? problem
    )
    {
        from = until = default;
        return ApiRequest.TryProgram(context.Request, Get<ProgramCatalog>(context), out program, out problem)
            && ApiRequest.TryDays(context.Request, program, Get<IClock>(context), out from, out until, out problem);
    }

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    /// <summary>
    /// The shape of every admin change of one thing: the id in the route and the JSON body, each a problem answer
    /// when wrong (nothing is called then), then the core's result as the answer.
    /// </summary>
    private static async Task<IResult> WithIdAndBodyAsync<TId, TBody, TValue>(
        HttpContext context,
        string idText,
        string idName,
        Func<TId, TBody, CancellationToken, ValueTask<AffiliateResult<TValue>>> change
    )
        where TId : struct, IParsable<TId>
        where TBody : class
    {
        if (!ApiRequest.TryId<TId>(idText, idName, out var id, out var problem))
        {
            return problem!;
        }

        var (body, invalid) = await JsonBody
            .ReadAsync<TBody>(context.Request, cancellationToken: context.RequestAborted)
            .ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var result = await change(id, body!, context.RequestAborted).ConfigureAwait(false);
        return result.ToHttpResult(value => TypedResults.Ok(value));
    }

    private static T Get<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();
}
