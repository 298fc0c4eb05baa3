using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>How long one invocation of a benchmark class takes, which decides how it is measured.</summary>
public enum JobWeight
{
    /// <summary>Nanoseconds to microseconds (pricing): BenchmarkDotNet's default, as many iterations as it
    /// wants.</summary>
    Micro,

    /// <summary>Milliseconds to a few seconds per invocation (conversions, clicks): 3 warm-ups, 10
    /// iterations.</summary>
    Database,

    /// <summary>Seconds to minutes per invocation (jobs, reads over large tables): 3 warm-ups, 5 iterations.</summary>
    Heavy,
}

/// <summary>The jobs the benchmarks run with.</summary>
public static class BenchJobs
{
    // Declared first: the jobs below are built from it when the class initialises.
    private static readonly InProcessEmitToolchain InProcessToolchain = new(TimeSpan.FromHours(4), logOutput: true);

    /// <summary>
    /// One warm-up and one iteration of one invocation (BenchmarkDotNet's Dry job, cold start): enough to know each
    /// benchmark still runs, not to measure anything.
    /// </summary>
    public static Job Smoke { get; } = InProcess(Job.Dry).WithId("Smoke");

    /// <summary>The job of a weight.</summary>
    public static Job For(JobWeight weight) =>
        weight switch
        {
            JobWeight.Micro => InProcess(Job.Default).WithId("Micro"),
            JobWeight.Database => Macro(warmups: 3, iterations: 10).WithId("Database"),
            _ => Macro(warmups: 3, iterations: 5).WithId("Heavy"),
        };

    /// <summary>
    /// Database benchmarks: no pilot or overhead stages (an invocation is far above timer resolution) and one
    /// invocation per iteration, which the benchmarks that restore their data before every iteration need anyway.
    /// </summary>
    private static Job Macro(int warmups, int iterations) =>
        InProcess(
            Job.Default.WithStrategy(RunStrategy.Monitoring)
                .WithWarmupCount(warmups)
                .WithIterationCount(iterations)
                .WithInvocationCount(1)
                .WithUnrollFactor(1)
        );

    /// <summary>
    /// Every benchmark runs in the benchmark process itself: the run's one PostgreSQL cluster and its template
    /// databases serve all benchmarks, where a process per benchmark would start a cluster and load templates each
    /// time. The in-process toolchain gives up on a benchmark after 5 minutes by default; recording 100,000-sale
    /// histories or approving 250,000 lines takes longer today, so allow hours.
    /// </summary>
    private static Job InProcess(Job job) => job.WithToolchain(InProcessToolchain);
}
