namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// Turns the nominal sizes of the <c>[Params]</c> (10,000 prior conversions, 250,000 lines...) into the sizes a run
/// really uses: the same in a full run, a thousandth in smoke mode, so CI checks that every benchmark still runs
/// without seeding millions of rows. The tables keep showing the nominal sizes.
/// </summary>
public static class Sizes
{
    /// <summary>Set to <c>1</c> by <c>--smoke</c>; an environment variable so a child process would see it
    /// too.</summary>
    public const string SmokeVariable = "AFFILIATE_BENCH_SMOKE";

    /// <summary>True in smoke mode.</summary>
    public static bool Smoke => Environment.GetEnvironmentVariable(SmokeVariable) == "1";

    /// <summary>
    /// Set by <c>--read-lines 25000,250000</c>: the line counts the read benchmarks use instead of 100,000 and
    /// 1,000,000, to measure the reads on the (cached) templates the job benchmarks seed when there is no time to
    /// seed a million lines.
    /// </summary>
    public const string ReadLinesVariable = "AFFILIATE_BENCH_READ_LINES";

    /// <summary>The read benchmarks' line counts (nominal).</summary>
    public static IEnumerable<int> ReadLines =>
        Environment.GetEnvironmentVariable(ReadLinesVariable) is { Length: > 0 } sizes
            ? sizes.Split(',').Select(s => int.Parse(s, System.Globalization.CultureInfo.InvariantCulture))
            : [100_000, 1_000_000];

    /// <summary>The size a run uses for a nominal size: itself, or a thousandth of it (at least 1) in smoke
    /// mode.</summary>
    public static int Of(int nominal) => Smoke ? Math.Max(1, nominal / 1000) : nominal;
}
