using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

// The review queue's lists: held conversions and held lines, with the fraud codes that held them.
public abstract partial class ListStoreSpecification
{
    [Fact]
    public async Task The_held_lists_show_only_held_conversions_and_lines_newest_first_with_their_fraud_codes()
    {
        string[] codes = ["click_to_conversion_too_fast", "duplicate_order"];
        Conversion Held(string id, int minute) =>
            NewConversion(id, at: At(minute), partners: ["p-1"]) with
            {
                Status = ConversionStatus.Held,
                FraudAction = FraudAction.Hold,
                FraudCodes = codes,
            };

        CommissionLine HeldLine(string id, string conversion, int minute) =>
            NewLine(id, conversion: conversion, state: CommissionState.Held, createdAt: At(minute)) with
            {
                FraudCodes = codes,
            };

        await RecordAsync(Record(Held("cnv-held-1", 1), HeldLine("cml-held-1", "cnv-held-1", 1)));
        var allowed = NewLine("cml-ok", conversion: "cnv-ok", createdAt: At(2));
        await RecordAsync(Record(NewConversion("cnv-ok", at: At(2)), allowed));
        await RecordAsync(Record(Held("cnv-held-2", 3), HeldLine("cml-held-2", "cnv-held-2", 3)));

        var held = new ConversionListFilter { ProgramId = Program, Status = ConversionStatus.Held };
        var conversions = (await Lists.ConversionsAsync(held, new PageRequest { Size = 1 }, None)).GetValueOrThrow();
        var second = new PageRequest { Size = 1, Cursor = conversions.NextCursor };
        var next = (await Lists.ConversionsAsync(held, second, None)).GetValueOrThrow();
        var lines = (
            await Lists.CommissionLinesAsync(
                new LineListFilter { ProgramId = Program, State = CommissionState.Held },
                new PageRequest(),
                None
            )
        ).GetValueOrThrow();

        Assert.Equal(["cnv-held-2"], conversions.Items.Select(c => c.Id.Value));
        Assert.Equal(["cnv-held-1"], next.Items.Select(c => c.Id.Value));
        Assert.False(next.HasMore);
        Assert.Equal(codes, next.Items[0].FraudCodes);
        Assert.Equal(["cml-held-2", "cml-held-1"], lines.Items.Select(l => l.Id.Value));
        Assert.All(lines.Items, l => Assert.Equal(codes, l.FraudCodes));
    }
}
