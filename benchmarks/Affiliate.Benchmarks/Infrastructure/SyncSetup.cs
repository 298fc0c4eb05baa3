namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// Runs asynchronous set-up work from BenchmarkDotNet's setup and cleanup methods, which 0.15 calls synchronously
/// (only global set-up may return a task there). The benchmark process has no synchronization context, so blocking
/// cannot deadlock; the measured methods themselves are async and awaited.
/// </summary>
public static class SyncSetup
{
    /// <summary>Runs <paramref name="work"/> to completion.</summary>
    public static void Run(Func<Task> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        work().GetAwaiter().GetResult();
    }
}
