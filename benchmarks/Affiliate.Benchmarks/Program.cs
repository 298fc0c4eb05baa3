using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Affiliate.Benchmarks -- [--smoke] [--providers sqlite|postgresql]
//     [--read-lines 25000,250000]
//     [BenchmarkDotNet arguments such as --filter *Approval*]
// Without a --filter every benchmark runs (BenchmarkSwitcher would otherwise ask which, and CI has no one to answer).
var smoke = args.Contains("--smoke", StringComparer.Ordinal);
var switcherArgs = args.Where(a => a != "--smoke").ToList();
var providers = switcherArgs.IndexOf("--providers");
if (providers >= 0 && providers + 1 < switcherArgs.Count)
{
    Environment.SetEnvironmentVariable(ProviderChoice.Variable, switcherArgs[providers + 1]);
    switcherArgs.RemoveRange(providers, 2);
}

var readLines = switcherArgs.IndexOf("--read-lines");
if (readLines >= 0 && readLines + 1 < switcherArgs.Count)
{
    Environment.SetEnvironmentVariable(Sizes.ReadLinesVariable, switcherArgs[readLines + 1]);
    switcherArgs.RemoveRange(readLines, 2);
}

if (!switcherArgs.Any(a => a is "--filter" or "-f" || a.StartsWith("--filter=", StringComparison.Ordinal)))
{
    switcherArgs.AddRange(["--filter", "*"]);
}

if (smoke)
{
    Environment.SetEnvironmentVariable(Sizes.SmokeVariable, "1");
}

TemplateCache.SweepWork();
try
{
    var switcher = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly);
    var summaries = switcher.Run([.. switcherArgs], BenchConfig.Create(smoke)).ToArray();
    return RunOutcome.ExitCode(summaries);
}
finally
{
    await PostgresCluster.StopAsync();
    TemplateCache.SweepWork();
}
