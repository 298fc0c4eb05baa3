using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Affiliate.Benchmarks.Jobs;

/// <summary>
/// What the job benchmarks share: 25,000 and 250,000 commission lines over 200 partners, and a fresh copy of the
/// seeded database before every iteration (a job changes what it runs on), with the clock at
/// <see cref="BenchProgram.JobsRunAt"/>, when every line is past its hold period. Scale target of every job: time at
/// 10 times the lines at most 11 times the time (Size Ratio &lt;= 11).
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Heavy)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public abstract class JobBenchmarks
{
    private BenchDatabase? _database;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>Commission lines in the program (nominal; a thousandth in smoke mode).</summary>
    [Params(25_000, 250_000)]
    public int Lines { get; set; }

    /// <summary>The library over this iteration's copy.</summary>
    protected BenchHost Host { get; private set; } = null!;

    /// <summary>This iteration's copy.</summary>
    protected BenchDatabase Database => _database!;

    /// <summary>What the job starts from.</summary>
    protected abstract Template Data { get; }

    /// <summary>A fresh copy and host, then <see cref="PrepareAsync"/>.</summary>
    [IterationSetup]
    public void StartIteration() =>
        SyncSetup.Run(async () =>
        {
            _database = await TemplateCache.CopyAsync(Provider, Data);
            Host = BenchHost.Create(_database);
            Host.Clock.Now = BenchProgram.JobsRunAt;
            await PrepareAsync();
        });

    /// <summary>Drops the copy.</summary>
    [IterationCleanup]
    public void EndIteration() =>
        SyncSetup.Run(async () =>
        {
            await CleanUpAsync();
            await Host.DisposeAsync();
            await _database!.DisposeAsync();
            _database = null;
        });

    /// <summary>Unmeasured work before an iteration, such as reading what the job will find.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    /// <summary>Unmeasured work after an iteration.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <summary>Fails the benchmark when a job did not do all its work (a ratio of unfinished work means
    /// nothing).</summary>
    protected static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }
}
