using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore;

/// <summary>The partner API's handlers; each reads only <see cref="ApiAccess.Partner"/>'s data.</summary>
internal static class PartnerApiHandlers
{
    /// <summary>The longest period one statement covers.</summary>
    public const int MaxStatementDays = 366;

    public static async Task<IResult> ClicksAsync(HttpContext context)
    {
        var request = context.Request;
        var partner = ApiAccess.Partner(context);
        var services = context.RequestServices;
        if (!ApiRequest.TryList(request, Get<ProgramCatalog>(context), out var list, out var problem))
        {
            return problem!;
        }

        var filter = new ClickListFilter
        {
            ProgramId = list.Program.Id,
            PartnerId = partner.Id,
            Sub1 = ApiRequest.Text(request, "sub1"),
            From = list.From,
            Until = list.Until,
        };
        var listed = await services
            .GetRequiredService<AffiliateLists>()
            .ClicksAsync(filter, list.Page, context.RequestAborted)
            .ConfigureAwait(false);
        return listed.ToHttpResult(p =>
            TypedResults.Ok(new PageView<PartnerClickView>(p.Items.Select(PartnerClickView.Of).ToArray(), p.NextCursor))
        );
    }

    public static async Task<IResult> ConversionsAsync(HttpContext context)
    {
        var request = context.Request;
        var partner = ApiAccess.Partner(context);
        if (
            !ApiRequest.TryList(request, Get<ProgramCatalog>(context), out var list, out var problem)
            || !ApiRequest.TryEnum<ConversionStatus>(request, "status", out var status, out problem)
        )
        {
            return problem!;
        }

        var lists = Get<AffiliateLists>(context);
        var filter = new ConversionListFilter
        {
            ProgramId = list.Program.Id,
            PartnerId = partner.Id,
            Status = status,
            From = list.From,
            Until = list.Until,
        };
        var listed = await lists.ConversionsAsync(filter, list.Page, context.RequestAborted).ConfigureAwait(false);
        if (listed.Error is { } error)
        {
            return AffiliateProblems.Problem(error);
        }

        // One read of the partner's lines per conversion on the list.Page: the core has no batch read of lines by
        // conversions yet, and the list.Page size bounds the reads.
        var views = new List<PartnerConversionView>(listed.Value!.Items.Count);
        foreach (var conversion in listed.Value.Items)
        {
            var lines = await lists
                .CommissionLinesAsync(
                    new LineListFilter
                    {
                        ProgramId = list.Program.Id,
                        PartnerId = partner.Id,
                        ConversionId = conversion.Id,
                    },
                    new PageRequest { Size = PageRequest.MaxSize },
                    context.RequestAborted
                )
                .ConfigureAwait(false);
            var own = lines.Value?.Items.OrderBy(l => l.CreatedAt).ToArray() ?? [];
            views.Add(
                PartnerConversionView.Of(conversion, own) with
                {
                    Explanations = own.Select(l => l.Explanation).ToArray(),
                }
            );
        }

        return TypedResults.Ok(new PageView<PartnerConversionView>(views, listed.Value.NextCursor));
    }

    public static async Task<IResult> ConversionAsync(HttpContext context, string conversionId)
    {
        var partner = ApiAccess.Partner(context);
        if (
            !ApiRequest.TryId<ConversionId>(conversionId, "conversionId", out var id, out var problem)
            || !ApiRequest.TryProgram(context.Request, Get<ProgramCatalog>(context), out var program, out problem)
        )
        {
            return problem!;
        }

        var history = await Get<CommissionLedger>(context)
            .HistoryAsync(program.Id, id, context.RequestAborted)
            .ConfigureAwait(false);
        var own = history.Value?.Lines.Where(l => l.PartnerId == partner.Id).OrderBy(l => l.CreatedAt).ToArray();
        var credited = history.Value?.Conversion.Shares.Any(s => s.PartnerId == partner.Id) == true;
        if (history.Value is null || (own!.Length == 0 && !credited))
        {
            // Another partner's conversion is answered exactly as one that does not exist.
            return NotFound(AffiliateErrorCodes.UnknownConversion, "You have no conversion with this id.");
        }

        var entries = history.Value.Entries.Where(e => e.PartnerId == partner.Id).ToArray();
        return TypedResults.Ok(
            PartnerConversionView.Of(history.Value.Conversion, own) with
            {
                Explanations = entries.Select(e => e.Sentence).ToArray(),
            }
        );
    }

