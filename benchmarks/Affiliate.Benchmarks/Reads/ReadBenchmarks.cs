using System.Data.Common;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Affiliate.Benchmarks.Reads;

/// <summary>
/// Reads over 100,000 and 1,000,000 commission lines (with their sales and clicks, all in the last 30 days): a
/// partner's 30-day daily report, the program summary over the same 30 days, and a partner's balance. Targets: 10
/// times the data at most 1.5 times the time (Size Ratio &lt;= 1.5), and each at least half as fast as a hand-written
/// GROUP BY over the same rows (Ratio &lt;= 2.0 in its category). Both sides are checked to agree first.
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Heavy)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ReadBenchmarks
{
    private const string PartnerReport = "Partner report";
    private const string Summary = "Program summary";
    private const string Balance = "Balance";

    /// <summary>Partner 3: a seller with sales of its own and, as a sponsor, upline lines from partners 7, 8 and
    /// below.</summary>
    private static readonly PartnerId Partner = BenchProgram.Partner(3);

    private static readonly LocalDate From = (BenchProgram.Now - BenchProgram.Window).InUtc().Date;
    private static readonly LocalDate Until = BenchProgram.Now.InUtc().Date.PlusDays(1);

    private BenchDatabase? _database;
    private BenchHost? _host;
    private DbConnection? _connection;
    private HandWrittenReports? _hand;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>The line counts to measure (100,000 and 1,000,000 unless <c>--read-lines</c> says otherwise).</summary>
    public static IEnumerable<int> LineCounts => Sizes.ReadLines;

    /// <summary>Commission lines in the program (nominal; a thousandth in smoke mode).</summary>
    [ParamsSource(nameof(LineCounts))]
    public int Lines { get; set; }

    private static Instant FromInstant => From.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    private static Instant UntilInstant => Until.AtStartOfDayInZone(DateTimeZone.Utc).ToInstant();

    /// <summary>A copy of the seeded lines (reads change nothing, so one per benchmark), and a check that both sides
    /// agree.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        _database = await TemplateCache.CopyAsync(Provider, DataSets.PendingLines(Sizes.Of(Lines)));
        _host = BenchHost.Create(_database);
        _connection = await _database.OpenAsync();
        _hand = new HandWrittenReports(_connection);
        await CheckAgreementAsync();
    }

    /// <summary>Drops the copy.</summary>
    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _connection!.DisposeAsync();
        await _host!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    /// <summary>The partner's days as three GROUP BY queries.</summary>
    [BenchmarkCategory(PartnerReport)]
    [Benchmark(Baseline = true, Description = "GROUP BY")]
    public Task<IReadOnlyDictionary<long, HandWrittenReports.DayRow>> PartnerGroupBy() =>
        _hand!.PartnerAsync(Partner, FromInstant, UntilInstant);

    /// <summary><c>AffiliateReports.PartnerAsync</c>, daily rows.</summary>
    [BenchmarkCategory(PartnerReport)]
    [Benchmark(Description = "AffiliateReports.PartnerAsync")]
    public Task<AffiliateResult<PerformanceReport>> PartnerReportAsync() =>
        _host!.RunAsync<AffiliateReports, AffiliateResult<PerformanceReport>>(r =>
            r.PartnerAsync(Partner, new ReportPeriod(From, Until, ReportGranularity.Day)).AsTask()
        );

    /// <summary>The summary as four GROUP BY queries.</summary>
    [BenchmarkCategory(Summary)]
    [Benchmark(Baseline = true, Description = "GROUP BY")]
    public Task<HandWrittenReports.Summary> SummaryGroupBy() => _hand!.SummaryAsync(FromInstant, UntilInstant);

    /// <summary><c>AffiliateReports.SummaryAsync</c>.</summary>
    [BenchmarkCategory(Summary)]
    [Benchmark(Description = "AffiliateReports.SummaryAsync")]
    public Task<AffiliateResult<ProgramSummary>> SummaryAsync() =>
        _host!.RunAsync<AffiliateReports, AffiliateResult<ProgramSummary>>(r => r.SummaryAsync(From, Until).AsTask());

    /// <summary>The balance as one GROUP BY query.</summary>
    [BenchmarkCategory(Balance)]
    [Benchmark(Baseline = true, Description = "GROUP BY")]
    public Task<IReadOnlyDictionary<HandWrittenReports.BalanceKey, decimal>> BalanceGroupBy() =>
        _hand!.BalanceAsync(Partner);

    /// <summary><c>CommissionLedger.BalancesAsync</c>.</summary>
    [BenchmarkCategory(Balance)]
    [Benchmark(Description = "CommissionLedger.BalancesAsync")]
    public Task<IReadOnlyList<PartnerBalance>> BalancesAsync() =>
        _host!.RunAsync<CommissionLedger, IReadOnlyList<PartnerBalance>>(l =>
            l.BalancesAsync(Partner, BenchProgram.ProgramId).AsTask()
        );

    /// <summary>A ratio between answers that differ compares different work: fail instead.</summary>
    private async Task CheckAgreementAsync()
    {
        var report = (await PartnerReportAsync()).GetValueOrThrow().Total;
        var days = (await PartnerGroupBy()).Values.ToArray();
        Agree("partner clicks", report.Clicks, days.Sum(d => d.Clicks));
        Agree("partner conversions", report.Conversions, days.Sum(d => d.Conversions));
        Agree("partner revenue", report.Revenue.Amount, days.Sum(d => d.Revenue));
        var pending = days.Sum(d => d.Commission(CommissionState.Pending));
        Agree("partner pending commissions", report.Commissions.Pending.Amount, pending);

        var summary = (await SummaryAsync()).GetValueOrThrow();
        var hand = await SummaryGroupBy();
        Agree("clicks", summary.Clicks, hand.Totals.Clicks);
        Agree("conversions", summary.Conversions, hand.Totals.Conversions);
        Agree("revenue", summary.Revenue.Amount, hand.Totals.Revenue);
        Agree("credited partners", summary.Partners, hand.PartnerRevenue.Count);
        Agree("top partners' revenue", summary.TopPartnersRevenue.Amount, hand.TopPartnersRevenue);

        var balance = (await BalancesAsync()).Single();
        var sums = await BalanceGroupBy();
        Agree("pending balance", balance.Pending.Amount, sums.GetValueOrDefault(new(CommissionState.Pending, false)));
    }

    private static void Agree(string what, decimal library, decimal hand)
    {
        if (library != hand)
        {
            throw new InvalidOperationException(
                $"The library and the hand-written query disagree on {what}: {library} against {hand}."
            );
        }
    }
}
