using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// The seals of the ledger's hash chains (<see cref="ILedgerSealStore"/>): unsealed lines oldest first with their
/// sealed facts exactly as written, seals written with their lines' marks in one change, keys that refuse a second
/// seal of a line or of a position, and chains read back in position order with the lines as stored now. The store
/// under test implements it on the same object as its ledger store.
/// </summary>
public abstract class LedgerSealStoreSpecification : StoreSpecification
{
    private static ILedgerSealStore Seals(StoreUnderTest stores) =>
        stores.Ledger as ILedgerSealStore
        ?? throw new InvalidOperationException("The ledger store does not implement ILedgerSealStore.");

    private static LedgerSeal Seal(CommissionLine line, long position, string? hash = null) =>
        new(line.Id.Value, line.PartnerId.Value, position, hash ?? new string((char)('a' + (position % 6)), 64));

    [Fact]
    public async Task Unsealed_lines_come_oldest_first_then_by_id_with_their_sealed_facts_exactly()
    {
        var full = FullLine();
        var minimal = MinimalLine();
        var b = NewLine("cml-b", createdAt: At(5));
        var a = NewLine("cml-a", createdAt: At(5));
        var first = NewLine("cml-z", createdAt: At(1));
        await WriteAsync(new LedgerChange { NewLines = [full, minimal, b, a, first] });

        var all = await Seals(Stores).UnsealedLinesAsync(10, None);
        var two = await Seals(Stores).UnsealedLinesAsync(2, None);

        Assert.Equal(["cml-z", "cml-a", "cml-b", "cml-full", "cml-min"], all.Select(l => l.Id));
        Assert.Equal(["cml-z", "cml-a"], two.Select(l => l.Id));
        Assert.Equal(LedgerLineFacts.From(full), all.Single(l => l.Id == "cml-full"));
        Assert.Equal(LedgerLineFacts.From(minimal), all.Single(l => l.Id == "cml-min"));
        Assert.Equal(-3250, all.Single(l => l.Id == "cml-full").AmountMinor);
        Assert.Empty(await Seals(Stores).UnsealedLinesAsync(0, None));
    }

    [Fact]
    public async Task Written_seals_mark_their_lines_and_read_back_per_partner_in_position_order()
    {
        var lines = Enumerable
            .Range(1, 5)
            .Select(i => NewLine($"cml-{i}", partner: i % 2 == 0 ? "p-even" : "p-odd", createdAt: At(i)))
            .ToArray();
        await WriteAsync(new LedgerChange { NewLines = lines });
        var seals = Seals(Stores);

        var written = await seals.AddSealsAsync(
            [Seal(lines[0], 1), Seal(lines[1], 1), Seal(lines[2], 2), Seal(lines[3], 2)],
            None
        );

        Assert.Equal(StoreWriteStatus.Written, written.Status);
        Assert.Equal(["cml-5"], (await seals.UnsealedLinesAsync(10, None)).Select(l => l.Id));
        Assert.Equal(1, await seals.CountUnsealedAsync("p-odd", None));
        Assert.Equal(0, await seals.CountUnsealedAsync("p-even", None));
        var heads = await seals.ChainHeadsAsync(["p-odd", "p-even", "p-none"], None);
        Assert.Equal(
            [("p-even", 2L, "cml-4"), ("p-odd", 2L, "cml-3")],
            heads.Select(h => (h.PartnerId, h.Position, h.LineId)).OrderBy(h => h.PartnerId, StringComparer.Ordinal)
        );
        var odd = await seals.SealedLinesAsync("p-odd", 0, 10, None);
        Assert.Equal([Seal(lines[0], 1), Seal(lines[2], 2)], odd.Select(s => s.Seal));
        Assert.Equal(LedgerLineFacts.From(lines[2]), odd[1].Line);
        Assert.Equal([Seal(lines[2], 2)], (await seals.SealedLinesAsync("p-odd", 1, 10, None)).Select(s => s.Seal));
        Assert.Single(await seals.SealedLinesAsync("p-odd", 0, 1, None));
        Assert.Empty(await seals.SealedLinesAsync("p-none", 0, 10, None));
    }

    [Fact]
    public async Task A_second_seal_of_a_line_or_of_a_position_writes_nothing()
    {
        var lines = Enumerable.Range(1, 3).Select(i => NewLine($"cml-{i}", createdAt: At(i))).ToArray();
        await WriteAsync(new LedgerChange { NewLines = lines });
        var seals = Seals(Stores);
        await seals.AddSealsAsync([Seal(lines[0], 1)], None);

        var lineTaken = await seals.AddSealsAsync([Seal(lines[1], 2), Seal(lines[0], 3)], None);
        var positionTaken = await seals.AddSealsAsync([Seal(lines[1], 2), Seal(lines[2], 1)], None);
        var missing = await seals.AddSealsAsync([Seal(NewLine("cml-gone"), 2)], None);

        AssertRefused(lineTaken, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        AssertRefused(positionTaken, StoreWriteStatus.Duplicate);
        AssertRefused(missing, StoreWriteStatus.Conflict);
        Assert.Equal(["cml-2", "cml-3"], (await seals.UnsealedLinesAsync(10, None)).Select(l => l.Id));
        Assert.Equal([Seal(lines[0], 1)], (await seals.SealedLinesAsync("p-1", 0, 10, None)).Select(s => s.Seal));
    }

    [Fact]
    public async Task A_sealed_line_stays_sealed_when_it_moves_and_reads_back_as_stored_now()
    {
        var line = NewLine("cml-1");
        await WriteAsync(new LedgerChange { NewLines = [line] });
        var seals = Seals(Stores);
        await seals.AddSealsAsync([Seal(line, 1)], None);

        await WriteAsync(new LedgerChange { Updates = [Expect(Approved(line, At(10)), 1)] });
        var edited = await LineAsync(line.Id) with { Amount = Eur(99m) };
        await WriteAsync(new LedgerChange { Updates = [Expect(edited, 2)] });

        Assert.Empty(await seals.UnsealedLinesAsync(10, None));
        var read = Assert.Single(await seals.SealedLinesAsync("p-1", 0, 10, None));
        Assert.Equal(9900, read.Line?.AmountMinor);
    }

    [Fact]
    public async Task Writers_sealing_the_same_lines_at_once_seal_each_line_once()
    {
        var lines = Enumerable.Range(1, 20).Select(i => NewLine($"cml-{i:00}", createdAt: At(i))).ToArray();
        await WriteAsync(new LedgerChange { NewLines = lines });
        var batch = lines.Select((l, i) => Seal(l, i + 1)).ToArray();

        var results = await RaceAsync(4, (stores, _) => Seals(stores).AddSealsAsync(batch, None));

        AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        Assert.Equal(batch, (await Seals(Stores).SealedLinesAsync("p-1", 0, 100, None)).Select(s => s.Seal));
        Assert.Empty(await Seals(Stores).UnsealedLinesAsync(10, None));
    }
}
