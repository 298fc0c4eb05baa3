using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// Model-based properties (issue 11): random histories of clicks, sales (last click or coupon, some held for review),
/// partial and full refunds (before approval, in a payout, after payment), reviews, plan versions, clock jumps,
/// approval runs and payout runs go through the library's services over a real database, each history in a fresh one,
/// and the read side (balances, payouts with their statements and CSV, monthly statements) must equal
/// <see cref="ReferenceModel"/> to the cent. <c>AFFILIATE_LONG=1</c> runs many more histories. A failure prints the
/// shrunk op list and FsCheck's replay seed.
/// </summary>
public static class ModelCheck
{
    public const int MaxOps = 30;

    public static bool Long => Environment.GetEnvironmentVariable("AFFILIATE_LONG") == "1";

    /// <summary>
    /// Checks <paramref name="cases"/> histories (<c>AFFILIATE_MODEL_CASES</c> overrides), each on a host from
    /// <paramref name="start"/>; returns which situations the histories reached and how often.
    /// </summary>
    public static ModelCoverage Run(int cases, Func<Task<ModelHost>> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        if (int.TryParse(Environment.GetEnvironmentVariable("AFFILIATE_MODEL_CASES"), out var overridden))
        {
            cases = overridden;
        }

        var coverage = new ModelCoverage();
        var property = Prop.ForAll(ModelGenerators.Cases(MaxOps), history => Task.Run(async () =>
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await using var host = await start();
                    coverage.Started(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                    return await ModelRun.RunAsync(host, history, coverage);
                })
                .GetAwaiter()
                .GetResult());
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true), property);
        return coverage;
    }
}

/// <summary>The model-based property on a real SQLite file per history.</summary>
public sealed class SqliteModelTests(ITestOutputHelper output)
{
    [Fact]
    public void Sqlite_histories_meet_the_reference_model()
    {
        var coverage = ModelCheck.Run(ModelCheck.Long ? 2000 : 100, ModelHost.SqliteAsync);
        output.WriteLine(coverage.ToString());
        coverage.AssertReachedEverything();
    }
}

/// <summary>
/// The model-based property on a new PostgreSQL database per history (fewer histories: each costs more).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresModelTests(PostgresServer server, ITestOutputHelper output)
{
    [PostgresFact]
    public void Postgres_histories_meet_the_reference_model()
    {
        var coverage = ModelCheck.Run(ModelCheck.Long ? 300 : 20, () => ModelHost.PostgresAsync(server));
        output.WriteLine(coverage.ToString());
    }
}
