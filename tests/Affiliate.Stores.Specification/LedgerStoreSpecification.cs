using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="ILedgerStore"/> must do: atomic changes guarded by line and conversion versions, and line
/// queries in creation order for the approval and payout jobs and for statements.
/// </summary>
public abstract partial class LedgerStoreSpecification : StoreSpecification
{
    /// <summary>A conversion with three pending lines, as recorded (version 1 each).</summary>
    private async Task<(Conversion Conversion, CommissionLine[] Lines)> SeedAsync()
    {
        var conversion = NewConversion("cnv-1", at: At(0), partners: ["p-1"]);
        CommissionLine[] lines =
        [
            NewLine("cml-a", conversion: "cnv-1", amount: 10m, createdAt: At(1), approvableAt: At(100)),
            NewLine(
                "cml-b",
                partner: "p-2",
                conversion: "cnv-1",
                amount: 2m,
                createdAt: At(1),
                approvableAt: At(100),
                kind: LedgerEntryKind.Upline
            ) with
            {
                Level = 2,
            },
            NewLine(
                "cml-c",
                conversion: "cnv-1",
                amount: 5m,
                createdAt: At(1),
                approvableAt: At(100),
                kind: LedgerEntryKind.Bonus
            ),
        ];
        await RecordAsync(Record(conversion, lines));
        return (conversion with { Version = 1 }, lines.Select(l => l with { Version = 1 }).ToArray());
    }

