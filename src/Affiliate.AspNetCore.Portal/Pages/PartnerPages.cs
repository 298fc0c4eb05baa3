using System.Globalization;
using Affiliate.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The partner portal's endpoints. Each reads the partner from <see cref="IPartnerResolver"/> (through
/// <see cref="ApiAccess"/>, as the partner API does) and shows only that partner's data: another partner's ids are
/// answered exactly as unknown ones.
/// </summary>
internal static class PartnerPages
{
    /// <summary>How many days the dashboard charts.</summary>
    public const int ChartDays = 30;

    /// <summary>How many rows a list page shows.</summary>
    public const int PageSize = 25;

    public static void Map(RouteGroupBuilder pages)
    {
        pages.MapGet("/", Handler(DashboardAsync));
        pages.MapGet("/apply", Handler(context => ApplyAsync(context, null, null)));
        pages.MapPost("/apply", Handler(ApplyPostAsync));
        pages.MapGet("/links", Handler(context => Active(context, p => LinksAsync(context, p, null, null))));
        pages.MapPost("/links", Handler(context => Posted(context, (p, form) => CreateLinkAsync(context, p, form))));
        pages.MapPost("/links/{id}/deactivate", (HttpContext context, string id) =>
            Posted(context, (p, _) => DeactivateLinkAsync(context, p, id))
        );
        pages.MapGet("/conversions", Handler(context => Active(context, p => ConversionsAsync(context, p))));
        pages.MapGet("/conversions/{id}", (HttpContext context, string id) =>
            Active(context, p => ConversionAsync(context, p, id))
        );
        pages.MapGet("/payouts", Handler(context => Active(context, p => PayoutsAsync(context, p))));
        pages.MapGet("/payouts/{id}", (HttpContext context, string id) =>
            Active(context, p => PayoutAsync(context, p, id, csv: false))
        );
        pages.MapGet("/payouts/{id}/statement.csv", (HttpContext context, string id) =>
            Active(context, p => PayoutAsync(context, p, id, csv: true))
        );
        pages.MapGet("/statement.csv", Handler(context => Active(context, p => StatementCsvAsync(context, p))));
        pages.MapGet("/plan", Handler(context => Active(context, p => PlanAsync(context, p))));
    }

    // A handler of the HttpContext alone would otherwise bind as a RequestDelegate, dropping its result.
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;

    /// <summary>
    /// Runs a page of a partner who may see the portal (active or suspended): no partner yet goes to the apply page,
    /// a pending, declined or terminated one to the start page, which says where they stand.
    /// </summary>
    private static async Task<IResult> Active(HttpContext context, Func<Partner, Task<IResult>> page)
    {
        var partner = await ApiAccess.ResolvePartnerAsync(context).ConfigureAwait(false);
        if (partner is null)
        {
            return PortalRequest.SeeOther(context, "/apply");
        }

        return partner.Status is PartnerStatus.Active or PartnerStatus.Suspended
            ? await page(partner).ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/");
    }

    /// <summary>Runs a form's post: the partner's, with a valid antiforgery token, or nothing is done.</summary>
    private static Task<IResult> Posted(HttpContext context, Func<Partner, IFormCollection, Task<IResult>> action) =>
        Active(context, async partner =>
        {
            var form = await PortalRequest.ReadFormAsync(context).ConfigureAwait(false);
            return form is null
                ? PortalRequest.FormRefused(context, partner)
                : await action(partner, form).ConfigureAwait(false);
        });

    /// <summary>The default program with its current plan (a stored plan, with scheduled versions, wins).</summary>
    public static async Task<AffiliateProgram> ProgramAsync(HttpContext context) =>
        await context.Get<ProgramCatalog>().ResolveAsync(null, context.RequestAborted).ConfigureAwait(false)
        ?? throw new InvalidOperationException("The program catalog has no default program.");

