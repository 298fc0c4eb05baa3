using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.Jobs;

/// <summary>
/// Tamper evidence on a real database: lines sealed by the <c>ledger-seal</c> job, then edited or deleted behind the
/// library's back with raw SQL, are named by <see cref="LedgerSeals.VerifyAsync"/> with their line id and position;
/// and on PostgreSQL, instances sealing at once seal every line exactly once.
/// </summary>
public abstract class LedgerSealDatabaseTests
{
    protected abstract Task<Fleet> FleetAsync();

    /// <summary>Registers anna and bert, records interleaved sales and seals them; anna's chain, in order.</summary>
    protected static async Task<CommissionLine[]> SealedSalesAsync(Fleet fleet, int perPartner = 3)
    {
        await fleet.RegisterPartnersAsync("anna", "bert");
        for (var i = 1; i <= perPartner; i++)
        {
            await fleet.RecordSalesAsync([fleet.Sale($"a-{i}", 100m * i, "ANNA10")]);
            await fleet.RecordSalesAsync([fleet.Sale($"b-{i}", 10m * i, "BERT10")]);
            fleet.Clock.Advance(Duration.FromMinutes(1));
        }

        var run = await Job(fleet.Instances[0]).RunOnceAsync(default);
        Assert.Equal((true, perPartner * 2), (run.Ran, run.Items));
        var anna = await fleet.LinesAsync(new LineQuery { PartnerId = new PartnerId("anna") });
        return [.. anna];
    }

    protected static IAffiliateJob Job(Instance instance) =>
        instance.Services.GetServices<IAffiliateJob>().Single(j => j.Name == LedgerSealJob.JobName);

    protected static Task<LedgerVerification> VerifyAsync(Fleet fleet, string partner) =>
        fleet
            .Instances[^1]
            .RunAsync<LedgerSeals, LedgerVerification>(async s =>
                (await s.VerifyAsync(new PartnerId(partner))).GetValueOrThrow()
            );

    /// <summary>Runs raw SQL on the commission lines table: <c>{lines}</c> stands for its name.</summary>
    protected static async Task<int> TamperAsync(Fleet fleet, string sql, params object[] parameters)
    {
        await using var context = fleet.NewContext();
        var entity = context.Model.FindEntityType(typeof(CommissionLineRow))!;
        var table = entity.GetSchema() is { } schema
            ? $"\"{schema}\".\"{entity.GetTableName()}\""
            : $"\"{entity.GetTableName()}\"";
        return await context.Database.ExecuteSqlRawAsync(
            sql.Replace("{lines}", table, StringComparison.Ordinal),
            parameters
        );
    }

    [Fact]
    public async Task An_amount_edited_with_raw_sql_is_named_with_its_line_and_position()
    {
        await using var fleet = await FleetAsync();
        var anna = await SealedSalesAsync(fleet);
        Assert.True((await VerifyAsync(fleet, "anna")).Intact);

        var edited = await TamperAsync(
            fleet,
            "UPDATE {lines} SET amount_minor = amount_minor + 1 WHERE id = {0}",
            anna[1].Id.Value
        );
        var result = await VerifyAsync(fleet, "anna");

        Assert.Equal(1, edited);
        Assert.Equal(new LedgerBreak(anna[1].Id.Value, 2, LedgerBreakReason.LineEdited), result.Broken);
        Assert.Equal((3L, 0L), (result.SealedLines, result.UnsealedLines));
        Assert.True((await VerifyAsync(fleet, "bert")).Intact);
    }

    [Fact]
    public async Task An_explanation_edited_with_raw_sql_is_named_with_its_line_and_position()
    {
        await using var fleet = await FleetAsync();
        var anna = await SealedSalesAsync(fleet);

        await TamperAsync(
            fleet,
            "UPDATE {lines} SET explanation = {0} WHERE id = {1}",
            "Nothing to see.",
            anna[2].Id.Value
        );
        var result = await VerifyAsync(fleet, "anna");

        Assert.Equal(new LedgerBreak(anna[2].Id.Value, 3, LedgerBreakReason.LineEdited), result.Broken);
    }