    [Fact]
    public async Task A_new_line_comes_back_with_every_property_and_version_1()
    {
        await RecordAsync(Record(FullConversion()));
        var full = FullLine();
        var minimal = MinimalLine();
        var events = new AffiliateEvent[] { LineCreatedEvent(full), LineCreatedEvent(minimal) };
        var pending = await PendingEventIdsAsync();

        await WriteAsync(new LedgerChange { NewLines = [full with { Version = 7 }, minimal], Events = events });

        SpecAssert.Equivalent(full with { Version = 1 }, await Stores.Ledger.FindLineAsync(full.Id, None));
        SpecAssert.Equivalent(minimal with { Version = 1 }, await Stores.Ledger.FindLineAsync(minimal.Id, None));
        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId("cml-unknown"), None));
        Assert.Equal(pending.Concat(events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task An_update_with_the_expected_version_bumps_it_by_one_and_a_stale_one_is_a_conflict()
    {
        var (_, lines) = await SeedAsync();
        var approved = Approved(lines[0], At(100));
        var paid = approved with { State = CommissionState.Paid, PaidAt = At(200), PayoutId = new PayoutId("pay-1") };

        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Ledger.WriteAsync(new LedgerChange { Updates = [Expect(approved, 1)] }, None)).Status
        );
        SpecAssert.Equivalent(approved with { Version = 2 }, await LineAsync(approved.Id));
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Ledger.WriteAsync(new LedgerChange { Updates = [Expect(paid, 2)] }, None)).Status
        );
        SpecAssert.Equivalent(paid with { Version = 3 }, await LineAsync(approved.Id));

        var stale = await Stores.Ledger.WriteAsync(
            new LedgerChange { Updates = [Expect(lines[0] with { State = CommissionState.Reversed }, 2)] },
            None
        );

        Assert.Equal(StoreWriteStatus.Conflict, stale.Status);
        SpecAssert.Equivalent(paid with { Version = 3 }, await LineAsync(approved.Id));
    }

    [Fact]
    public async Task A_change_with_the_expected_versions_writes_its_lines_conversion_and_events_together()
    {
        var (conversion, lines) = await SeedAsync();
        var pending = await PendingEventIdsAsync();

        // A review decision: the conversion is released from hold, two lines move on and an adjustment is added.
        var released = conversion with { Status = ConversionStatus.Attributed, FraudAction = FraudAction.Allow };
        var first = Approved(lines[0], At(50));
        var second = lines[1] with { State = CommissionState.Rejected, ClosedAt = At(50), Reason = "Upline inactive" };
        var adjustment = MinimalLine("cml-adjustment") with { CreatedAt = At(50), Reason = "Goodwill" };
        var change = new LedgerChange
        {
            Updates = [Expect(first, 1), Expect(second, 1)],
            NewLines = [adjustment],
            Conversion = Expect(released, 1),
            Events =
            [
                LineMovedEvent(lines[0], CommissionState.Approved, At(50)),
                LineMovedEvent(lines[1], CommissionState.Rejected, At(50)),
                LineCreatedEvent(adjustment),
            ],
        };

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Ledger.WriteAsync(change, None)).Status);

        SpecAssert.Equivalent(released with { Version = 2 }, await ConversionAsync(conversion.Id));
        SpecAssert.Equivalent(first with { Version = 2 }, await LineAsync(first.Id));
        SpecAssert.Equivalent(second with { Version = 2 }, await LineAsync(second.Id));
        SpecAssert.Equivalent(lines[2], await LineAsync(lines[2].Id));
        SpecAssert.Equivalent(adjustment with { Version = 1 }, await LineAsync(adjustment.Id));
        Assert.Equal(pending.Concat(change.Events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_change_with_one_stale_line_is_a_conflict_and_writes_nothing_at_all()
    {
        var (conversion, lines) = await SeedAsync();
        var movedC = Approved(lines[2], At(20));
        await WriteAsync(new LedgerChange { Updates = [Expect(movedC, 1)] });
        var pending = await PendingEventIdsAsync();

        // The first update and the conversion are current; the last update read cml-c before it moved.
        var change = new LedgerChange
        {
            Updates =
            [
                Expect(Approved(lines[0], At(100)), 1),
                Expect(Approved(lines[1], At(100)), 1),
                Expect(lines[2] with { State = CommissionState.Reversed }, 1),
            ],
            NewLines = [MinimalLine("cml-new")],
            Conversion = Expect(conversion with { Status = ConversionStatus.Held }, 1),
            Events = [LineCreatedEvent(MinimalLine("cml-new"))],
        };
        var result = await Stores.Ledger.WriteAsync(change, None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        await AssertUnchangedAsync(conversion, [lines[0], lines[1], movedC with { Version = 2 }], pending, "cml-new");
    }

    [Fact]
    public async Task A_change_with_a_stale_conversion_is_a_conflict_and_writes_nothing_at_all()
    {
        var (conversion, lines) = await SeedAsync();
        var held = conversion with { Status = ConversionStatus.Held };
        await WriteAsync(new LedgerChange { Conversion = Expect(held, 1) });
        var pending = await PendingEventIdsAsync();

        var change = new LedgerChange
        {
            Updates = [Expect(Approved(lines[0], At(100)), 1)],
            NewLines = [MinimalLine("cml-new")],
            Conversion = Expect(conversion with { Status = ConversionStatus.Rejected }, 1),
            Events = [LineCreatedEvent(MinimalLine("cml-new"))],
        };
        var result = await Stores.Ledger.WriteAsync(change, None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        await AssertUnchangedAsync(held with { Version = 2 }, lines, pending, "cml-new");
    }

    [Fact]
    public async Task A_change_that_updates_a_line_that_does_not_exist_is_a_conflict_and_writes_nothing()
    {
        var (conversion, lines) = await SeedAsync();
        var pending = await PendingEventIdsAsync();

        var change = new LedgerChange
        {
            Updates = [Expect(Approved(lines[0], At(100)), 1), Expect(NewLine("cml-ghost"), 1)],
            NewLines = [MinimalLine("cml-new")],
            Events = [LineCreatedEvent(MinimalLine("cml-new"))],
        };
        var result = await Stores.Ledger.WriteAsync(change, None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId("cml-ghost"), None));
        await AssertUnchangedAsync(conversion, lines, pending, "cml-new");
    }

    [Fact]
    public async Task A_change_that_adds_a_line_whose_id_exists_is_refused_and_writes_nothing()
    {
        var (conversion, lines) = await SeedAsync();
        var pending = await PendingEventIdsAsync();

        var change = new LedgerChange
        {
            Updates = [Expect(Approved(lines[0], At(100)), 1)],
            NewLines = [MinimalLine("cml-new"), MinimalLine(lines[1].Id.Value) with { Amount = Eur(-99m) }],
            Events = [LineCreatedEvent(MinimalLine("cml-new"))],
        };
        var result = await Stores.Ledger.WriteAsync(change, None);

        AssertRefused(result, StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);
        await AssertUnchangedAsync(conversion, lines, pending, "cml-new");
    }

    private async Task AssertUnchangedAsync(
        Conversion conversion,
        IReadOnlyList<CommissionLine> lines,
        Guid[] pending,
        string absentLineId
    )
    {
        SpecAssert.Equivalent(conversion, await ConversionAsync(conversion.Id));
        foreach (var line in lines)
        {
            SpecAssert.Equivalent(line, await LineAsync(line.Id));
        }

        Assert.Null(await Stores.Ledger.FindLineAsync(new CommissionLineId(absentLineId), None));
        Assert.Equal(lines.Select(l => l.Id), (await AllLinesAsync()).Select(l => l.Id));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_approvals_of_the_same_lines_made_at_once_from_the_same_versions_exactly_one_is_written()
    {
        var (_, lines) = await SeedAsync();
        var pending = await PendingEventIdsAsync();
        var changes = Enumerable
            .Range(0, 10)
            .Select(i => new LedgerChange
            {
                Updates = [Expect(Approved(lines[0], At(100 + i)), 1), Expect(Approved(lines[1], At(100 + i)), 1)],
                Events =
                [
                    LineMovedEvent(lines[0], CommissionState.Approved, At(100 + i)),
                    LineMovedEvent(lines[1], CommissionState.Approved, At(100 + i)),
                ],
            })
            .ToArray();

        var results = await RaceAsync(changes.Length, (stores, i) => stores.Ledger.WriteAsync(changes[i], None));

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        foreach (var line in lines.Take(2))
        {
            var stored = await LineAsync(line.Id);
            Assert.Equal(
                (CommissionState.Approved, (Instant?)At(100 + winner), 2L),
                (stored.State, stored.ApprovedAt, stored.Version)
            );
        }

        Assert.Equal(pending.Concat(changes[winner].Events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    // ---- Set-based jobs
    // ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task Due_lines_are_pending_lines_approvable_by_then_oldest_first_then_by_id_at_most_max()
    {
        await RecordAsync(
            Record(
                NewConversion("cnv-1"),
                NewLine("l-3", approvableAt: At(30), amount: 3m),
                NewLine("l-a", partner: "p-2", approvableAt: At(10), amount: 1m),
                NewLine("l-B", approvableAt: At(10), amount: 2m),
                NewLine("l-late", approvableAt: At(50)),
                NewLine("l-none"),
                NewLine("l-held", state: CommissionState.Held, approvableAt: At(5)),
                NewLine("l-approved", state: CommissionState.Approved, approvableAt: At(5)),
                NewLine("l-edge", approvableAt: At(40), amount: -4m) with
                {
                    Amount = Money.Of(-4.125m, "BHD"),
                }
            )
        );
        var elsewhere = NewLine("l-2", conversion: "cnv-o", approvableAt: At(20), amount: 7m, program: OtherProgram);
        await RecordAsync(Record(NewConversion("cnv-o", program: OtherProgram), elsewhere));

        async Task<string[]> Ids(ProgramId? program, Instant asOf, int max) =>
            (await Stores.Ledger.DueLinesAsync(program, asOf, max, None)).Select(l => l.Id.Value).ToArray();

        // Ids compare ordinally: "l-B" before "l-a".
        Assert.Equal(["l-B", "l-a", "l-2", "l-3", "l-edge"], await Ids(null, At(40), 100));
        Assert.Equal(["l-B", "l-a", "l-3", "l-edge"], await Ids(Program, At(40), 100));
        Assert.Equal(["l-2"], await Ids(OtherProgram, At(40), 100));
        Assert.Equal(["l-B", "l-a", "l-3"], await Ids(Program, At(40) - Duration.Epsilon, 100));
        Assert.Equal(["l-B", "l-a"], await Ids(null, At(40), 2));
        Assert.Empty(await Ids(null, At(40), 0));
        Assert.Empty(await Ids(Program, At(9), 10));
        SpecAssert.EquivalentSequence(
            [
                new LineRef(new CommissionLineId("l-B"), Program, new PartnerId("p-1"), Eur(2m)),
                new LineRef(new CommissionLineId("l-a"), Program, new PartnerId("p-2"), Eur(1m)),
                new LineRef(new CommissionLineId("l-3"), Program, new PartnerId("p-1"), Eur(3m)),
                new LineRef(new CommissionLineId("l-edge"), Program, new PartnerId("p-1"), Money.Of(-4.125m, "BHD")),
            ],
            await Stores.Ledger.DueLinesAsync(Program, At(40), 10, None)
        );
    }

    [Fact]
    public async Task A_move_changes_the_lines_state_stamps_and_reason_bumps_their_versions_and_writes_its_events()
    {
        var (_, lines) = await SeedAsync();
        var held = NewLine("cml-held", state: CommissionState.Held, createdAt: At(1)) with { Reason = "velocity" };
        var heldToo = NewLine("cml-held-2", conversion: "cnv-1", state: CommissionState.Held, createdAt: At(1));
        await WriteAsync(new LedgerChange { NewLines = [held, heldToo] });
        var pending = await PendingEventIdsAsync();

        var approval = new LineMove
        {
            LineIds = [lines[2].Id, lines[0].Id],
            From = CommissionState.Pending,
            To = CommissionState.Approved,
            At = Precise(100),
            Events =
            [
                LineMovedEvent(lines[2], CommissionState.Approved, At(100)),
                LineMovedEvent(lines[0], CommissionState.Approved, At(100)),
            ],
        };
        const string Decision = "Reviewer: cookie stuffing";
        var released = new LineMove
        {
            LineIds = [held.Id],
            From = CommissionState.Held,
            To = CommissionState.Pending,
            At = At(101),
        };
        var rejected = new LineMove
        {
            LineIds = [heldToo.Id],
            From = CommissionState.Held,
            To = CommissionState.Rejected,
            At = At(102),
            Reason = Decision,
        };

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Ledger.MoveAsync(approval, None)).Status);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Ledger.MoveAsync(released, None)).Status);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Ledger.MoveAsync(rejected, None)).Status);

        SpecAssert.Equivalent(Approved(lines[0], Precise(100)) with { Version = 2 }, await LineAsync(lines[0].Id));
        SpecAssert.Equivalent(lines[1], await LineAsync(lines[1].Id));
        SpecAssert.Equivalent(Approved(lines[2], Precise(100)) with { Version = 2 }, await LineAsync(lines[2].Id));
        SpecAssert.Equivalent(held with { State = CommissionState.Pending, Version = 2 }, await LineAsync(held.Id));
        SpecAssert.Equivalent(
            heldToo with
            {
                State = CommissionState.Rejected,
                ClosedAt = At(102),
                Reason = Decision,
                Version = 2,
            },
            await LineAsync(heldToo.Id)
        );
        Assert.Equal(pending.Concat(approval.Events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Moving_a_line_not_in_the_from_state_or_missing_or_named_twice_is_a_conflict_writing_nothing()
    {
        var (conversion, lines) = await SeedAsync();
        var approvedA = Approved(lines[0], At(20));
        await WriteAsync(new LedgerChange { Updates = [Expect(approvedA, 1)] });
        var pending = await PendingEventIdsAsync();
        LineMove Move(params CommissionLineId[] ids) =>
            new()
            {
                LineIds = ids,
                From = CommissionState.Pending,
                To = CommissionState.Approved,
                At = At(100),
                Events = [LineMovedEvent(lines[1], CommissionState.Approved, At(100))],
            };

        var notPending = await Stores.Ledger.MoveAsync(Move(lines[1].Id, lines[0].Id, lines[2].Id), None);
        var missing = await Stores.Ledger.MoveAsync(Move(lines[1].Id, new CommissionLineId("cml-ghost")), None);
        var twice = await Stores.Ledger.MoveAsync(Move(lines[1].Id, lines[2].Id, lines[1].Id), None);

        Assert.All([notPending, missing, twice], r => Assert.Equal(StoreWriteStatus.Conflict, r.Status));
        SpecAssert.Equivalent(conversion, await ConversionAsync(conversion.Id));
        SpecAssert.Equivalent(approvedA with { Version = 2 }, await LineAsync(lines[0].Id));
        SpecAssert.Equivalent(lines[1], await LineAsync(lines[1].Id));
        SpecAssert.Equivalent(lines[2], await LineAsync(lines[2].Id));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_moves_of_the_same_lines_made_at_once_exactly_one_is_written()
    {
        var (_, lines) = await SeedAsync();
        var pending = await PendingEventIdsAsync();
        var moves = Enumerable
            .Range(0, 10)
            .Select(i => new LineMove
            {
                LineIds = i % 2 == 0 ? [lines[0].Id, lines[1].Id] : [lines[1].Id, lines[0].Id],
                From = CommissionState.Pending,
                To = CommissionState.Approved,
                At = At(100 + i),
                Events =
                [
                    LineMovedEvent(lines[0], CommissionState.Approved, At(100 + i)),
                    LineMovedEvent(lines[1], CommissionState.Approved, At(100 + i)),
                ],
            })
            .ToArray();

        var results = await RaceAsync(moves.Length, (stores, i) => stores.Ledger.MoveAsync(moves[i], None));

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        foreach (var line in lines.Take(2))
        {
            var stored = await LineAsync(line.Id);
            var expected = (CommissionState.Approved, (Instant?)At(100 + winner), 2L);
            Assert.Equal(expected, (stored.State, stored.ApprovedAt, stored.Version));
        }

        Assert.Equal(pending.Concat(moves[winner].Events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Query_lines_filters_on_every_field_and_returns_them_in_creation_order()
    {
        var pay1 = new PayoutId("pay-1");
        var pay2 = new PayoutId("pay-2");

        // Written in four transactions; creation instants increase in the order written.
        await RecordAsync(
            Record(
                NewConversion("cnv-1", at: At(0)),
                NewLine("l-01", conversion: "cnv-1", createdAt: At(1), approvableAt: At(100)),
                NewLine(
                    "l-02",
                    partner: "p-2",
                    conversion: "cnv-1",
                    createdAt: At(2),
                    approvableAt: At(100),
                    kind: LedgerEntryKind.Upline
                )
            )
        );
        await RecordAsync(
            Record(
                NewConversion("cnv-2", at: At(0), partners: ["p-1", "p-2"]),
                NewLine(
                    "l-03",
                    conversion: "cnv-2",
                    state: CommissionState.Held,
                    createdAt: At(3),
                    approvableAt: At(200)
                ),
                NewLine(
                    "l-04",
                    conversion: "cnv-2",
                    state: CommissionState.Approved,
                    createdAt: At(4),
                    approvableAt: At(50)
                ) with
                {
                    PayoutId = pay1,
                }
            )
        );
        await WriteAsync(
            new LedgerChange
            {
                NewLines =
                [
                    NewLine(
                        "l-05",
                        conversion: null,
                        state: CommissionState.Approved,
                        createdAt: At(5),
                        kind: LedgerEntryKind.Adjustment
                    ),
                    NewLine(
                        "l-06",
                        partner: "p-2",
                        conversion: "cnv-2",
                        state: CommissionState.Paid,
                        createdAt: At(6),
                        approvableAt: At(50)
                    ) with
                    {
                        PayoutId = pay2,
                    },
                ],
            }
        );
        await RecordAsync(
            Record(
                NewConversion("cnv-o", at: At(0), program: OtherProgram),
                NewLine("l-07", conversion: "cnv-o", createdAt: At(7), approvableAt: At(100), program: OtherProgram)
            )
        );
        await WriteAsync(
            new LedgerChange
            {
                NewLines =
                [
                    NewLine(
                        "l-08",
                        conversion: "cnv-1",
                        state: CommissionState.Reversed,
                        createdAt: At(8),
                        approvableAt: At(100),
                        amount: -10m,
                        kind: LedgerEntryKind.Reversal
                    ),
                ],
            }
        );

        async Task<string[]> Ids(LineQuery query) =>
            (await Stores.Ledger.QueryLinesAsync(query, None)).Select(l => l.Id.Value).ToArray();

        Assert.Equal(["l-01", "l-02", "l-03", "l-04", "l-05", "l-06", "l-07", "l-08"], await Ids(new LineQuery()));
        Assert.Equal(
            ["l-01", "l-02", "l-03", "l-04", "l-05", "l-06", "l-08"],
            await Ids(new LineQuery { ProgramId = Program })
        );
        Assert.Equal(["l-07"], await Ids(new LineQuery { ProgramId = OtherProgram }));
        Assert.Equal(["l-02", "l-06"], await Ids(new LineQuery { PartnerId = new PartnerId("p-2") }));
        Assert.Equal(["l-03", "l-04", "l-06"], await Ids(new LineQuery { ConversionId = new ConversionId("cnv-2") }));
        Assert.Equal(["l-01", "l-02", "l-07"], await Ids(new LineQuery { States = [CommissionState.Pending] }));
        Assert.Equal(
            ["l-04", "l-05", "l-06"],
            await Ids(new LineQuery { States = [CommissionState.Paid, CommissionState.Approved] })
        );
        Assert.Equal(
            ["l-01", "l-02", "l-04", "l-06", "l-07", "l-08"],
            await Ids(new LineQuery { ApprovableAtOrBefore = At(100) })
        );
        Assert.Equal(["l-04", "l-06"], await Ids(new LineQuery { ApprovableAtOrBefore = At(99) }));
        Assert.Equal(["l-04"], await Ids(new LineQuery { PayoutId = pay1 }));
        Assert.Equal(["l-01", "l-02", "l-03", "l-05", "l-07", "l-08"], await Ids(new LineQuery { Unclaimed = true }));
        Assert.Equal(["l-04", "l-06"], await Ids(new LineQuery { Unclaimed = false }));
        Assert.Equal(["l-03", "l-04", "l-05"], await Ids(new LineQuery { CreatedFrom = At(3), CreatedUntil = At(6) }));
        Assert.Equal(["l-01", "l-02", "l-03"], await Ids(new LineQuery { Take = 3 }));
        Assert.Empty(await Ids(new LineQuery { Take = 0 }));

        // The approval job's and the payout job's questions.
        Assert.Equal(
            ["l-01", "l-02"],
            await Ids(
                new LineQuery
                {
                    ProgramId = Program,
                    States = [CommissionState.Pending],
                    ApprovableAtOrBefore = At(100),
                    Take = 2,
                }
            )
        );
        Assert.Equal(
            ["l-05"],
            await Ids(
                new LineQuery
                {
                    ProgramId = Program,
                    PartnerId = new PartnerId("p-1"),
                    States = [CommissionState.Approved],
                    Unclaimed = true,
                }
            )
        );
        Assert.Equal(
            ["l-02"],
            await Ids(
                new LineQuery
                {
                    PartnerId = new PartnerId("p-2"),
                    ConversionId = new ConversionId("cnv-1"),
                    CreatedFrom = At(2),
                    CreatedUntil = At(3),
                }
            )
        );

        var found = (await Stores.Ledger.QueryLinesAsync(new LineQuery { PayoutId = pay2 }, None)).Single();
        SpecAssert.Equivalent(
            NewLine(
                "l-06",
                partner: "p-2",
                conversion: "cnv-2",
                state: CommissionState.Paid,
                createdAt: At(6),
                approvableAt: At(50)
            ) with
            {
                PayoutId = pay2,
                Version = 1,
            },
            found
        );
    }
}
