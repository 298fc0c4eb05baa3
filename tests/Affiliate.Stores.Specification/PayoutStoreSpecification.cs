using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IPayoutStore"/> must do: what each partner could be paid in one grouped read; a payout and
/// the claim of every payable line of its partner and currency in one set-based transaction, refused whole when those
/// lines are not exactly the ones the payout counts and sums (so a line is never in two payouts, even when several
/// instances run the payout job at once); closes that pay or release exactly the payout's lines, refused whole when
/// the payout or one of its lines changed. A payout always equals the sum of its lines.
/// </summary>
public abstract class PayoutStoreSpecification : StoreSpecification
{
    /// <summary>Approved, unclaimed lines of a partner (version 1 each), written with one conversion.</summary>
    private async Task<CommissionLine[]> SeedApprovedAsync(
        string conversion = "cnv-1",
        string partner = "p-1",
        int minute = 0,
        ProgramId? program = null
    )
    {
        CommissionLine[] lines =
        [
            NewLine(
                $"{conversion}-l1",
                partner: partner,
                conversion: conversion,
                state: CommissionState.Approved,
                amount: 10.10m,
                createdAt: At(minute),
                program: program
            ) with
            {
                ApprovedAt = At(minute + 1),
            },
            NewLine(
                $"{conversion}-l2",
                partner: partner,
                conversion: conversion,
                state: CommissionState.Approved,
                amount: 0.5m,
                createdAt: At(minute),
                program: program
            ) with
            {
                ApprovedAt = At(minute + 1),
            },
            NewLine(
                $"{conversion}-l3",
                partner: partner,
                conversion: conversion,
                state: CommissionState.Approved,
                amount: 3m,
                createdAt: At(minute),
                program: program
            ) with
            {
                ApprovedAt = At(minute + 1),
            },
        ];
        await RecordAsync(
            Record(NewConversion(conversion, at: At(minute), partners: [partner], program: program), lines)
        );
        return lines.Select(l => l with { Version = 1 }).ToArray();
    }

    /// <summary>Claims a payout of exactly <paramref name="lines"/> and asserts it was written.</summary>
    private async Task<Payout> ClaimAsync(
        string id,
        string partner,
        IReadOnlyList<CommissionLine> lines,
        Instant? at = null,
        ProgramId? program = null
    )
    {
        var payout = NewPayout(id, partner, lines, at, program);
        var result = await Stores.Payouts.ClaimAsync(payout, [PayoutCreatedEvent(payout)], None);
        Assert.True(result.Succeeded, $"Setting up: claiming payout {id} returned {result}.");
        return payout with { Version = 1 };
    }

    private async Task AssertLinesAsync(IEnumerable<CommissionLine> expected)
    {
        foreach (var line in expected)
        {
            SpecAssert.Equivalent(line, await LineAsync(line.Id));
        }
    }

    // ---- What could be paid
    // --------------------------------------------------------------------------------------------

