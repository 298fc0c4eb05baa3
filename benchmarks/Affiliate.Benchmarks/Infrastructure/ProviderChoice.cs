namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// Which providers a run measures: both by default, or those named by <c>--providers sqlite</c> (the program puts the
/// list in an environment variable that the benchmarks' <c>[ParamsSource]</c> reads), so that a run that has no time
/// for PostgreSQL can skip it.
/// </summary>
public static class ProviderChoice
{
    /// <summary>The environment variable: a comma-separated list of provider names, any case.</summary>
    public const string Variable = "AFFILIATE_BENCH_PROVIDERS";

    /// <summary>The providers to measure.</summary>
    public static IEnumerable<Provider> Selected
    {
        get
        {
            var names = Environment.GetEnvironmentVariable(Variable);
            if (string.IsNullOrWhiteSpace(names))
            {
                return Enum.GetValues<Provider>();
            }

            return names
                .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n =>
                    Enum.TryParse<Provider>(n, ignoreCase: true, out var provider)
                        ? provider
                        : throw new ArgumentException(
                            $"--providers: '{n}' is not one of {string.Join(", ", Enum.GetNames<Provider>())}."
                        )
                )
                .Distinct()
                .ToArray();
        }
    }
}
