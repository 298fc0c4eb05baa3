using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Stores.Specification.ReadSide;

/// <summary>
/// Compares what the reports and balances read from the rollups with a recomputation from the raw rows (the report
/// code that loaded every click, conversion and line, kept here as the oracle): equal, or the first difference.
/// </summary>
public static class ReadSideOracle
{
    public static async Task<string?> DifferenceAsync(
        IServiceProvider services,
        IReadOnlyList<string> partners,
        LocalDate from,
        LocalDate until
    )
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(partners);
        var reports = services.GetRequiredService<AffiliateReports>();
        var naive = new NaiveReports(
            services.GetRequiredService<ProgramCatalog>(),
            services.GetRequiredService<ITouchStore>(),
            services.GetRequiredService<IConversionStore>(),
            services.GetRequiredService<ILedgerStore>()
        );

        foreach (var granularity in new[] { ReportGranularity.Day, ReportGranularity.Week, ReportGranularity.Month })
        {
            var period = new ReportPeriod(from, until, granularity);
            if (
                Differs(
                    "program report " + granularity,
                    Rows(await naive.ProgramAsync(period)),
                    Rows(await reports.ProgramAsync(period))
                ) is
                { } program
            )
            {
                return program;
            }

            foreach (var partner in partners.Select(p => new PartnerId(p)))
            {
                if (
                    Differs(
                        $"{partner} report {granularity}",
                        Rows(await naive.PartnerAsync(partner, period)),
                        Rows(await reports.PartnerAsync(partner, period))
                    ) is
                    { } own
                )
                {
                    return own;
                }
            }
        }

        foreach (var partner in partners.Select(p => new PartnerId(p)))
        {
            for (var index = 0; index < AffiliateReports.SubIdCount; index++)
            {
                if (
                    Differs(
                        $"{partner} sub{index + 1}",
                        (await naive.SubIdsAsync(partner, from, until, subIdIndex: index)).GetValueOrThrow(),
                        (await reports.SubIdsAsync(partner, from, until, subIdIndex: index)).GetValueOrThrow()
                    ) is
                    { } subIds
                )
                {
                    return subIds;
                }
            }

            if (
                Differs(
                    $"{partner} balance",
                    await NaiveBalancesAsync(services, partner),
                    await services.GetRequiredService<CommissionLedger>().BalancesAsync(partner)
                ) is
                { } balance
            )
            {
                return balance;
            }
        }

        if (await ActivityDifferenceAsync(services, partners, from, until) is { } activity)
        {
            return activity;
        }

        return Differs(
            "leaderboard",
            (await naive.LeaderboardAsync(from, until, 100)).GetValueOrThrow(),
            (await reports.LeaderboardAsync(from, until, 100)).GetValueOrThrow()
        )
            ?? Differs(
                "summary",
                [(await naive.SummaryAsync(from, until)).GetValueOrThrow()],
                [(await reports.SummaryAsync(from, until)).GetValueOrThrow()]
            );
    }

    /// <summary>The fraud rules' hourly counters against counts over the raw clicks and conversions.</summary>
    private static async Task<string?> ActivityDifferenceAsync(
        IServiceProvider services,
        IReadOnlyList<string> partners,
        LocalDate from,
        LocalDate until
    )
    {
        var program = services.GetRequiredService<ProgramCatalog>().Find(null)!;
        var (start, end) = (
            from.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant(),
            until.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant()
        );
        var rollups = services.GetRequiredService<IRollupStore>();
        var touches = services.GetRequiredService<ITouchStore>();
        var conversions = services.GetRequiredService<IConversionStore>();
        foreach (var partner in partners.Select(p => (PartnerId?)new PartnerId(p)).Append(null))
        {
            var clicks = (
                await touches.CountClicksAsync(
                    new ClickQuery
                    {
                        ProgramId = program.Id,
                        PartnerId = partner,
                        From = start,
                        Until = end,
                    },
                    default
                )
            ).Clicks;
            var credited = new List<Conversion>();
            await foreach (
                var conversion in conversions.QueryAsync(
                    new ConversionQuery
                    {
                        ProgramId = program.Id,
                        PartnerId = partner,
                        From = start,
                        Until = end,
                    },
                    default
                )
            )
            {
                if (
                    conversion.Shares.Count > 0
                    && conversion.Status is not (ConversionStatus.Rejected or ConversionStatus.NotAttributed)
                )
                {
                    credited.Add(conversion);
                }
            }

            var expected = new ActivityCounters(
                clicks,
                credited.Count,
                credited.Count(c => c.ClickId is not null),
                credited.Count(c => c.Refunded.IsPositive)
            );
            var actual = await rollups.ActivityAsync(
                program.Id,
                partner,
                ActivityHours.Of(start),
                ActivityHours.Of(end),
                default
            );
            if (expected != actual)
            {
                return $"activity of {partner?.Value ?? "the program"}: raw rows say {expected}, counters say {actual}";
            }
        }

        return null;
    }

    /// <summary>Balances summed from every line, as they were read before balances were kept.</summary>
    private static async Task<IReadOnlyList<PartnerBalance>> NaiveBalancesAsync(
        IServiceProvider services,
        PartnerId partner
    )
    {
        var lines = await services
            .GetRequiredService<ILedgerStore>()
            .QueryLinesAsync(new LineQuery { PartnerId = partner }, default);
        return lines
            .GroupBy(l => l.Amount.Currency)
            .Select(g =>
            {
                Money Sum(Func<CommissionLine, bool> which) => Money.Sum(g.Where(which).Select(l => l.Amount), g.Key);
                return new PartnerBalance(
                    g.Key,
                    Sum(l => l.State == CommissionState.Pending),
                    Sum(l => l.State == CommissionState.Held),
                    Sum(l => l.State == CommissionState.Approved && l.PayoutId is null),
                    Sum(l => l.State == CommissionState.Approved && l.PayoutId is not null),
                    Sum(l => l.State == CommissionState.Paid)
                );
            })
            .ToArray();
    }

    private static IReadOnlyList<PerformanceRow> Rows(AffiliateResult<PerformanceReport> report)
    {
        var value = report.Value ?? throw new InvalidOperationException($"The report failed: {report.Error}");
        return [.. value.Rows, value.Total];
    }

    private static string? Differs<T>(string what, IReadOnlyList<T> expected, IReadOnlyList<T> actual)
    {
        if (expected.Count != actual.Count)
        {
            return $"{what}: {expected.Count} rows from the raw rows, {actual.Count} from the rollups";
        }

        for (var i = 0; i < expected.Count; i++)
        {
            if (!Equals(expected[i], actual[i]))
            {
                return $"{what} row {i}: raw rows say {expected[i]}, rollups say {actual[i]}";
            }
        }

        return null;
    }
}