    [Fact]
    public async Task Payable_sums_approved_unpaid_lines_per_partner_and_currency_ordered_by_partner_then_currency()
    {
        var claimed = await SeedApprovedAsync("cnv-claimed", partner: "p-c");
        await ClaimAsync("pay-1", "p-c", claimed);
        await RecordAsync(
            Record(
                NewConversion("cnv-1", partners: ["p-b", "p-a", "p-B"]),
                NewLine("l-b1", partner: "p-b", state: CommissionState.Approved, amount: 10m),
                NewLine("l-b2", partner: "p-b", state: CommissionState.Approved, amount: 2.5m),
                NewLine("l-b3", "p-b", state: CommissionState.Approved, amount: -4m, kind: LedgerEntryKind.Clawback),
                NewLine("l-b4", partner: "p-b", state: CommissionState.Pending, amount: 99m),
                NewLine("l-b5", partner: "p-b", state: CommissionState.Paid, amount: 98m),
                NewLine("l-b6", partner: "p-b", state: CommissionState.Held, amount: 97m),
                NewLine("l-b7", partner: "p-b", state: CommissionState.Reversed, amount: 96m),
                NewLine("l-a1", "p-a", state: CommissionState.Approved) with
                {
                    Amount = Money.Of(7m, "USD"),
                },
                NewLine("l-a2", partner: "p-a", state: CommissionState.Approved, amount: 1m),
                NewLine("l-a3", "p-a", state: CommissionState.Approved) with
                {
                    Amount = Money.Of(1.5m, "BHD"),
                },
                NewLine("l-B1", partner: "p-B", state: CommissionState.Approved, amount: 0.01m),
                NewLine(
                    "l-other",
                    partner: "p-a",
                    state: CommissionState.Approved,
                    amount: 1000m,
                    program: OtherProgram
                )
            )
        );

        var payable = await Stores.Payouts.PayableAsync(Program, None);

        // Ordinal: "p-B" sorts before "p-a"; currencies by code.
        SpecAssert.EquivalentSequence(
            [
                new PayableBalance(new PartnerId("p-B"), Eur(0.01m), 1),
                new PayableBalance(new PartnerId("p-a"), Money.Of(1.5m, "BHD"), 1),
                new PayableBalance(new PartnerId("p-a"), Eur(1m), 1),
                new PayableBalance(new PartnerId("p-a"), Money.Of(7m, "USD"), 1),
                new PayableBalance(new PartnerId("p-b"), Eur(8.5m), 3),
            ],
            payable
        );
        SpecAssert.EquivalentSequence(
            [new PayableBalance(new PartnerId("p-a"), Eur(1000m), 1)],
            await Stores.Payouts.PayableAsync(OtherProgram, None)
        );
        Assert.Empty(await Stores.Payouts.PayableAsync(new ProgramId("prg-unknown"), None));
    }

