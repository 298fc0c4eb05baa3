using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IConversionStore"/> must do: a conversion with its lines, binding and events in one
/// transaction keyed by the conversion id; a refund with the changes it makes in one transaction keyed by the refund
/// id, refused whole when anything it read has changed; queries and volume totals.
/// </summary>
public abstract partial class ConversionStoreSpecification : StoreSpecification
{
    // ---- Recording
    // ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_recorded_conversion_comes_back_with_every_property_its_lines_and_version_1()
    {
        var full = FullConversion();
        var fullLine = FullLine(conversion: full.Id.Value);
        var secondLine = NewLine("cml-2", partner: "p-1", conversion: full.Id.Value, createdAt: Precise(12)) with
        {
            Version = 9,
        };
        var fullRecord = Record(full with { Version = 5 }, fullLine, secondLine);
        var minimal = MinimalConversion();

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Conversions.RecordAsync(fullRecord, None)).Status);
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Conversions.RecordAsync(new ConversionRecord(minimal, [], null, []), None)).Status
        );

        SpecAssert.Equivalent(full with { Version = 1 }, await Stores.Conversions.FindAsync(Program, full.Id, None));
        SpecAssert.Equivalent(
            minimal with
            {
                Version = 1,
            },
            await Stores.Conversions.FindAsync(Program, minimal.Id, None)
        );
        SpecAssert.Equivalent(fullLine with { Version = 1 }, await Stores.Ledger.FindLineAsync(fullLine.Id, None));
        SpecAssert.Equivalent(secondLine with { Version = 1 }, await Stores.Ledger.FindLineAsync(secondLine.Id, None));
        SpecAssert.EquivalentSequence(fullRecord.Events, await PendingEventsAsync());
        Assert.Null(await Stores.Conversions.FindAsync(OtherProgram, full.Id, None));
        Assert.Null(await Stores.Conversions.FindAsync(Program, new ConversionId("cnv-unknown"), None));
    }

    [Fact]
    public async Task Recording_an_existing_conversion_id_is_a_duplicate_and_writes_nothing_of_the_second_record()
    {
        var first = Record(
            NewConversion("cnv-1", amount: 100m),
            NewLine("cml-1a"),
            NewLine("cml-1b", partner: "p-2", amount: 2m)
        );
        await RecordAsync(first);
        var pending = await PendingEventIdsAsync();

        var second = Record(
            NewConversion("cnv-1", amount: 999m, partners: ["p-3"], customer: "cus-9") with
            {
                Fingerprint = "fp-other",
            },
            NewLine("cml-2a", partner: "p-3", amount: 99.9m)
        ) with
        {
            Binding = NewBinding("cus-9", "p-3", "cnv-1"),
        };
        var result = await Stores.Conversions.RecordAsync(second, None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first.Conversion with { Version = 1 }, await ConversionAsync(first.Conversion.Id));
        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId("cml-2a"), None));
        Assert.Equal(["cml-1a", "cml-1b"], (await AllLinesAsync()).Select(l => l.Id.Value));
        Assert.Null(await Stores.Touches.FindBindingAsync(Program, new CustomerId("cus-9"), None));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Conversion_ids_are_unique_per_program()
    {
        var here = NewConversion("cnv-1", amount: 10m);
        var there = NewConversion("cnv-1", amount: 20m, program: OtherProgram);

        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Conversions.RecordAsync(Record(here, NewLine("cml-here")), None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (
                await Stores.Conversions.RecordAsync(Record(there, NewLine("cml-there", program: OtherProgram)), None)
            ).Status
        );

        SpecAssert.Equivalent(here with { Version = 1 }, await ConversionAsync(here.Id, Program));
        SpecAssert.Equivalent(there with { Version = 1 }, await ConversionAsync(there.Id, OtherProgram));
    }

    [Fact]
    public async Task Recording_a_conversion_whose_line_id_exists_writes_nothing()
    {
        var existing = NewLine("cml-1", conversion: "cnv-1", amount: 10m);
        await RecordAsync(Record(NewConversion("cnv-1"), existing));
        var pending = await PendingEventIdsAsync();

        var clash = Record(
            NewConversion("cnv-2", partners: ["p-2"]),
            NewLine("cml-2", partner: "p-2", conversion: "cnv-2"),
            NewLine("cml-1", partner: "p-2", conversion: "cnv-2", amount: 77m)
        );
        var result = await Stores.Conversions.RecordAsync(clash, None);

        AssertRefused(result, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        Assert.Null(await Stores.Conversions.FindAsync(Program, new ConversionId("cnv-2"), None));
        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId("cml-2"), None));
        SpecAssert.Equivalent(existing with { Version = 1 }, await LineAsync(existing.Id));
        Assert.Equal(["cml-1"], (await AllLinesAsync()).Select(l => l.Id.Value));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_one_conversion_recorded_many_times_at_once_one_is_written_with_its_lines_binding_and_events()
    {
        var records = Enumerable
            .Range(0, 10)
            .Select(i =>
                Record(
                    NewConversion("cnv-race", amount: 100m + i, customer: $"cus-{i}") with
                    {
                        Fingerprint = $"fp-{i}",
                    },
                    NewLine($"cml-{i}-a", conversion: "cnv-race"),
                    NewLine($"cml-{i}-b", partner: "p-2", conversion: "cnv-race", amount: 2m)
                ) with
                {
                    Binding = NewBinding($"cus-{i}", "p-1", "cnv-race"),
                }
            )
            .ToArray();

        var results = await RaceAsync(records.Length, (stores, i) => stores.Conversions.RecordAsync(records[i], None));

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate);
        Assert.Equal($"fp-{winner}", (await ConversionAsync(new ConversionId("cnv-race"))).Fingerprint);
        Assert.Equal([$"cml-{winner}-a", $"cml-{winner}-b"], (await AllLinesAsync()).Select(l => l.Id.Value));
        Assert.Equal(records[winner].Events.Select(e => e.EventId), await PendingEventIdsAsync());
        for (var i = 0; i < records.Length; i++)
        {
            var binding = await Stores.Touches.FindBindingAsync(Program, new CustomerId($"cus-{i}"), None);
            Assert.True(
                (binding is not null) == (i == winner),
                $"Customer cus-{i} is {(binding is null ? "not " : string.Empty)}bound; only cus-{winner} should be."
            );
        }
    }

    // ---- Refunds
    // -----------------------------------------------------------------------------------------------------

    /// <summary>
    /// A conversion of 100 EUR with two pending lines (seller and upline) and one paid line: the shape a full refund
    /// reverses (the pending lines) and claws back (the paid one).
    /// </summary>
    private async Task<(
        Conversion Conversion,
        CommissionLine Seller,
        CommissionLine Upline,
        CommissionLine Paid
    )> SeedRefundableAsync()
    {
        var conversion = NewConversion("cnv-1", at: At(0), amount: 100m, partners: ["p-1"]);
        var seller = NewLine("cml-seller", conversion: "cnv-1", amount: 10m, createdAt: At(1));
        var upline = NewLine(
            "cml-upline",
            partner: "p-2",
            conversion: "cnv-1",
            amount: 2m,
            createdAt: At(1),
            kind: LedgerEntryKind.Upline
        ) with
        {
            Level = 2,
        };
        var paid = NewLine(
            "cml-bonus",
            conversion: "cnv-1",
            amount: 5m,
            createdAt: At(1),
            state: CommissionState.Paid,
            kind: LedgerEntryKind.Bonus
        ) with
        {
            PaidAt = At(2),
        };
        await RecordAsync(Record(conversion, seller, upline, paid));
        return (
            conversion with
            {
                Version = 1,
            },
            seller with
            {
                Version = 1,
            },
            upline with
            {
                Version = 1,
            },
            paid with
            {
                Version = 1,
            }
        );
    }

    /// <summary>
    /// A full refund of the seeded conversion: the pending lines reversed, a clawback of the paid one.
    /// </summary>
    private static RefundRecord FullRefund(
        string refundId,
        Conversion conversion,
        CommissionLine seller,
        CommissionLine upline,
        CommissionLine paid,
        long conversionVersion = 1,
        long sellerVersion = 1,
        long uplineVersion = 1
    )
    {
        var refund = NewRefund(refundId, conversion.Id.Value, 100m, at: Precise(60)) with
        {
            Kind = RefundKind.Chargeback,
            Reason = "Disputed by the cardholder",
        };
        var closedAt = refund.RecordedAt;
        var clawback = NewLine(
            $"cml-clawback-{refundId}",
            conversion: conversion.Id.Value,
            amount: -5m,
            createdAt: closedAt,
            state: CommissionState.Approved,
            kind: LedgerEntryKind.Clawback
        ) with
        {
            ReversesLineId = paid.Id,
            RefundId = refundId,
            Reason = "Chargeback after payout",
        };
        return new RefundRecord(
            refund,
            Expect(conversion with { Status = ConversionStatus.Reversed, Refunded = Eur(100m) }, conversionVersion),
            [
                Expect(
                    seller with
                    {
                        State = CommissionState.Reversed,
                        ClosedAt = closedAt,
                        Reason = refundId,
                    },
                    sellerVersion
                ),
                Expect(
                    upline with
                    {
                        State = CommissionState.Reversed,
                        ClosedAt = closedAt,
                        Reason = refundId,
                    },
                    uplineVersion
                ),
            ],
            [clawback],
            [
                RefundedEvent(refund),
                LineMovedEvent(seller, CommissionState.Reversed, closedAt),
                LineMovedEvent(upline, CommissionState.Reversed, closedAt),
                LineCreatedEvent(clawback),
            ]
        );
    }

    [Fact]
    public async Task A_recorded_refund_comes_back_and_writes_the_conversions_new_state_its_lines_and_events()
    {
        var (conversion, seller, upline, paid) = await SeedRefundableAsync();
        var pending = await PendingEventIdsAsync();
        var record = FullRefund("re-1", conversion, seller, upline, paid);

        var result = await Stores.Conversions.RecordRefundAsync(record, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(record.Refund, await Stores.Conversions.FindRefundAsync(Program, "re-1", None));
        Assert.Null(await Stores.Conversions.FindRefundAsync(OtherProgram, "re-1", None));
        Assert.Null(await Stores.Conversions.FindRefundAsync(Program, "re-unknown", None));
        SpecAssert.Equivalent(record.Conversion.Value with { Version = 2 }, await ConversionAsync(conversion.Id));
        SpecAssert.Equivalent(record.UpdatedLines[0].Value with { Version = 2 }, await LineAsync(seller.Id));
        SpecAssert.Equivalent(record.UpdatedLines[1].Value with { Version = 2 }, await LineAsync(upline.Id));
        SpecAssert.Equivalent(paid, await LineAsync(paid.Id));
        SpecAssert.Equivalent(record.NewLines[0] with { Version = 1 }, await LineAsync(record.NewLines[0].Id));
        Assert.Equal(pending.Concat(record.Events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Recording_an_existing_refund_id_is_a_duplicate_and_writes_nothing()
    {
        var (conversion, seller, upline, paid) = await SeedRefundableAsync();
        var first = FullRefund("re-1", conversion, seller, upline, paid);
        Assert.True((await Stores.Conversions.RecordRefundAsync(first, None)).Succeeded);
        var pending = await PendingEventIdsAsync();

        // The same refund id again, with versions that are current: only the refund id stands in the way.
        var reversed = await ConversionAsync(conversion.Id);
        var again = NewRefund("re-1", conversion.Id.Value, 10m, at: At(90)) with { Fingerprint = "fp-other" };
        var extra = NewLine(
            "cml-extra",
            conversion: "cnv-1",
            amount: -1m,
            createdAt: At(91),
            kind: LedgerEntryKind.Reversal
        );
        var second = new RefundRecord(
            again,
            Expect(reversed with { Refunded = Eur(110m) }, reversed.Version),
            [Expect(paid with { Reason = "touched by the duplicate" }, paid.Version)],
            [extra],
            [RefundedEvent(again), LineCreatedEvent(extra)]
        );
        var result = await Stores.Conversions.RecordRefundAsync(second, None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first.Refund, await Stores.Conversions.FindRefundAsync(Program, "re-1", None));
        SpecAssert.Equivalent(reversed, await ConversionAsync(conversion.Id));
        SpecAssert.Equivalent(paid, await LineAsync(paid.Id));
        Assert.Null(await Stores.Ledger.FindLineAsync(extra.Id, None));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_refund_with_one_stale_line_is_a_conflict_and_writes_nothing_at_all()
    {
        var (conversion, seller, upline, paid) = await SeedRefundableAsync();

        // Another writer approves the upline after the refund read it; the seller line (listed first) is still current.
        var approvedUpline = Approved(upline, At(30));
        await WriteAsync(new LedgerChange { Updates = [Expect(approvedUpline, 1)] });
        var pending = await PendingEventIdsAsync();

        var result = await Stores.Conversions.RecordRefundAsync(
            FullRefund("re-1", conversion, seller, upline, paid),
            None
        );

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        await AssertRefundWroteNothingAsync(
            "re-1",
            conversion,
            seller,
            approvedUpline with
            {
                Version = 2,
            },
            paid,
            pending
        );
    }

    [Fact]
    public async Task A_refund_with_a_stale_conversion_is_a_conflict_and_writes_nothing_at_all()
    {
        var (conversion, seller, upline, paid) = await SeedRefundableAsync();
        var held = conversion with { Status = ConversionStatus.Held };
        await WriteAsync(new LedgerChange { Conversion = Expect(held, 1) });
        var pending = await PendingEventIdsAsync();

        var result = await Stores.Conversions.RecordRefundAsync(
            FullRefund("re-1", conversion, seller, upline, paid),
            None
        );

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        await AssertRefundWroteNothingAsync("re-1", held with { Version = 2 }, seller, upline, paid, pending);
    }

    private async Task AssertRefundWroteNothingAsync(
        string refundId,
        Conversion conversion,
        CommissionLine seller,
        CommissionLine upline,
        CommissionLine paid,
        Guid[] pending
    )
    {
        Assert.Null(await Stores.Conversions.FindRefundAsync(Program, refundId, None));
        SpecAssert.Equivalent(conversion, await ConversionAsync(conversion.Id));
        SpecAssert.Equivalent(seller, await LineAsync(seller.Id));
        SpecAssert.Equivalent(upline, await LineAsync(upline.Id));
        SpecAssert.Equivalent(paid, await LineAsync(paid.Id));
        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId($"cml-clawback-{refundId}"), None));
        Assert.Equal(3, (await AllLinesAsync()).Count);
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_one_refund_recorded_at_once_many_times_exactly_one_is_written()
    {
        var (conversion, seller, upline, paid) = await SeedRefundableAsync();
        RefundRecord Attempt(int i)
        {
            var record = FullRefund("re-race", conversion, seller, upline, paid);
            return record with { Refund = record.Refund with { Fingerprint = $"fp-{i}" } };
        }

        var records = Enumerable.Range(0, 10).Select(Attempt).ToArray();

        var results = await RaceAsync(records.Length, (stores, i) =>
            stores.Conversions.RecordRefundAsync(records[i], None)
        );

        // A loser may see the refund id (duplicate) or the versions the winner bumped (conflict) first.
        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        Assert.Equal($"fp-{winner}", (await Stores.Conversions.FindRefundAsync(Program, "re-race", None))?.Fingerprint);
        Assert.Equal(2, (await ConversionAsync(conversion.Id)).Version);
        Assert.Equal(2, (await LineAsync(seller.Id)).Version);
        Assert.Equal(4, (await AllLinesAsync()).Count);
        Assert.Equal(records[winner].Events.Select(e => e.EventId), (await PendingEventIdsAsync()).Skip(4));
    }

    // ---- Queries
    // -----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Query_filters_by_partner_share_customer_ip_hash_and_half_open_range_oldest_first()
    {
        Conversion[] conversions =
        [
            NewConversion("cnv-3", at: At(30), partners: ["p-2"], customer: "cus-1", ipHash: "ip-a"),
            NewConversion("cnv-1", at: At(10), partners: ["p-1"], customer: "cus-1", ipHash: "ip-a"),
            NewConversion("cnv-until", at: At(40), partners: ["p-1"], customer: "cus-1", ipHash: "ip-a"),
            NewConversion("cnv-2", at: At(20), partners: ["p-2", "p-1"], customer: "cus-2", ipHash: "ip-b"),
            NewConversion("cnv-before", at: At(9), partners: ["p-1"], customer: "cus-1", ipHash: "ip-a"),
            NewConversion(
                "cnv-5",
                at: At(25),
                status: ConversionStatus.NotAttributed,
                customer: "cus-1",
                ipHash: "ip-a"
            ),
            NewConversion(
                "cnv-other",
                at: At(20),
                partners: ["p-1"],
                customer: "cus-1",
                ipHash: "ip-a",
                program: OtherProgram
            ),
            FullConversion("cnv-full"),
        ];
        foreach (var conversion in conversions)
        {
            await RecordAsync(Record(conversion));
        }

        var range = new ConversionQuery
        {
            ProgramId = Program,
            From = At(10),
            Until = At(40),
        };
        async Task<string[]> Ids(ConversionQuery query) =>
            await Stores.Conversions.QueryAsync(query, None).Select(c => c.Id.Value).ToArrayAsync();

        Assert.Equal(["cnv-1", "cnv-full", "cnv-2", "cnv-5", "cnv-3"], await Ids(range));
        Assert.Equal(["cnv-1", "cnv-full", "cnv-2"], await Ids(range with { PartnerId = new PartnerId("p-1") }));
        Assert.Equal(["cnv-full", "cnv-2", "cnv-3"], await Ids(range with { PartnerId = new PartnerId("p-2") }));
        Assert.Equal(
            ["cnv-1", "cnv-full", "cnv-5", "cnv-3"],
            await Ids(range with { CustomerId = new CustomerId("cus-1") })
        );
        Assert.Equal(["cnv-1", "cnv-5", "cnv-3"], await Ids(range with { IpHash = "ip-a" }));
        Assert.Equal(
            ["cnv-3"],
            await Ids(
                range with
                {
                    PartnerId = new PartnerId("p-2"),
                    CustomerId = new CustomerId("cus-1"),
                    IpHash = "ip-a",
                }
            )
        );
        Assert.Equal(
            ["cnv-before", "cnv-1", "cnv-full", "cnv-2", "cnv-5", "cnv-3", "cnv-until"],
            await Ids(range with { From = At(0), Until = At(41) })
        );
        Assert.Equal(["cnv-other"], await Ids(range with { ProgramId = OtherProgram }));
        Assert.Empty(await Ids(range with { PartnerId = new PartnerId("p-unknown") }));
        SpecAssert.Equivalent(
            conversions[7] with
            {
                Version = 1,
            },
            await Stores.Conversions.QueryAsync(range with { IpHash = "iphash-c" }, None).SingleAsync()
        );
    }

    [Fact]
    public async Task Volume_counts_credited_conversions_not_rejected_or_reversed_with_the_programs_revenue()
    {
        // Revenue is the program-currency amount: each conversion below was paid in dollars.
        static Conversion Sale(
            string id,
            int minute,
            decimal programAmount,
            ConversionStatus status = ConversionStatus.Attributed,
            string[]? partners = null,
            ProgramId? program = null
        ) =>
            NewConversion(id, at: At(minute), status: status, partners: partners ?? ["p-1"], program: program) with
            {
                Amount = Money.Of(programAmount * 1.25m, "USD"),
                ProgramAmount = Eur(programAmount),
                Refunded = Money.Of(0m, "USD"),
            };

        Conversion[] conversions =
        [
            Sale("cnv-attributed", 10, 90m),
            Sale("cnv-held", 20, 50m, ConversionStatus.Held),
            Sale("cnv-partly-refunded", 30, 40m, ConversionStatus.PartiallyRefunded),
            Sale("cnv-rejected", 40, 1000m, ConversionStatus.Rejected),
            Sale("cnv-reversed", 50, 2000m, ConversionStatus.Reversed),
            Sale("cnv-shared", 60, 30m, partners: ["p-2", "p-1"]),
            Sale("cnv-of-p2", 70, 7m, partners: ["p-2"]),
            Sale("cnv-not-attributed", 75, 3000m, ConversionStatus.NotAttributed),
            Sale("cnv-at-until", 100, 4000m),
            Sale("cnv-before-from", -10, 5m),
            Sale("cnv-other-program", 10, 6000m, program: OtherProgram),
        ];
        foreach (var conversion in conversions)
        {
            await RecordAsync(Record(conversion));
        }

        var p1 = new PartnerId("p-1");
        Assert.Equal(
            new VolumeTotals(4, 210m),
            await Stores.Conversions.VolumeAsync(Program, p1, At(0), At(100), None)
        );
        Assert.Equal(new VolumeTotals(5, 215m), await Stores.Conversions.VolumeAsync(Program, p1, null, At(100), None));
        Assert.Equal(
            new VolumeTotals(2, 95m),
            await Stores.Conversions.VolumeAsync(Program, p1, At(-10), At(20), None)
        );
        Assert.Equal(
            new VolumeTotals(2, 37m),
            await Stores.Conversions.VolumeAsync(Program, new PartnerId("p-2"), null, At(100), None)
        );
        Assert.Equal(
            new VolumeTotals(1, 6000m),
            await Stores.Conversions.VolumeAsync(OtherProgram, p1, null, At(100), None)
        );
        Assert.Equal(
            VolumeTotals.None,
            await Stores.Conversions.VolumeAsync(Program, new PartnerId("p-unknown"), null, At(100), None)
        );
        Assert.Equal(VolumeTotals.None, await Stores.Conversions.VolumeAsync(Program, p1, At(10), At(10), None));
    }
}