    private static LocalDate Today(HttpContext context, AffiliateProgram program) =>
        context.Get<IClock>().GetCurrentInstant().InZone(program.TimeZone).Date;

    public static async Task<IResult> DashboardAsync(HttpContext context)
    {
        var partner = await ApiAccess.ResolvePartnerAsync(context).ConfigureAwait(false);
        if (partner is null)
        {
            return PortalRequest.SeeOther(context, "/apply");
        }

        var text = PortalRequest.Text(context);
        if (partner.Status is not (PartnerStatus.Active or PartnerStatus.Suspended))
        {
            return PortalRequest.Page<StandingPage>(
                new StandingModel(PortalRequest.View(context, "dashboard", text["Your application"], partner))
            );
        }

        var program = await ProgramAsync(context).ConfigureAwait(false);
        var today = Today(context, program);
        var from = today.PlusDays(1 - ChartDays);
        var until = today.PlusDays(1);
        var series = await context
            .Get<AffiliateReports>()
            .TimeSeriesAsync(partner.Id, from, until, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var balance = await BalanceAsync(context, partner, program).ConfigureAwait(false);
        var tier = await TierProgressAsync(context, partner, program).ConfigureAwait(false);
        return PortalRequest.Page<DashboardPage>(
            new DashboardModel(
                PortalRequest.View(context, "dashboard", text["Dashboard"], partner),
                program,
                series.Value ?? [],
                balance,
                tier,
                await VolumeProgressAsync(context, partner, program).ConfigureAwait(false)
            )
        );
    }

    private static async Task<PartnerBalance> BalanceAsync(
        HttpContext context,
        Partner partner,
        AffiliateProgram program
    )
    {
        var balances = await context
            .Get<CommissionLedger>()
            .BalancesAsync(partner.Id, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        return balances.FirstOrDefault(b => b.Currency == program.Currency)
            ?? PortalFormat.ZeroBalance(program.Currency);
    }

    // ---- apply ----

    private static async Task<IResult> ApplyAsync(HttpContext context, PortalFormError? error, IFormCollection? posted)
    {
        var partner = await ApiAccess.ResolvePartnerAsync(context).ConfigureAwait(false);
        if (partner is not null)
        {
            return PortalRequest.SeeOther(context, "/");
        }

        var id = await ApiAccess.ResolvePartnerIdAsync(context).ConfigureAwait(false);
        var text = PortalRequest.Text(context);
        return PortalRequest.Page<ApplyPage>(
            new ApplyModel(
                PortalRequest.View(context, "apply", text["Join the partner program"], error: error),
                id is not null,
                await ProgramAsync(context).ConfigureAwait(false),
                posted
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static async Task<IResult> ApplyPostAsync(HttpContext context)
    {
        var form = await PortalRequest.ReadFormAsync(context).ConfigureAwait(false);
        if (form is null)
        {
            return PortalRequest.FormRefused(context);
        }

        if (await ApiAccess.ResolvePartnerAsync(context).ConfigureAwait(false) is not null)
        {
            return PortalRequest.SeeOther(context, "/");
        }

        var id = await ApiAccess.ResolvePartnerIdAsync(context).ConfigureAwait(false);
        var text = PortalRequest.Text(context);
        if (id is null)
        {
            return await ApplyAsync(
                    context,
                    new PortalFormError("apply", text["Your account is not linked to a partner id; ask the program."]),
                    form
                )
                .ConfigureAwait(false);
        }

        var name = PortalRequest.Field(form, "name");
        if (name is null)
        {
            return await ApplyAsync(context, new PortalFormError("apply", text["Enter your name."]), form)
                .ConfigureAwait(false);
        }

        var options = context.Get<IOptions<PortalOptions>>().Value;
        var segmentName = PortalRequest.Field(form, "segment");
        var segment = options.Segments.FirstOrDefault(s =>
            string.Equals(s.Name, segmentName, StringComparison.OrdinalIgnoreCase)
        );
        var code = PortalRequest.Field(form, "code");
        var result = await context
            .Get<PartnerDirectory>()
            .RegisterAsync(
                new PartnerApplication
                {
                    Id = id,
                    Name = name,
                    Email = PortalRequest.Field(form, "email"),
                    Segment = segment.Name is null ? null : segment,
                    ReferralCodes = code is null ? [] : [code],
                    SponsorCode = PortalRequest.Field(form, "sponsor"),
                    AutoApprove = options.AutoApproveApplications,
                },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return result.Error is { } failed
            ? await ApplyAsync(context, new PortalFormError("apply", failed.Description, failed.Code), form)
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/", "applied");
    }

    // ---- links ----

    private static async Task<IResult> LinksAsync(
        HttpContext context,
        Partner partner,
        PortalFormError? error,
        IFormCollection? posted
    )
    {
        var text = PortalRequest.Text(context);
        var cursor = context.Request.Query["cursor"].ToString();
        var listed = await context
            .Get<PartnerLinks>()
            .ListAsync(
                partner.Id,
                new PageRequest { Size = PageSize, Cursor = cursor.Length is > 0 and <= 2048 ? cursor : null },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        var web = context.Get<IOptions<AffiliateWebOptions>>().Value;
        var portal = context.Get<IOptions<PortalOptions>>().Value;
        var request = context.Request;
        var site = $"{request.Scheme}://{request.Host}{request.PathBase}";
        var code = partner.ReferralCodes.Count > 0 ? partner.ReferralCodes[0].ToString() : null;
        return PortalRequest.Page<LinksPage>(
            new LinksModel(
                PortalRequest.View(context, "links", text["Links"], partner, error),
                await ProgramAsync(context).ConfigureAwait(false),
                listed.Value?.Items ?? [],
                listed.Value?.NextCursor,
                code is null ? null : $"{site}/?{Uri.EscapeDataString(web.ReferralQueryParameter)}={code}",
                code is null ? null : $"{site}{portal.LinkPath.TrimEnd('/')}/{Uri.EscapeDataString(code)}/",
                posted,
                listed.Error
            ),
            error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest
        );
    }

    private static async Task<IResult> CreateLinkAsync(HttpContext context, Partner partner, IFormCollection form)
    {
        var text = PortalRequest.Text(context);
        var destination = PortalRequest.Field(form, "destination");
        if (destination is null)
        {
            return await LinksAsync(
                    context,
                    partner,
                    new PortalFormError("link", text["Enter where the link leads: a page of this site or its URL."]),
                    form
                )
                .ConfigureAwait(false);
        }

        if (context.Get<LinkDestinationPolicy>().IsForeignUrl(destination, context.Request))
        {
            return await LinksAsync(
                    context,
                    partner,
                    new PortalFormError(
                        "link",
                        text["Links may lead only to this site or to the hosts the program allows."],
                        AffiliateHttpErrorCodes.DestinationNotAllowed
                    ),
                    form
                )
                .ConfigureAwait(false);
        }

        var result = await context
            .Get<PartnerLinks>()
            .CreateAsync(
                new PartnerLinkRequest
                {
                    PartnerId = partner.Id,
                    Destination = destination,
                    Name = PortalRequest.Field(form, "name"),
                    Sub1 = PortalRequest.Field(form, "sub1"),
                    Sub2 = PortalRequest.Field(form, "sub2"),
                    Sub3 = PortalRequest.Field(form, "sub3"),
                    Sub4 = PortalRequest.Field(form, "sub4"),
                    Sub5 = PortalRequest.Field(form, "sub5"),
                },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        return result.Error is { } failed
            ? await LinksAsync(context, partner, new PortalFormError("link", failed.Description, failed.Code), form)
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/links", "link-created");
    }

    private static async Task<IResult> DeactivateLinkAsync(HttpContext context, Partner partner, string id)
    {
        if (!PartnerLinks.IsValidId(id))
        {
            return PortalRequest.NotFound(context, partner);
        }

        var result = await context
            .Get<PartnerLinks>()
            .DeactivateAsync(partner.Id, id, context.RequestAborted)
            .ConfigureAwait(false);
        if (result.Error is { Code: AffiliateErrorCodes.UnknownLink })
        {
            return PortalRequest.NotFound(context, partner);
        }

        return result.Error is { } failed
            ? await LinksAsync(context, partner, new PortalFormError("links", failed.Description, failed.Code), null)
                .ConfigureAwait(false)
            : PortalRequest.SeeOther(context, "/links", "link-deactivated");
    }

    // ---- conversions ----

    private static async Task<IResult> ConversionsAsync(HttpContext context, Partner partner)
    {
        var text = PortalRequest.Text(context);
        var program = await ProgramAsync(context).ConfigureAwait(false);
        var lists = context.Get<AffiliateLists>();
        var cursor = context.Request.Query["cursor"].ToString();
        var listed = await lists
            .ConversionsAsync(
                new ConversionListFilter { ProgramId = program.Id, PartnerId = partner.Id },
                new PageRequest { Size = PageSize, Cursor = cursor.Length is > 0 and <= 2048 ? cursor : null },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        var rows = new List<ConversionRow>();
        foreach (var conversion in listed.Value?.Items ?? [])
        {
            // One read of the partner's lines per conversion, as the partner API does: the page size bounds them.
            var lines = await lists
                .CommissionLinesAsync(
                    new LineListFilter
                    {
                        ProgramId = program.Id,
                        PartnerId = partner.Id,
                        ConversionId = conversion.Id,
                    },
                    new PageRequest { Size = PageRequest.MaxSize },
                    context.RequestAborted
                )
                .ConfigureAwait(false);
            var own = lines.Value?.Items.OrderBy(l => l.CreatedAt).ToArray() ?? [];
            rows.Add(new ConversionRow(conversion, own));
        }

        return PortalRequest.Page<ConversionsPage>(
            new ConversionsModel(
                PortalRequest.View(context, "conversions", text["Conversions"], partner),
                program,
                rows,
                listed.Error is null ? listed.Value!.NextCursor : null,
                listed.Error
            )
        );
    }

    private static async Task<IResult> ConversionAsync(HttpContext context, Partner partner, string id)
    {
        if (!ConversionId.TryParse(id, CultureInfo.InvariantCulture, out var conversionId))
        {
            return PortalRequest.NotFound(context, partner);
        }

        var program = await ProgramAsync(context).ConfigureAwait(false);
        var history = await context
            .Get<CommissionLedger>()
            .HistoryAsync(program.Id, conversionId, context.RequestAborted)
            .ConfigureAwait(false);
        var own = history.Value?.Lines.Where(l => l.PartnerId == partner.Id).OrderBy(l => l.CreatedAt).ToArray();
        var credited = history.Value?.Conversion.Shares.Any(s => s.PartnerId == partner.Id) == true;
        if (history.Value is null || (own!.Length == 0 && !credited))
        {
            // Another partner's conversion is answered exactly as one that does not exist.
            return PortalRequest.NotFound(context, partner);
        }

        var text = PortalRequest.Text(context);
        return PortalRequest.Page<ConversionPage>(
            new ConversionModel(
                PortalRequest.View(context, "conversions", text["Conversion"], partner),
                program,
                history.Value.Conversion,
                own,
                history.Value.Entries.Where(e => e.PartnerId == partner.Id).ToArray()
            )
        );
    }

    // ---- payouts and statements ----

    private static async Task<IResult> PayoutsAsync(HttpContext context, Partner partner)
    {
        var text = PortalRequest.Text(context);
        var program = await ProgramAsync(context).ConfigureAwait(false);
        var cursor = context.Request.Query["cursor"].ToString();
        var listed = await context
            .Get<AffiliateLists>()
            .PayoutsAsync(
                new PayoutListFilter { ProgramId = program.Id, PartnerId = partner.Id },
                new PageRequest { Size = PageSize, Cursor = cursor.Length is > 0 and <= 2048 ? cursor : null },
                context.RequestAborted
            )
            .ConfigureAwait(false);
        var today = Today(context, program);
        return PortalRequest.Page<PayoutsPage>(
            new PayoutsModel(
                PortalRequest.View(context, "payouts", text["Payouts"], partner),
                program,
                await BalanceAsync(context, partner, program).ConfigureAwait(false),
                listed.Value?.Items ?? [],
                listed.Value?.NextCursor,
                listed.Error,
                today.PlusDays(1 - ChartDays),
                today.PlusDays(1)
            )
        );
    }

    private static async Task<IResult> PayoutAsync(HttpContext context, Partner partner, string id, bool csv)
    {
        if (!PayoutId.TryParse(id, CultureInfo.InvariantCulture, out var payoutId))
        {
            return PortalRequest.NotFound(context, partner);
        }

        var statement = await context
            .Get<PayoutProcessor>()
            .StatementAsync(payoutId, context.RequestAborted)
            .ConfigureAwait(false);
        if (statement.Value is not { } found || found.Payout.PartnerId != partner.Id)
        {
            // Another partner's payout is answered exactly as one that does not exist.
            return PortalRequest.NotFound(context, partner);
        }

        if (csv)
        {
            return ApiRequest.Csv(Csv.Lines(found.Lines), $"payout-{found.Payout.Id}.csv");
        }

        var text = PortalRequest.Text(context);
        return PortalRequest.Page<PayoutPage>(
            new PayoutModel(
                PortalRequest.View(context, "payouts", text["Payout"], partner),
                await ProgramAsync(context).ConfigureAwait(false),
                found
            )
        );
    }

    /// <summary>
    /// The partner's statement of a period (<c>from</c>, <c>until</c>; a year at most) as CSV, as the partner API's.
    /// </summary>
    public static async Task<IResult> StatementCsvAsync(HttpContext context, Partner partner)
    {
        var program = await ProgramAsync(context).ConfigureAwait(false);
        if (
            !ApiRequest.TryDays(context.Request, program, context.Get<IClock>(), out var from, out var until, out _)
            || Period.DaysBetween(from, until) > PartnerApiHandlers.MaxStatementDays
        )
        {
            var text = PortalRequest.Text(context);
            return PortalRequest.Page<MessagePage>(
                new MessageModel(
                    PortalRequest.View(
                        context,
                        context.GetEndpoint()?.Metadata.GetMetadata<PortalMount>()?.Area == PortalArea.Admin
                            ? "partners"
                            : "payouts",
                        text["Statement"],
                        partner
                    ),
                    text["Choose a period of at most a year: the first day and the day after the last, as dates."]
                ),
                StatusCodes.Status400BadRequest
            );
        }

        var (start, end) = ApiRequest.Instants(program, from, until);
        var statement = await context
            .Get<CommissionLedger>()
            .StatementAsync(partner.Id, start, end, program.Id, context.RequestAborted)
            .ConfigureAwait(false);
        var iso = NodaTime.Text.LocalDatePattern.Iso;
        return ApiRequest.Csv(Csv.Lines(statement.Lines), $"statement-{iso.Format(from)}-{iso.Format(until)}.csv");
    }

    // ---- plan and tier ----

    private static async Task<IResult> PlanAsync(HttpContext context, Partner partner)
    {
        var text = PortalRequest.Text(context);
        var program = await ProgramAsync(context).ConfigureAwait(false);
        var now = context.Get<IClock>().GetCurrentInstant();
        return PortalRequest.Page<PlanPage>(
            new PlanModel(
                PortalRequest.View(context, "plan", text["Plan"], partner),
                program,
                program.Plan.VersionAt(now),
                program.Plan.Versions.Where(v => v.EffectiveFrom > now).OrderBy(v => v.EffectiveFrom).ToArray(),
                await TierProgressAsync(context, partner, program).ConfigureAwait(false),
                await VolumeProgressAsync(context, partner, program).ConfigureAwait(false)
            )
        );
    }

    /// <summary>
    /// Where the partner stands on each volume-tiered rule in force: the conversions or revenue of the rule's window
    /// so far (from the daily rollups, as the engine counts them: every credited conversion of the partner), the
    /// rate the next sale earns and the step after it.
    /// </summary>
    private static async Task<IReadOnlyList<VolumeProgress>> VolumeProgressAsync(
        HttpContext context,
        Partner partner,
        AffiliateProgram program
    )
    {
        var now = context.Get<IClock>().GetCurrentInstant();
        var rules = program.Plan.VersionAt(now)?.Rules.Where(r => r.Tiers is { Steps.Count: > 1 }).ToArray() ?? [];
        var zone = program.TimeZone;
        var today = now.InZone(zone).Date;
        var progress = new List<VolumeProgress>();
        foreach (var rule in rules)
        {
            // At most one report per tiered rule, each over the days of its window.
            var tiers = rule.Tiers!;
            var from = (tiers.Window.StartFor(now, zone) ?? partner.JoinedAt).InZone(zone).Date;
            var report = await context
                .Get<AffiliateReports>()
                .PartnerAsync(
                    partner.Id,
                    new ReportPeriod(from > today ? today : from, today.PlusDays(1), ReportGranularity.Month),
                    program.Id,
                    context.RequestAborted
                )
                .ConfigureAwait(false);
            var total = report.Value?.Total;
            var position =
                tiers.Measure == TierMeasure.Count ? (total?.Conversions ?? 0) + 1 : total?.Revenue.Amount ?? 0m;
            var current = tiers.TierFor(position);
            var nextIndex = current is { } found ? found.Index + 1 : 0;
            progress.Add(
                new VolumeProgress(
                    rule.DisplayName,
                    tiers,
                    total?.Conversions ?? 0,
                    total?.Revenue ?? Money.Zero(program.Currency),
                    current?.Tier,
                    nextIndex < tiers.Steps.Count ? tiers.Steps[nextIndex] : null
                )
            );
        }

        return progress;
    }

    /// <summary>
    /// The partner's performance tier and what the next one asks, measured over the policy's current period from
    /// the daily rollups (the report), as the tier job measures the period it closes.
    /// </summary>
    private static async Task<TierProgress?> TierProgressAsync(
        HttpContext context,
        Partner partner,
        AffiliateProgram program
    )
    {
        var now = context.Get<IClock>().GetCurrentInstant();
        if (program.Plan.VersionAt(now)?.PerformanceTiers is not { Levels.Count: > 0 } policy)
        {
            return null;
        }

        var zone = program.TimeZone;
        var today = now.InZone(zone).Date;
        var from = policy.Period.StartFor(now, zone) is { } start
            ? start.InZone(zone).Date
            : partner.JoinedAt.InZone(zone).Date;
        if (from > today)
        {
            from = today;
        }

        var report = await context
            .Get<AffiliateReports>()
            .PartnerAsync(
                partner.Id,
                new ReportPeriod(from, today.PlusDays(1), ReportGranularity.Month),
                program.Id,
                context.RequestAborted
            )
            .ConfigureAwait(false);
        var total = report.Value?.Total;
        var revenue = total is null ? 0m : (total.Revenue - total.RefundedRevenue).Amount;
        var refunded =
            total is null || total.Revenue.Amount <= 0
                ? 0m
                : total.Conversions * total.RefundedRevenue.Amount / total.Revenue.Amount;
        var performance = new PartnerPerformance(total?.Clicks ?? 0, total?.Conversions ?? 0, revenue, refunded);
        var levels = policy.Levels;
        var index = partner.Tier is { } tier ? levels.ToList().FindIndex(l => l.Tier == tier) : -1;
        var next = index + 1 < levels.Count ? levels[index + 1] : null;
        return new TierProgress(partner.Tier, next, policy.Period, from, performance, program.Currency);
    }
}

/// <summary>The dashboard: the last 30 days drawn, the balance, and the tier.</summary>
internal sealed record DashboardModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<TimeSeriesPoint> Series,
    PartnerBalance Balance,
    TierProgress? Tier,
    IReadOnlyList<VolumeProgress> Volumes
);

/// <summary>Where a partner who is not active stands (pending, declined, terminated).</summary>
internal sealed record StandingModel(PortalView View);

/// <summary>The apply form; <paramref name="CanApply"/> is false when the user maps to no partner id.</summary>
internal sealed record ApplyModel(PortalView View, bool CanApply, AffiliateProgram Program, IFormCollection? Posted);

/// <summary>The partner's links and the form that makes one.</summary>
internal sealed record LinksModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<PartnerLink> Links,
    string? NextCursor,
    string? ReferralUrl,
    string? LinkBase,
    IFormCollection? Posted,
    AffiliateError? ListError
);

/// <summary>A conversion with the partner's own lines.</summary>
internal sealed record ConversionRow(Conversion Conversion, IReadOnlyList<CommissionLine> Lines)
{
    public Money? Commission =>
        Lines.Count == 0 ? null : Money.Sum(Lines.Where(l => l.IsLive).Select(l => l.Amount), Lines[0].Amount.Currency);
}

/// <summary>A page of the partner's conversions.</summary>
internal sealed record ConversionsModel(
    PortalView View,
    AffiliateProgram Program,
    IReadOnlyList<ConversionRow> Rows,
    string? NextCursor,
    AffiliateError? Error
);

/// <summary>One conversion: its facts, the partner's lines and the sentences that explain them.</summary>
internal sealed record ConversionModel(
    PortalView View,
    AffiliateProgram Program,
    Conversion Conversion,
    IReadOnlyList<CommissionLine> Lines,
    IReadOnlyList<StatementEntry> Entries
);

/// <summary>The balance, the payouts and the statement download.</summary>
internal sealed record PayoutsModel(
    PortalView View,
    AffiliateProgram Program,
    PartnerBalance Balance,
    IReadOnlyList<Payout> Payouts,
    string? NextCursor,
    AffiliateError? ListError,
    LocalDate StatementFrom,
    LocalDate StatementUntil
);

/// <summary>One payout's statement.</summary>
internal sealed record PayoutModel(PortalView View, AffiliateProgram Program, PayoutStatement Statement);

/// <summary>The plan's terms in force, the versions scheduled, and the partner's tier.</summary>
internal sealed record PlanModel(
    PortalView View,
    AffiliateProgram Program,
    PlanVersion? Current,
    IReadOnlyList<PlanVersion> Scheduled,
    TierProgress? Tier,
    IReadOnlyList<VolumeProgress> Volumes
);

/// <summary>
/// A volume-tiered rule and where the partner stands on it: the window's conversions and revenue so far, the step
/// the next sale falls in (null below the first) and the step after it (null at the top).
/// </summary>
internal sealed record VolumeProgress(
    string Rule,
    VolumeTiers Tiers,
    int Conversions,
    Money Revenue,
    VolumeTier? Current,
    VolumeTier? Next
);

/// <summary>
/// A partner's performance tier, the next one (null at the top) and the results so far in the period that decides.
/// </summary>
internal sealed record TierProgress(
    PartnerTier? Current,
    PerformanceTierLevel? Next,
    VolumeWindow Period,
    LocalDate Since,
    PartnerPerformance Results,
    Currency Currency
);
