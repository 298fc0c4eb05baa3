using BenchmarkDotNet.Reports;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>Whether a run did what it was asked: every selected benchmark ran and measured; the exit code says
/// it.</summary>
public static class RunOutcome
{
    /// <summary>0 when every benchmark of every summary ran; 1, with each failure printed, otherwise.</summary>
    public static int ExitCode(IReadOnlyList<Summary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var failures = new List<string>();
        if (summaries.Sum(s => s.BenchmarksCases.Length) == 0)
        {
            failures.Add("no benchmark ran: check the --filter pattern (benchmarks are named like *ClickBenchmarks*)");
        }

        foreach (var summary in summaries)
        {
            failures.AddRange(summary.ValidationErrors.Where(e => e.IsCritical).Select(e => "invalid: " + e.Message));
            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                var report = summary[benchmarkCase];
                if (report is null || !report.Success || report.ResultStatistics is null)
                {
                    failures.Add("failed: " + benchmarkCase.DisplayInfo);
                }
            }
        }

        var ran = summaries.Sum(s => s.BenchmarksCases.Length);
        if (failures.Count == 0)
        {
            Console.WriteLine($"// Affiliate benchmarks: {ran} benchmarks ran, none failed.");
            return 0;
        }

        Console.Error.WriteLine($"// Affiliate benchmarks: {failures.Count} problems in {ran} benchmarks:");
        foreach (var failure in failures)
        {
            Console.Error.WriteLine("//   " + failure);
        }

        return 1;
    }
}
