using BenchmarkDotNet.Configs;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>The configuration every run starts from; the classes add their jobs (<see
/// cref="BenchJobAttribute"/>).</summary>
public static class BenchConfig
{
    /// <summary>The default configuration with reports under <c>artifacts/benchmarks/results</c> and the size ratio;
    /// the smoke job in smoke mode.</summary>
    public static IConfig Create(bool smoke)
    {
        var config = ManualConfig
            .Create(DefaultConfig.Instance)
            .WithArtifactsPath(Paths.Results)
            .AddColumn(new SizeRatioColumn());
        return smoke ? config.AddJob(BenchJobs.Smoke) : config;
    }
}
