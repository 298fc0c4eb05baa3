#if LEGACY_PAYOUT_SPEC // the claim/close store API replaced CreateAsync/UpdateAsync; rewritten on the efstore branch
using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IPayoutStore"/> must do: a payout and the claim of its lines in one transaction, refused
/// whole when a line changed since it was read, so that a line is never in two payouts even when several instances
/// run the payout job at once.
/// </summary>
public abstract class PayoutStoreSpecification : StoreSpecification
{
    /// <summary>Approved, unclaimed lines of a partner (version 1 each), written with one conversion.</summary>
    private async Task<CommissionLine[]> SeedApprovedAsync(string conversion = "cnv-1", string partner = "p-1", int minute = 0, ProgramId? program = null)
    {
        CommissionLine[] lines =
        [
            NewLine($"{conversion}-l1", partner: partner, conversion: conversion, state: CommissionState.Approved, amount: 10.10m, createdAt: At(minute), program: program) with { ApprovedAt = At(minute + 1) },
            NewLine($"{conversion}-l2", partner: partner, conversion: conversion, state: CommissionState.Approved, amount: 0.5m, createdAt: At(minute), program: program) with { ApprovedAt = At(minute + 1) },
            NewLine($"{conversion}-l3", partner: partner, conversion: conversion, state: CommissionState.Approved, amount: 3m, createdAt: At(minute), program: program) with { ApprovedAt = At(minute + 1) },
        ];
        await RecordAsync(Record(NewConversion(conversion, at: At(minute), partners: [partner], program: program), lines));
        return lines.Select(l => l with { Version = 1 }).ToArray();
    }

    [Fact]
    public async Task A_created_payout_comes_back_with_version_1_and_its_lines_claimed()
    {
        var lines = await SeedApprovedAsync();
        var pending = await PendingEventIdsAsync();
        var payout = NewPayout("pay-1", "p-1", lines, at: Precise(60)) with { Version = 3 };
        var events = new AffiliateEvent[] { PayoutCreatedEvent(payout) };

        var result = await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), events, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        Assert.Equal(Eur(13.6m), payout.Amount);
        SpecAssert.Equivalent(payout with { Version = 1 }, await Stores.Payouts.FindAsync(payout.Id, None));
        foreach (var line in lines)
        {
            SpecAssert.Equivalent(line with { PayoutId = payout.Id, Version = 2 }, await LineAsync(line.Id));
        }

