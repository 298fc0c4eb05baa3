using System.Globalization;
using Xunit.Sdk;

namespace Affiliate.Reliability.Tests.Infrastructure;

/// <summary>
/// A scenario's seeded randomness and log: the seed comes from <c>AFFILIATE_RELIABILITY_SEED</c> or is drawn, is
/// logged first and is named in any failure, so a failing run is repeated with the same delays and events.
/// <c>AFFILIATE_LONG=1</c> asks for the long variant (more rounds, more kills, more events).
/// </summary>
internal sealed class Scenario(ITestOutputHelper output, string name)
{
    public static bool Long => Environment.GetEnvironmentVariable("AFFILIATE_LONG") == "1";

    public int Seed { get; } =
        int.TryParse(
            Environment.GetEnvironmentVariable("AFFILIATE_RELIABILITY_SEED"),
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var seed
        )
            ? seed
            : Random.Shared.Next();

    public Random Random => field ??= new Random(Seed);

    public void Log(string line) => output.WriteLine($"[{name}] {line}");

    /// <summary>Runs the scenario; any failure is rethrown with the seed and how to repeat it.</summary>
    public async Task RunAsync(Func<Task> body)
    {
        Log($"seed {Seed}{(Long ? " (long variant)" : "")}");
        try
        {
            await body();
        }
        catch (Exception e)
        {
            throw new XunitException(
                $"{name} failed with seed {Seed} (AFFILIATE_RELIABILITY_SEED={Seed} repeats it): {e.Message}",
                e
            );
        }
    }

    /// <summary>"min X ms, avg Y ms, max Z ms" of some durations.</summary>
    public static string Spread(IReadOnlyCollection<TimeSpan> times) =>
        times.Count == 0
            ? "none"
            : string.Create(
                CultureInfo.InvariantCulture,
                $"min {times.Min(t => t.TotalMilliseconds):0} ms, avg {times.Average(t => t.TotalMilliseconds):0} ms, "
                    + $"max {times.Max(t => t.TotalMilliseconds):0} ms"
            );

    public T[] Shuffle<T>(IEnumerable<T> items)
    {
        var array = items.ToArray();
        Random.Shuffle(array);
        return array;
    }
}
