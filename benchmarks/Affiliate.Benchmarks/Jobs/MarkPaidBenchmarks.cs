using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.Stores;
using BenchmarkDotNet.Attributes;

namespace Affiliate.Benchmarks.Jobs;

/// <summary>Marking every payout of a run paid, <c>PayoutProcessor.MarkPaidAsync</c> one by one (scale target
/// only).</summary>
[MemoryDiagnoser]
public class MarkPaidBenchmarks : JobBenchmarks
{
    private IReadOnlyList<Payout> _payouts = [];

    /// <inheritdoc />
    protected override Template Data => DataSets.Payouts(Sizes.Of(Lines));

    /// <summary>Each payout paid with its own transfer reference, as a host confirming a bank run would.</summary>
    [Benchmark]
    public async Task MarkAllPaid()
    {
        for (var i = 0; i < _payouts.Count; i++)
        {
            var id = _payouts[i].Id;
            var reference = string.Create(CultureInfo.InvariantCulture, $"transfer-{i:D4}");
            var result = await Host.RunAsync<PayoutProcessor, AffiliateResult<Payout>>(p =>
                p.MarkPaidAsync(id, reference).AsTask()
            );
            Expect(result.Succeeded, $"Marking payout {id} paid failed: {result}");
        }
    }

    /// <inheritdoc />
    protected override async Task PrepareAsync()
    {
        _payouts = await Host.RunAsync<IPayoutStore, IReadOnlyList<Payout>>(s =>
            s.QueryAsync(new PayoutQuery { ProgramId = BenchProgram.ProgramId, Status = PayoutStatus.Pending }, default)
                .AsTask()
        );
        Expect(_payouts.Count > 0, "The template has no pending payout.");
    }
}
