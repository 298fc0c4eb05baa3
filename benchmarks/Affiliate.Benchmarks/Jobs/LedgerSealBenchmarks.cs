using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.Stores;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Benchmarks.Jobs;

/// <summary>
/// One run of the <c>ledger-seal</c> job over <see cref="NewLines"/> lines written since its last run, with 10,000 and
/// 100,000 lines already sealed in the ledger (a fresh copy before every iteration). Target: the run's cost does not
/// grow with the sealed ledger (Size Ratio close to 1): it reads the partial index of unsealed lines and the chain
/// heads of the partners in the batch, never the sealed lines.
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Heavy)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class LedgerSealBenchmarks
{
    /// <summary>Lines written since the last run, spread over the program's partners (a thousandth in smoke mode).
    /// </summary>
    public const int NewLines = 1_000;

    private BenchDatabase? _database;
    private BenchHost _host = null!;
    private int _new;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>Lines already sealed in the ledger (nominal; a thousandth in smoke mode).</summary>
    [Params(10_000, 100_000)]
    public int Lines { get; set; }

    /// <summary>The history of <see cref="DataSets.PendingLines"/>, every line sealed.</summary>
    private Template Data =>
        new("sealed-lines", Sizes.Of(Lines), SealAllAsync) { Base = DataSets.PendingLines(Sizes.Of(Lines)) };

    /// <summary>The library's job, run once as the hosted runner runs it.</summary>
    [Benchmark]
    public async Task SealNewLines()
    {
        var run = await _host
            .Services.GetServices<IAffiliateJob>()
            .Single(j => j.Name == LedgerSealJob.JobName)
            .RunOnceAsync(default);
        Expect(run.Ran && run.Items == _new, $"The job sealed {run.Items} of {_new} new lines: {run.Summary}");
    }

    /// <summary>A fresh copy of the sealed ledger, then the new lines (unmeasured).</summary>
    [IterationSetup]
    public void StartIteration() =>
        SyncSetup.Run(async () =>
        {
            _database = await TemplateCache.CopyAsync(Provider, Data);
            _host = BenchHost.Create(_database);
            _host.Clock.Now = BenchProgram.JobsRunAt;
            _new = Sizes.Of(NewLines);
            var lines = Enumerable.Range(0, _new).Select(NewLine).ToArray();
            var written = await _host.RunAsync<ILedgerStore, StoreWriteResult>(l =>
                l.WriteAsync(new LedgerChange { NewLines = lines }, default).AsTask()
            );
            Expect(written.Succeeded, $"Writing the new lines returned {written}.");
            var unsealed = await _database.ScalarAsync(
                $"SELECT COUNT(*) FROM {BenchDatabase.Table("commission_lines")} WHERE sealed = 0"
            );
            Expect(unsealed == _new, $"{unsealed} lines are unsealed before the run, not {_new}.");
        });

    /// <summary>Drops the copy.</summary>
    [IterationCleanup]
    public void EndIteration() =>
        SyncSetup.Run(async () =>
        {
            await _host.DisposeAsync();
            await _database!.DisposeAsync();
            _database = null;
        });

    private static async Task SealAllAsync(BenchHost host)
    {
        var (count, interrupted) = await host.RunAsync<LedgerSeals, (int, bool)>(s =>
            s.SealAsync(batchSize: 5_000).AsTask()
        );
        Expect(count > 0 && !interrupted, $"Sealing the template sealed {count} lines (interrupted: {interrupted}).");
    }

    private static CommissionLine NewLine(int i) =>
        new()
        {
            Id = new CommissionLineId(string.Create(CultureInfo.InvariantCulture, $"cml-new-{i:D6}")),
            ProgramId = BenchProgram.ProgramId,
            PartnerId = BenchProgram.Partner(i % BenchProgram.PartnerCount),
            Kind = LedgerEntryKind.Adjustment,
            Amount = Money.Of(1.25m, "EUR"),
            State = CommissionState.Approved,
            CreatedAt = BenchProgram.JobsRunAt,
            ApprovedAt = BenchProgram.JobsRunAt,
            AdjustmentId = string.Create(CultureInfo.InvariantCulture, $"bench-new-{i:D6}"),
            AdjustmentKind = AdjustmentKind.Bonus,
            Explanation = "1.25 EUR bonus written since the last seal run.",
        };

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }
}
