using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Affiliate.Benchmarks -- [--smoke] [--providers sqlite|postgresql]
//     [--read-lines 25000,250000]
//     [BenchmarkDotNet arguments such as --filter *Approval*]
// dotnet run ... -- --check-seeder [--lines 2000] [--providers ...]: the bulk seeder's history equals the library's.
// dotnet run ... -- --time-seeder bulk|library [--lines 25000] [--providers ...]: times one seeder's history.
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

var lines = switcherArgs.IndexOf("--lines");
var seederLines =
    lines >= 0 && lines + 1 < switcherArgs.Count
        ? int.Parse(switcherArgs[lines + 1], System.Globalization.CultureInfo.InvariantCulture)
        : (int?)null;
var timeSeeder = switcherArgs.IndexOf("--time-seeder");
if (switcherArgs.Contains("--check-seeder", StringComparer.Ordinal) || timeSeeder >= 0)
{
    TemplateCache.SweepWork();
    try
    {
        return timeSeeder >= 0 && timeSeeder + 1 < switcherArgs.Count
            ? await SeederCheck.TimeAsync(ProviderChoice.Selected, switcherArgs[timeSeeder + 1], seederLines ?? 25_000)
            : await SeederCheck.RunAsync(ProviderChoice.Selected, seederLines ?? 2_000);
    }
    finally
    {
        await PostgresCluster.StopAsync();
        TemplateCache.SweepWork();
    }
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