    [Fact]
    public async Task A_line_deleted_with_raw_sql_is_named_and_state_changes_are_not_edits()
    {
        await using var fleet = await FleetAsync();
        var anna = await SealedSalesAsync(fleet);
        fleet.Clock.Advance(Duration.FromDays(60));
        await fleet.Instances[0].RunAsync<CommissionLedger, int>(l => l.ApproveDueAsync().AsTask());
        Assert.True((await VerifyAsync(fleet, "anna")).Intact);

        await TamperAsync(fleet, "DELETE FROM {lines} WHERE id = {0}", anna[0].Id.Value);
        var result = await VerifyAsync(fleet, "anna");

        Assert.Equal(new LedgerBreak(anna[0].Id.Value, 1, LedgerBreakReason.LineMissing), result.Broken);
    }

    [Fact]
    public async Task Lines_written_after_a_run_wait_unsealed_until_the_next_run()
    {
        await using var fleet = await FleetAsync();
        await SealedSalesAsync(fleet, perPartner: 2);
        await fleet.RecordSalesAsync([fleet.Sale("a-late", 70m, "ANNA10")]);

        var waiting = await VerifyAsync(fleet, "anna");
        Assert.Equal((2L, 1L, true), (waiting.SealedLines, waiting.UnsealedLines, waiting.Intact));

        Assert.Equal(1, (await Job(fleet.Instances[1]).RunOnceAsync(default)).Items);
        var sealedNow = await VerifyAsync(fleet, "anna");
        Assert.Equal((3L, 0L, true), (sealedNow.SealedLines, sealedNow.UnsealedLines, sealedNow.Intact));
    }
}

public sealed class SqliteLedgerSealDatabaseTests : LedgerSealDatabaseTests
{
    protected override Task<Fleet> FleetAsync() => Fleet.SqliteAsync(count: 2);
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerSealDatabaseTests(PostgresServer server) : LedgerSealDatabaseTests
{
    protected override Task<Fleet> FleetAsync() => Fleet.PostgresAsync(server, count: 4);

    [PostgresFact]
    public async Task Instances_sealing_at_once_seal_each_line_once_with_the_job_lock_or_without_it()
    {
        await using var fleet = await FleetAsync();
        var partners = new[] { "anna", "bert", "cleo" };
        await fleet.RegisterPartnersAsync(partners);
        await fleet.RecordSalesAsync(
            Enumerable.Range(1, 60).Select(i => fleet.Sale($"o-{i}", i, Fleet.CodeOf(partners[i % 3]))).ToArray()
        );

        // The jobs (each under the job lock) and, as the backstop, the service itself without any lock.
        var jobs = await fleet.RaceAsync(4, (_, services) =>
            services
                .GetServices<IAffiliateJob>()
                .Single(j => j.Name == LedgerSealJob.JobName)
                .RunOnceAsync(default)
                .AsTask()
        );
        await fleet.RecordSalesAsync(
            Enumerable.Range(61, 60).Select(i => fleet.Sale($"o-{i}", i, Fleet.CodeOf(partners[i % 3]))).ToArray()
        );
        var unlocked = await fleet.RaceAsync<LedgerSeals, (int Sealed, bool Interrupted)>(4, (_, seals) =>
            seals.SealAsync(batchSize: 7).AsTask()
        );
        var rest = await Job(fleet.Instances[0]).RunOnceAsync(default);

        Assert.Equal(60, jobs.Sum(r => r.Items));
        Assert.Equal(120, jobs.Sum(r => r.Items) + unlocked.Sum(r => r.Sealed) + rest.Items);
        await using var context = fleet.NewContext();
        var seals = await context.Set<LedgerSealRow>().AsNoTracking().ToListAsync();
        Assert.Equal(120, seals.Select(s => s.LineId).Distinct().Count());
        Assert.Equal(120, seals.Count);
        foreach (var partner in partners)
        {
            var positions = seals.Where(s => s.PartnerId == partner).Select(s => s.Position).Order().ToArray();
            Assert.Equal(Enumerable.Range(1, 40).Select(p => (long)p), positions);
            var verified = await VerifyAsync(fleet, partner);
            Assert.Equal((40L, 0L, true), (verified.SealedLines, verified.UnsealedLines, verified.Intact));
        }
    }
}
