using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

// Adjustment ids: unique per program, the key adjustments are replayed by.
public abstract partial class LedgerStoreSpecification
{
    private static CommissionLine Adjustment(
        string line,
        string adjustment,
        decimal amount,
        ProgramId? program = null
    ) =>
        MinimalLine(line) with
        {
            ProgramId = program ?? Program,
            Amount = Eur(amount),
            State = CommissionState.Approved,
            AdjustmentId = adjustment,
            AdjustmentKind = AdjustmentKind.Penalty,
            Reason = "Coupon posted on a voucher site",
        };

    [Fact]
    public async Task An_adjustment_line_is_found_by_its_adjustment_id_in_its_program_with_its_kind()
    {
        var line = Adjustment("cml-adj-1", "adj-2026-03-anna", -20m);
        await WriteAsync(new LedgerChange { NewLines = [line] });

        SpecAssert.Equivalent(
            line with
            {
                Version = 1,
            },
            await Stores.Ledger.FindAdjustmentAsync(Program, "adj-2026-03-anna", None)
        );
        SpecAssert.Equivalent(line with { Version = 1 }, await Stores.Ledger.FindLineAsync(line.Id, None));
        Assert.Null(await Stores.Ledger.FindAdjustmentAsync(OtherProgram, "adj-2026-03-anna", None));
        Assert.Null(await Stores.Ledger.FindAdjustmentAsync(Program, "ADJ-2026-03-ANNA", None));
    }

    [Fact]
    public async Task A_second_line_with_an_adjustment_id_taken_in_its_program_is_a_duplicate_and_writes_nothing()
    {
        var first = Adjustment("cml-adj-1", "adj-1", -20m);
        await WriteAsync(new LedgerChange { NewLines = [first] });
        var pending = await PendingEventIdsAsync();

        var second = Adjustment("cml-adj-2", "adj-1", -30m);
        var change = new LedgerChange { NewLines = [second], Events = [LineCreatedEvent(second)] };
        var result = await Stores.Ledger.WriteAsync(change, None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        Assert.Null(await Stores.Ledger.FindLineAsync(second.Id, None));
        Assert.Equal(pending, await PendingEventIdsAsync());

        // The same id in another program is another adjustment.
        var elsewhere = Adjustment("cml-adj-3", "adj-1", -30m, OtherProgram);
        await WriteAsync(new LedgerChange { NewLines = [elsewhere] });
        SpecAssert.Equivalent(
            elsewhere with
            {
                Version = 1,
            },
            await Stores.Ledger.FindAdjustmentAsync(OtherProgram, "adj-1", None)
        );
    }

    [Fact]
    public async Task Of_one_adjustment_id_written_at_once_many_times_exactly_one_line_is_written()
    {
        var lines = Enumerable.Range(0, 6).Select(i => Adjustment($"cml-adj-{i}", "adj-race", -1m - i)).ToArray();

        var results = await RaceAsync(lines.Length, (stores, i) =>
            stores.Ledger.WriteAsync(new LedgerChange { NewLines = [lines[i]] }, None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        SpecAssert.Equivalent(
            lines[winner] with
            {
                Version = 1,
            },
            await Stores.Ledger.FindAdjustmentAsync(Program, "adj-race", None)
        );
        Assert.Single(await AllLinesAsync(), l => l.AdjustmentId == "adj-race");
    }
}
