using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;

namespace Affiliate.Benchmarks.Jobs;

/// <summary>The payout run, <c>PayoutProcessor.CreatePayoutsAsync</c>, over every approved line (scale target
/// only).</summary>
[MemoryDiagnoser]
public class PayoutRunBenchmarks : JobBenchmarks
{
    private static readonly string LinesTable = BenchDatabase.Table("commission_lines");

    private long _partners;

    /// <inheritdoc />
    protected override Template Data => DataSets.ApprovedLines(Sizes.Of(Lines));

    /// <summary>The library's payout run.</summary>
    [Benchmark]
    public async Task CreatePayouts()
    {
        var payouts = await Host.RunAsync<PayoutProcessor, IReadOnlyList<Payout>>(async p =>
            (await p.CreatePayoutsAsync(BenchProgram.ProgramId, BenchProgram.JobsRunAt)).GetValueOrThrow().Payouts
        );
        Expect(
            payouts.Count > 0 && payouts.Count <= _partners,
            $"The payout run created {payouts.Count} payouts for {_partners} partners with approved lines."
        );
    }

    /// <inheritdoc />
    protected override async Task PrepareAsync() =>
        _partners = await Database.ScalarAsync(
            $"SELECT COUNT(DISTINCT partner_id) FROM {LinesTable} WHERE payout_id IS NULL"
        );
}