        Assert.Null(await Stores.Payouts.FindAsync(new PayoutId("pay-unknown"), None));
        Assert.Equal(pending.Concat(events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_payout_with_one_stale_line_is_a_conflict_and_writes_nothing_at_all()
    {
        var lines = await SeedApprovedAsync();
        var reversed = lines[2] with { State = CommissionState.Reversed, ClosedAt = At(30) };
        await WriteAsync(new LedgerChange { Updates = [Expect(reversed, 1)] });
        var pending = await PendingEventIdsAsync();
        var payout = NewPayout("pay-1", "p-1", lines);

        var result = await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [PayoutCreatedEvent(payout)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Payouts.FindAsync(payout.Id, None));
        Assert.Empty(await Stores.Payouts.QueryAsync(new PayoutQuery(), None));
        SpecAssert.Equivalent(lines[0], await LineAsync(lines[0].Id));
        SpecAssert.Equivalent(lines[1], await LineAsync(lines[1].Id));
        SpecAssert.Equivalent(reversed with { Version = 2 }, await LineAsync(lines[2].Id));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Creating_a_payout_with_an_existing_id_is_a_duplicate_and_writes_nothing()
    {
        var lines = await SeedApprovedAsync();
        var others = await SeedApprovedAsync("cnv-2", minute: 10);
        var first = NewPayout("pay-1", "p-1", lines);
        Assert.True((await Stores.Payouts.CreateAsync(first, Claim(first, lines), [PayoutCreatedEvent(first)], None)).Succeeded);
        var pending = await PendingEventIdsAsync();

        var second = NewPayout("pay-1", "p-1", others, at: At(99));
        var result = await Stores.Payouts.CreateAsync(second, Claim(second, others), [PayoutCreatedEvent(second)], None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first with { Version = 1 }, await Stores.Payouts.FindAsync(first.Id, None));
        foreach (var line in others)
        {
            SpecAssert.Equivalent(line, await LineAsync(line.Id));
        }

        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Marking_a_payout_paid_writes_it_and_its_lines_with_versions_bumped_by_one()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [], None);
        var pending = await PendingEventIdsAsync();

        var paid = payout with { Status = PayoutStatus.Paid, ClosedAt = Precise(90), ExternalReference = "SEPA-2026-04-0001" };
        var paidLines = lines.Select(l => Expect(l with { PayoutId = payout.Id, State = CommissionState.Paid, PaidAt = Precise(90) }, 2)).ToArray();
        var events = new AffiliateEvent[] { new PayoutPaid(payout.Id, payout.PartnerId, payout.Amount, "SEPA-2026-04-0001") { EventId = NextEventId(), OccurredAt = Precise(90), ProgramId = Program } };

        var result = await Stores.Payouts.UpdateAsync(Expect(paid, 1), paidLines, events, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(paid with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        foreach (var line in paidLines)
        {
            SpecAssert.Equivalent(line.Value with { Version = 3 }, await LineAsync(line.Value.Id));
        }

        Assert.Equal(pending.Concat(events.Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task A_failed_payout_releases_its_lines_for_the_next_payout()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [], None);

        var failed = payout with { Status = PayoutStatus.Failed, ClosedAt = Precise(90), FailureReason = "IBAN rejected by the bank" };
        var released = lines.Select(l => Expect(l with { PayoutId = null }, 2)).ToArray();
        var result = await Stores.Payouts.UpdateAsync(Expect(failed, 1), released, [], None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(failed with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        var unclaimed = await Stores.Ledger.QueryLinesAsync(new LineQuery { PartnerId = payout.PartnerId, States = [CommissionState.Approved], Unclaimed = true }, None);
        SpecAssert.EquivalentSequence(lines.Select(l => l with { Version = 3 }), unclaimed);

        var next = NewPayout("pay-2", "p-1", unclaimed, at: At(60 * 24 * 60));
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.CreateAsync(next, Claim(next, unclaimed), [], None)).Status);
        Assert.All(await Stores.Ledger.QueryLinesAsync(new LineQuery { PayoutId = next.Id }, None), l => Assert.Equal(4, l.Version));
    }

    [Fact]
    public async Task An_update_with_a_stale_payout_version_is_a_conflict_and_writes_nothing()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [], None);
        var failed = payout with { Status = PayoutStatus.Failed, FailureReason = "first" };
        Assert.True((await Stores.Payouts.UpdateAsync(Expect(failed, 1), [], [], None)).Succeeded);
        var pending = await PendingEventIdsAsync();

        var paid = payout with { Status = PayoutStatus.Paid, ExternalReference = "late" };
        var paidLines = lines.Select(l => Expect(l with { PayoutId = payout.Id, State = CommissionState.Paid }, 2)).ToArray();
        var result = await Stores.Payouts.UpdateAsync(Expect(paid, 1), paidLines, [new PayoutPaid(payout.Id, payout.PartnerId, payout.Amount, "late") { EventId = NextEventId(), OccurredAt = At(99), ProgramId = Program }], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        SpecAssert.Equivalent(failed with { Version = 2 }, await Stores.Payouts.FindAsync(payout.Id, None));
        foreach (var line in lines)
        {
            SpecAssert.Equivalent(line with { PayoutId = payout.Id, Version = 2 }, await LineAsync(line.Id));
        }

        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task An_update_with_one_stale_line_is_a_conflict_and_leaves_the_payout_unchanged()
    {
        var lines = await SeedApprovedAsync();
        var payout = NewPayout("pay-1", "p-1", lines);
        await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [], None);
        var reversed = lines[1] with { PayoutId = payout.Id, State = CommissionState.Reversed, ClosedAt = At(50) };
        await WriteAsync(new LedgerChange { Updates = [Expect(reversed, 2)] });
        var pending = await PendingEventIdsAsync();

        var paid = payout with { Status = PayoutStatus.Paid, ExternalReference = "ref" };
        var paidLines = lines.Select(l => Expect(l with { PayoutId = payout.Id, State = CommissionState.Paid }, 2)).ToArray();
        var result = await Stores.Payouts.UpdateAsync(Expect(paid, 1), paidLines, [], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        SpecAssert.Equivalent(payout with { Version = 1 }, await Stores.Payouts.FindAsync(payout.Id, None));
        SpecAssert.Equivalent(lines[0] with { PayoutId = payout.Id, Version = 2 }, await LineAsync(lines[0].Id));
        SpecAssert.Equivalent(reversed with { Version = 3 }, await LineAsync(lines[1].Id));
        SpecAssert.Equivalent(lines[2] with { PayoutId = payout.Id, Version = 2 }, await LineAsync(lines[2].Id));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Of_payouts_claiming_the_same_lines_at_once_exactly_one_is_written_and_every_line_is_in_it()
    {
        var lines = await SeedApprovedAsync();
        var pending = await PendingEventIdsAsync();
        var payouts = Enumerable.Range(0, 20).Select(i => NewPayout($"pay-{i:D2}", "p-1", lines, at: At(100 + i))).ToArray();
        var events = payouts.Select(p => new AffiliateEvent[] { PayoutCreatedEvent(p) }).ToArray();

        var results = await RaceAsync(payouts.Length, (stores, i) => stores.Payouts.CreateAsync(payouts[i], Claim(payouts[i], lines), events[i], None));

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        var stored = Assert.Single(await Stores.Payouts.QueryAsync(new PayoutQuery(), None));
        Assert.Equal(payouts[winner].Id, stored.Id);
        foreach (var line in lines)
        {
            var claimed = await LineAsync(line.Id);
            Assert.Equal((payouts[winner].Id, 2L), (claimed.PayoutId!.Value, claimed.Version));
        }

        Assert.Equal(pending.Concat(events[winner].Select(e => e.EventId)), await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Query_filters_by_program_partner_and_status_oldest_first()
    {
        // Ids out of order on purpose: oldest first is by creation, not by id.
        async Task CreateAsync(string id, string partner, int minute, PayoutStatus status, ProgramId? program = null)
        {
            var lines = await SeedApprovedAsync($"cnv-{id}", partner, minute, program);
            var payout = NewPayout(id, partner, lines, at: At(minute), program: program);
            Assert.True((await Stores.Payouts.CreateAsync(payout, Claim(payout, lines), [], None)).Succeeded);
            if (status != PayoutStatus.Pending)
            {
                Assert.True((await Stores.Payouts.UpdateAsync(Expect(payout with { Status = status, ClosedAt = At(minute + 1) }, 1), [], [], None)).Succeeded);
            }
        }

        await CreateAsync("pay-c", "p-1", 10, PayoutStatus.Pending);
        await CreateAsync("pay-a", "p-2", 20, PayoutStatus.Paid);
        await CreateAsync("pay-d", "p-1", 30, PayoutStatus.Pending, OtherProgram);
        await CreateAsync("pay-b", "p-1", 40, PayoutStatus.Paid);
        await CreateAsync("pay-e", "p-1", 50, PayoutStatus.Failed);

        async Task<string[]> Ids(PayoutQuery query) => (await Stores.Payouts.QueryAsync(query, None)).Select(p => p.Id.Value).ToArray();

        Assert.Equal(["pay-c", "pay-a", "pay-d", "pay-b", "pay-e"], await Ids(new PayoutQuery()));
        Assert.Equal(["pay-c", "pay-a", "pay-b", "pay-e"], await Ids(new PayoutQuery { ProgramId = Program }));
        Assert.Equal(["pay-d"], await Ids(new PayoutQuery { ProgramId = OtherProgram }));
        Assert.Equal(["pay-c", "pay-d", "pay-b", "pay-e"], await Ids(new PayoutQuery { PartnerId = new PartnerId("p-1") }));
        Assert.Equal(["pay-a", "pay-b"], await Ids(new PayoutQuery { Status = PayoutStatus.Paid }));
        Assert.Equal(["pay-c"], await Ids(new PayoutQuery { ProgramId = Program, PartnerId = new PartnerId("p-1"), Status = PayoutStatus.Pending }));
        Assert.Empty(await Ids(new PayoutQuery { PartnerId = new PartnerId("p-2"), Status = PayoutStatus.Failed }));
    }
}

#endif
