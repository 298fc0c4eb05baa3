using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// The scale targets' ratio: a row's Mean divided by the Mean of the same benchmark at the smallest size, with the
/// same other parameters (provider) and job. BenchmarkDotNet's own Ratio compares with a baseline method within one
/// set of parameters only, so "time at 10x the data against time at 1x" needs a column of its own.
/// </summary>
public sealed class SizeRatioColumn : IColumn
{
    /// <summary>The parameters that are data sizes.</summary>
    public static readonly string[] SizeParameters = ["PriorConversions", "Lines", "PriorRows"];

    /// <inheritdoc />
    public string Id => nameof(SizeRatioColumn);

    /// <inheritdoc />
    public string ColumnName => "Size Ratio";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Custom;

    /// <inheritdoc />
    public int PriorityInCategory => 0;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Mean divided by the same benchmark's Mean at the smallest size (same provider and job)";

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public bool IsAvailable(Summary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        return summary.BenchmarksCases.Any(c => Size(c) is not null);
    }

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(summary);
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        if (Size(benchmarkCase) is null)
        {
            return "-";
        }

        var smallest = summary
            .BenchmarksCases.Where(c =>
                c.Descriptor.WorkloadMethod == benchmarkCase.Descriptor.WorkloadMethod
                && c.Job.DisplayInfo == benchmarkCase.Job.DisplayInfo
                && OtherParameters(c) == OtherParameters(benchmarkCase)
                && Size(c) is not null
            )
            .MinBy(Size);
        var mine = summary[benchmarkCase]?.ResultStatistics?.Mean;
        var theirs = smallest is null ? null : summary[smallest]?.ResultStatistics?.Mean;
        return mine is { } m && theirs is { } t && t > 0 ? (m / t).ToString("0.00", CultureInfo.InvariantCulture) : "?";
    }

    private static long? Size(BenchmarkCase benchmarkCase) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => SizeParameters.Contains(p.Name)) is { Value: { } value }
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    private static string OtherParameters(BenchmarkCase benchmarkCase) =>
        string.Join(
            ';',
            benchmarkCase
                .Parameters.Items.Where(p => !SizeParameters.Contains(p.Name))
                .Select(p => p.Name + "=" + p.Value)
        );
}