    public static async Task<IResult> EarningsAsync(HttpContext context)
    {
        var request = context.Request;
        var partner = ApiAccess.Partner(context);
        if (
            !ApiRequest.TryProgram(request, Get<ProgramCatalog>(context), out var program, out var problem)
            || !ApiRequest.TryDays(request, program, Get<IClock>(context), out var from, out var until, out problem)
            || !ApiRequest.TryEnum<ReportGranularity>(request, "granularity", out var granularity, out problem)
        )
        {
            return problem!;
        }

        var report = await Get<AffiliateReports>(context)
            .PartnerAsync(
                partner.Id,
                new ReportPeriod(from, until, granularity ?? ReportGranularity.Day),
                program.Id,
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return report.ToHttpResult(r => TypedResults.Ok(r));
    }

    public static async Task<IResult> BalanceAsync(HttpContext context)
    {
        var partner = ApiAccess.Partner(context);
        if (!ApiRequest.TryOptionalId<ProgramId>(context.Request, "program", out var program, out var problem))
        {
            return problem!;
        }

        var balances = await Get<CommissionLedger>(context)
            .BalancesAsync(partner.Id, program, context.RequestAborted)
            .ConfigureAwait(false);
        return TypedResults.Ok(balances);
    }

    public static async Task<IResult> PayoutsAsync(HttpContext context)
    {
        var request = context.Request;
        var partner = ApiAccess.Partner(context);
        if (
            !ApiRequest.TryList(request, Get<ProgramCatalog>(context), out var list, out var problem)
            || !ApiRequest.TryEnum<PayoutStatus>(request, "status", out var status, out problem)
        )
        {
            return problem!;
        }

        var filter = new PayoutListFilter
        {
            ProgramId = list.Program.Id,
            PartnerId = partner.Id,
            Status = status,
            From = list.From,
            Until = list.Until,
        };
        var listed = await Get<AffiliateLists>(context)
            .PayoutsAsync(filter, list.Page, context.RequestAborted)
            .ConfigureAwait(false);
        return listed.ToHttpResult(p => TypedResults.Ok(new PageView<Payout>(p.Items, p.NextCursor)));
    }

    public static async Task<IResult> PayoutStatementAsync(HttpContext context, string payoutId, bool csv)
    {
        var partner = ApiAccess.Partner(context);
        if (!ApiRequest.TryId<PayoutId>(payoutId, "payoutId", out var id, out var problem))
        {
            return problem!;
        }

        var statement = await Get<PayoutProcessor>(context)
            .StatementAsync(id, context.RequestAborted)
            .ConfigureAwait(false);
        if (statement.Value is not { } found || found.Payout.PartnerId != partner.Id)
        {
            // Another partner's payout is answered exactly as one that does not exist.
            return NotFound(AffiliateErrorCodes.UnknownPayout, "You have no payout with this id.");
        }

        return csv
            ? ApiRequest.Csv(Affiliate.Csv.Lines(found.Lines), $"payout-{found.Payout.Id}.csv")
            : TypedResults.Ok(
                new PartnerPayoutStatementView(
                    found.Payout,
                    found.Lines.Select(PartnerLineView.Of).ToArray(),
                    found.Entries
                )
            );
    }

    public static async Task<IResult> StatementAsync(HttpContext context, bool csv)
    {
        var request = context.Request;
        var partner = ApiAccess.Partner(context);
        if (
            !ApiRequest.TryProgram(request, Get<ProgramCatalog>(context), out var program, out var problem)
            || !ApiRequest.TryDays(request, program, Get<IClock>(context), out var from, out var until, out problem)
        )
        {
            return problem!;
        }

        // A statement reads every line of its period: a year at most, so that one request stays bounded.
        if (Period.DaysBetween(from, until) > MaxStatementDays)
        {
            return AffiliateProblems.Invalid(
                $"A statement covers at most {MaxStatementDays} days; shorten from/until."
            );
        }

        var (start, end) = ApiRequest.Instants(program, from, until);
        var statement = await Get<CommissionLedger>(context)
            .StatementAsync(partner.Id, start, end, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return csv || ApiRequest.WantsCsv(request)
            ? ApiRequest.Csv(Affiliate.Csv.Lines(statement.Lines), $"statement-{Iso(from)}-{Iso(until)}.csv")
            : TypedResults.Ok(
                new PartnerStatementView(
                    from,
                    until,
                    statement.Lines.Select(PartnerLineView.Of).ToArray(),
                    statement.Entries,
                    statement.Totals
                )
            );
    }

    private static string Iso(LocalDate date) => NodaTime.Text.LocalDatePattern.Iso.Format(date);

    private static T Get<T>(HttpContext context)
        where T : notnull => context.RequestServices.GetRequiredService<T>();

    private static IResult NotFound(string code, string detail) => ApiRequest.Problem(code, detail);
}
