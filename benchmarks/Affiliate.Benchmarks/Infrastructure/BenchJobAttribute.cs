using BenchmarkDotNet.Configs;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// Gives a benchmark class the job of its <see cref="JobWeight"/>, except in smoke mode, where the program's smoke job
/// is the only one. (BenchmarkDotNet's own job attributes would add their job to the smoke run.)
/// </summary>
/// <param name="weight">How long one invocation takes.</param>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class BenchJobAttribute(JobWeight weight) : Attribute, IConfigSource
{
    /// <summary>The weight.</summary>
    public JobWeight Weight { get; } = weight;

    /// <inheritdoc />
    public IConfig Config { get; } =
        Sizes.Smoke ? ManualConfig.CreateEmpty() : ManualConfig.CreateEmpty().AddJob(BenchJobs.For(weight));
}
