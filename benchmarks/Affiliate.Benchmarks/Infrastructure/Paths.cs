namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>Where the benchmarks keep their files: under the repository's <c>artifacts/benchmarks</c>.</summary>
public static class Paths
{
    private static readonly Lazy<string> Root = new(FindRoot);

    /// <summary><c>artifacts/benchmarks</c>.</summary>
    public static string Benchmarks => Path.Combine(Root.Value, "artifacts", "benchmarks");

    /// <summary>Seeded template databases, kept between runs (<c>artifacts/benchmarks/data</c>).</summary>
    public static string Data => Path.Combine(Benchmarks, "data");

    /// <summary>Copies of templates that benchmarks change, deleted after use
    /// (<c>artifacts/benchmarks/work</c>).</summary>
    public static string Work => Path.Combine(Benchmarks, "work");

    /// <summary>BenchmarkDotNet's reports (<c>artifacts/benchmarks/results</c>).</summary>
    public static string Results => Path.Combine(Benchmarks, "results");

    /// <summary>The directory holding <c>Affiliate.Core.sln</c>, found upwards from the program's own
    /// directory.</summary>
    private static string FindRoot()
    {
        for (
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            directory is not null;
            directory = directory.Parent
        )
        {
            if (File.Exists(Path.Combine(directory.FullName, "Affiliate.Core.sln")))
            {
                return directory.FullName;
            }
        }

        // Run from elsewhere (a copied build): keep the files beside the working directory.
        return Directory.GetCurrentDirectory();
    }
}