    // ---- Claims
    // --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_claimed_payout_comes_back_at_version_1_with_every_payable_line_of_its_partner_and_currency()
    {
        var lines = await SeedApprovedAsync();
        var others = await SeedApprovedAsync("cnv-2", partner: "p-2", minute: 5);
        var elsewhere = await SeedApprovedAsync("cnv-3", minute: 6, program: OtherProgram);
        var dollars = NewLine("cml-usd", state: CommissionState.Approved) with { Amount = Money.Of(4m, "USD") };
        await WriteAsync(new LedgerChange { NewLines = [dollars] });
        var pending = await PendingEventIdsAsync();
        var payout = NewPayout("pay-1", "p-1", lines, at: Precise(60)) with { Version = 3 };
        var events = new AffiliateEvent[] { PayoutCreatedEvent(payout) };

        var result = await Stores.Payouts.ClaimAsync(payout, events, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        Assert.Equal((Eur(13.6m), 3), (payout.Amount, payout.LineCount));
        SpecAssert.Equivalent(payout with { Version = 1 }, await Stores.Payouts.FindAsync(payout.Id, None));
        await AssertLinesAsync(lines.Select(l => l with { PayoutId = payout.Id, Version = 2 }));
        await AssertLinesAsync([.. others, .. elsewhere, dollars with { Version = 1 }]);

        // The payout equals the sum of the lines that name it.
        var own = await Stores.Ledger.QueryLinesAsync(new LineQuery { PayoutId = payout.Id }, None);
        var sum = Money.Sum(own.Select(l => l.Amount), Currency.EUR);
        Assert.Equal((payout.LineCount, payout.Amount), (own.Count, sum));
        Assert.Null(await Stores.Payouts.FindAsync(new PayoutId("pay-unknown"), None));
        Assert.Equal(pending.Concat(events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_claim_after_one_of_the_lines_changed_is_a_conflict_and_writes_nothing_at_all()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        var reversed = lines[2] with { State = CommissionState.Reversed, ClosedAt = At(30) };
        await WriteAsync(new LedgerChange { Updates = [Expect(reversed, 1)] });
        var pending = await PendingEventIdsAsync();

        var result = await Stores.Payouts.ClaimAsync(payout, [PayoutCreatedEvent(payout)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Payouts.FindAsync(payout.Id, None));
        Assert.Empty(await Stores.Payouts.QueryAsync(new PayoutQuery(), None));
        await AssertLinesAsync([lines[0], lines[1], reversed with { Version = 2 }]);
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_claim_after_another_line_became_payable_is_a_conflict_and_writes_nothing_at_all()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        var late = NewLine("cml-late", state: CommissionState.Approved, amount: 0.01m, createdAt: At(40));
        await WriteAsync(new LedgerChange { NewLines = [late] });
        var pending = await PendingEventIdsAsync();

        var tooFew = await Stores.Payouts.ClaimAsync(payout, [PayoutCreatedEvent(payout)], None);
        var wrongSum = await Stores.Payouts.ClaimAsync(payout with { LineCount = 4 }, [], None);

        Assert.Equal((StoreWriteStatus.Conflict, StoreWriteStatus.Conflict), (tooFew.Status, wrongSum.Status));
        Assert.Empty(await Stores.Payouts.QueryAsync(new PayoutQuery(), None));
        await AssertLinesAsync([.. lines, late with { Version = 1 }]);
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Claiming_with_an_existing_payout_id_is_a_duplicate_and_writes_nothing()
    {
        var lines = await SeedApprovedAsync();
        var first = await ClaimAsync("pay-1", "p-1", lines);
        var others = await SeedApprovedAsync("cnv-2", minute: 10);
        var pending = await PendingEventIdsAsync();

        var second = NewPayout("pay-1", "p-1", others, at: At(99));
        var result = await Stores.Payouts.ClaimAsync(second, [PayoutCreatedEvent(second)], None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first, await Stores.Payouts.FindAsync(first.Id, None));
        await AssertLinesAsync(others);
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_payouts_claiming_the_same_lines_at_once_exactly_one_is_written_and_every_line_is_in_it()
    {
        var lines = await SeedApprovedAsync();
        var pending = await PendingEventIdsAsync();
        var payouts = Enumerable
            .Range(0, 20)
            .Select(i => NewPayout($"pay-{i:D2}", "p-1", lines, At(100 + i)))
            .ToArray();
        var events = payouts.Select(p => new AffiliateEvent[] { PayoutCreatedEvent(p) }).ToArray();

        var results = await RaceAsync(payouts.Length, (stores, i) =>
            stores.Payouts.ClaimAsync(payouts[i], events[i], None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        var stored = Assert.Single(await Stores.Payouts.QueryAsync(new PayoutQuery(), None));
        Assert.Equal(payouts[winner].Id, stored.Id);
        foreach (var line in lines)
        {
            var claimed = await LineAsync(line.Id);
            Assert.Equal((payouts[winner].Id, 2L), (claimed.PayoutId!.Value, claimed.Version));
        }

        Assert.Empty(await Stores.Payouts.PayableAsync(Program, None));
        Assert.Equal(pending.Concat(events[winner].Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    // ---- Closes
    // --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Marking_a_payout_paid_pays_its_lines_with_versions_bumped_by_one()
    {
        var lines = await SeedApprovedAsync();
        var payout = await ClaimAsync("pay-1", "p-1", lines);
        var other = await SeedApprovedAsync("cnv-2", minute: 10);
        var pending = await PendingEventIdsAsync();

        var paid = PaidPayout(payout, Precise(90));
        var events = new AffiliateEvent[] { PaidEvent(paid) };
        var result = await Stores.Payouts.CloseAsync(Expect(paid, 1), events, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(paid with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        await AssertLinesAsync(
            lines.Select(l =>
                l with
                {
                    PayoutId = payout.Id,
                    State = CommissionState.Paid,
                    PaidAt = Precise(90),
                    Version = 3,
                }
            )
        );
        await AssertLinesAsync(other);
        Assert.Equal(pending.Concat(events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_failed_payout_releases_its_lines_for_the_next_payout()
    {
        var lines = await SeedApprovedAsync();
        var payout = await ClaimAsync("pay-1", "p-1", lines);
        var failed = FailedPayout(payout, Precise(90));

        var result = await Stores.Payouts.CloseAsync(Expect(failed, 1), [], None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(failed with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        var query = new LineQuery
        {
            PartnerId = payout.PartnerId,
            States = [CommissionState.Approved],
            Unclaimed = true,
        };
        var unclaimed = await Stores.Ledger.QueryLinesAsync(query, None);
        SpecAssert.EquivalentSequence(lines.Select(l => l with { Version = 3 }), unclaimed);
        SpecAssert.EquivalentSequence(
            [new PayableBalance(payout.PartnerId, payout.Amount, 3)],
            await Stores.Payouts.PayableAsync(Program, None)
        );

        var next = await ClaimAsync("pay-2", "p-1", unclaimed, at: At(60 * 24 * 60));
        var paidNext = await Stores.Ledger.QueryLinesAsync(new LineQuery { PayoutId = next.Id }, None);
        Assert.All(paidNext, l => Assert.Equal(4, l.Version));
    }

    [Fact]
    public async Task A_close_with_a_stale_payout_version_is_a_conflict_and_writes_nothing()
    {
        var lines = await SeedApprovedAsync();
        var payout = await ClaimAsync("pay-1", "p-1", lines);
        var failed = FailedPayout(payout, At(80), "first");
        Assert.True((await Stores.Payouts.CloseAsync(Expect(failed, 1), [], None)).Succeeded);
        var again = await ClaimAsync("pay-2", "p-1", lines.Select(l => l with { Version = 3 }).ToArray());
        var pending = await PendingEventIdsAsync();

        var paid = PaidPayout(payout, At(99), "late");
        var result = await Stores.Payouts.CloseAsync(Expect(paid, 1), [PaidEvent(paid)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        SpecAssert.Equivalent(failed with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        await AssertLinesAsync(lines.Select(l => l with { PayoutId = again.Id, Version = 4 }));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_close_after_a_line_of_the_payout_changed_is_a_conflict_and_leaves_the_payout_unchanged()
    {
        var lines = await SeedApprovedAsync();
        var payout = await ClaimAsync("pay-1", "p-1", lines);
        var reversed = lines[1] with { PayoutId = payout.Id, State = CommissionState.Reversed, ClosedAt = At(50) };
        await WriteAsync(new LedgerChange { Updates = [Expect(reversed, 2)] });
        var pending = await PendingEventIdsAsync();

        var paidPayout = PaidPayout(payout, At(90));
        var paid = await Stores.Payouts.CloseAsync(Expect(paidPayout, 1), [PaidEvent(paidPayout)], None);
        var failed = await Stores.Payouts.CloseAsync(Expect(FailedPayout(payout, At(91)), 1), [], None);

        Assert.Equal((StoreWriteStatus.Conflict, StoreWriteStatus.Conflict), (paid.Status, failed.Status));
        SpecAssert.Equivalent(payout, await Stores.Payouts.FindAsync(payout.Id, None));
        await AssertLinesAsync([
            lines[0] with
            {
                PayoutId = payout.Id,
                Version = 2,
            },
            reversed with
            {
                Version = 3,
            },
            lines[2] with
            {
                PayoutId = payout.Id,
                Version = 2,
            },
        ]);
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Closing_a_payout_as_pending_is_misuse()
    {
        var payout = await ClaimAsync("pay-1", "p-1", await SeedApprovedAsync());

        await Assert.ThrowsAsync<ArgumentException>(async () =>
            await Stores.Payouts.CloseAsync(Expect(payout, 1), [], None)
        );

        SpecAssert.Equivalent(payout, await Stores.Payouts.FindAsync(payout.Id, None));
    }

    [Fact]
    public async Task Of_closes_of_one_payout_made_at_once_from_the_same_version_exactly_one_is_written()
    {
        var lines = await SeedApprovedAsync();
        var payout = await ClaimAsync("pay-1", "p-1", lines);
        var pending = await PendingEventIdsAsync();
        var closes = Enumerable
            .Range(0, 10)
            .Select(i =>
                i % 2 == 0
                    ? PaidPayout(payout, At(100 + i), $"ref-{i}")
                    : FailedPayout(payout, At(100 + i), $"failure {i}")
            )
            .ToArray();
        var events = closes
            .Select(c => c.Status == PayoutStatus.Paid ? new AffiliateEvent[] { PaidEvent(c) } : [])
            .ToArray();

        var results = await RaceAsync(closes.Length, (stores, i) =>
            stores.Payouts.CloseAsync(Expect(closes[i], 1), events[i], None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        SpecAssert.Equivalent(closes[winner] with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        var expected =
            closes[winner].Status == PayoutStatus.Paid
                ? lines.Select(l =>
                    l with
                    {
                        PayoutId = payout.Id,
                        State = CommissionState.Paid,
                        PaidAt = closes[winner].ClosedAt,
                        Version = 3,
                    }
                )
                : lines.Select(l => l with { Version = 3 });
        await AssertLinesAsync(expected);
        Assert.Equal(pending.Concat(events[winner].Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    // ---- Queries
    // -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Query_filters_by_program_partner_and_status_oldest_first()
    {
        // Ids out of order on purpose: oldest first is by creation, not by id.
        async Task CreateAsync(string id, string partner, int minute, PayoutStatus status, ProgramId? program = null)
        {
            var lines = await SeedApprovedAsync($"cnv-{id}", partner, minute, program);
            var payout = await ClaimAsync(id, partner, lines, at: At(minute), program: program);
            if (status != PayoutStatus.Pending)
            {
                var closed =
                    status == PayoutStatus.Paid
                        ? PaidPayout(payout, At(minute + 1))
                        : FailedPayout(payout, At(minute + 1));
                Assert.True((await Stores.Payouts.CloseAsync(Expect(closed, 1), [], None)).Succeeded);
            }
        }

        await CreateAsync("pay-c", "p-1", 10, PayoutStatus.Pending);
        await CreateAsync("pay-a", "p-2", 20, PayoutStatus.Paid);
        await CreateAsync("pay-d", "p-1", 30, PayoutStatus.Pending, OtherProgram);
        await CreateAsync("pay-b", "p-1", 40, PayoutStatus.Paid);
        await CreateAsync("pay-e", "p-1", 50, PayoutStatus.Failed);

        async Task<string[]> Ids(PayoutQuery query) =>
            (await Stores.Payouts.QueryAsync(query, None)).Select(p => p.Id.Value).ToArray();

        Assert.Equal(["pay-c", "pay-a", "pay-d", "pay-b", "pay-e"], await Ids(new PayoutQuery()));
        Assert.Equal(["pay-c", "pay-a", "pay-b", "pay-e"], await Ids(new PayoutQuery { ProgramId = Program }));
        Assert.Equal(["pay-d"], await Ids(new PayoutQuery { ProgramId = OtherProgram }));
        Assert.Equal(
            ["pay-c", "pay-d", "pay-b", "pay-e"],
            await Ids(new PayoutQuery { PartnerId = new PartnerId("p-1") })
        );
        Assert.Equal(["pay-a", "pay-b"], await Ids(new PayoutQuery { Status = PayoutStatus.Paid }));
        Assert.Equal(
            ["pay-c"],
            await Ids(
                new PayoutQuery
                {
                    ProgramId = Program,
                    PartnerId = new PartnerId("p-1"),
                    Status = PayoutStatus.Pending,
                }
            )
        );
        Assert.Empty(await Ids(new PayoutQuery { PartnerId = new PartnerId("p-2"), Status = PayoutStatus.Failed }));
    }
}
