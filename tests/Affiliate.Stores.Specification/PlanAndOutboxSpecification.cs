using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IPlanStore"/> and <see cref="IOutboxStore"/> must do: plans round-trip with all their
/// versions; every write method puts its events in the outbox in the same transaction, and the outbox hands them out
/// oldest first until they are marked dispatched.
/// </summary>
public abstract partial class PlanAndOutboxSpecification : StoreSpecification
{
    // ---- Plans
    // -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task A_saved_plan_comes_back_with_every_version_rule_and_policy()
    {
        var plan = FullPlan();

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Plans.SaveAsync(plan, None)).Status);

        SpecAssert.Equivalent(plan, await Stores.Plans.FindAsync(plan.Id, None));
        Assert.Null(await Stores.Plans.FindAsync(new PlanId("plan-unknown"), None));
    }

    [Fact]
    public async Task Saving_a_plan_again_replaces_it_with_its_new_versions()
    {
        var plan = FullPlan();
        var other = FullPlan("plan-other") with { Name = "Other" };
        await Stores.Plans.SaveAsync(plan, None);
        await Stores.Plans.SaveAsync(other, None);

        var third = new PlanVersion
        {
            Number = 3,
            EffectiveFrom = Precise(60 * 24 * 60),
            Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(12.5m) }],
        };
        var changed = plan.AddVersion(third, Precise(60 * 24 * 45)) with { Name = "Partners 2026 (summer)" };

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Plans.SaveAsync(changed, None)).Status);

        var found = await Stores.Plans.FindAsync(plan.Id, None);
        SpecAssert.Equivalent(changed, found);
        Assert.Equal([1, 2, 3], found!.Versions.Select(v => v.Number));
        Assert.Equal(3, found.VersionAt(Precise(60 * 24 * 61))?.Number);
        SpecAssert.Equivalent(other, await Stores.Plans.FindAsync(other.Id, None));
    }

    // ---- Outbox
    // ------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Every_kind_of_event_comes_back_from_the_outbox_as_written_oldest_first()
    {
        var events = OneOfEachEvent();

        await WriteAsync(new LedgerChange { Events = events.Take(4).ToArray() });
        await WriteAsync(new LedgerChange { Events = events.Skip(4).ToArray() });

        SpecAssert.EquivalentSequence(events, await Stores.Outbox.PendingAsync(100, None));
    }

    [Fact]
    public async Task Pending_returns_at_most_max_events_the_oldest()
    {
        var events = OneOfEachEvent();
        await WriteAsync(new LedgerChange { Events = events });

        Assert.Equal(
            events.Take(3).Select(e => e.EventId),
            (await Stores.Outbox.PendingAsync(3, None)).Select(e => e.EventId)
        );
        Assert.Equal(
            events.Take(1).Select(e => e.EventId),
            (await Stores.Outbox.PendingAsync(1, None)).Select(e => e.EventId)
        );
        Assert.Empty(await Stores.Outbox.PendingAsync(0, None));
    }

    [Fact]
    public async Task Events_marked_dispatched_leave_the_pending_list_and_the_rest_keep_their_order()
    {
        var events = OneOfEachEvent();
        await WriteAsync(new LedgerChange { Events = events });

        await Stores.Outbox.MarkDispatchedAsync(
            [events[0].EventId, events[1].EventId, events[4].EventId],
            At(100),
            None
        );

        Guid[] rest = [.. events.Skip(2).Take(2).Select(e => e.EventId), .. events.Skip(5).Select(e => e.EventId)];
        Assert.Equal(rest, await PendingEventIdsAsync());

        // Marking again, or marking ids the outbox never had, changes nothing.
        await Stores.Outbox.MarkDispatchedAsync([events[0].EventId, NextEventId()], At(101), None);
        await Stores.Outbox.MarkDispatchedAsync([], At(102), None);
        Assert.Equal(rest, await PendingEventIdsAsync());

        await Stores.Outbox.MarkDispatchedAsync(rest, At(103), None);
        Assert.Empty(await Stores.Outbox.PendingAsync(100, None));

        var later = RegisteredEvent(NewPartner("p-9"));
        await Stores.Partners.CreateAsync(NewPartner("p-9"), [later], None);
        Assert.Equal([later.EventId], await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Every_write_method_puts_its_events_in_the_outbox_in_the_order_written()
    {
        var written = new List<Guid>();

        async Task Written(ValueTask<StoreWriteResult> write, IEnumerable<AffiliateEvent> events)
        {
            var result = await write;
            Assert.True(result.Succeeded, $"Setting up: a write returned {result}.");
            written.AddRange(events.Select(e => e.EventId));
        }

        // Partner created and approved.
        var partner = NewPartner("p-1", "ANNA") with { Status = PartnerStatus.Pending };
        AffiliateEvent[] registered = [RegisteredEvent(partner)];
        await Written(Stores.Partners.CreateAsync(partner, registered, None), registered);
        AffiliateEvent[] approved =
        [
            new PartnerStatusChanged(partner.Id, PartnerStatus.Pending, PartnerStatus.Active, null)
            {
                EventId = NextEventId(),
                OccurredAt = At(1),
                ProgramId = Program,
            },
        ];
        await Written(
            Stores.Partners.UpdateAsync(Expect(partner with { Status = PartnerStatus.Active }, 1), approved, None),
            approved
        );

        // A conversion with a binding and two lines.
        var line = NewLine("cml-1", conversion: "cnv-1", amount: 10m, createdAt: At(10));
        var other = NewLine("cml-2", conversion: "cnv-1", amount: 5m, createdAt: At(10), kind: LedgerEntryKind.Bonus);
        var record = Record(NewConversion("cnv-1", at: At(10), customer: "cus-1"), line, other) with
        {
            Binding = NewBinding("cus-1", "p-1", "cnv-1", at: At(10)),
        };
        record = record with
        {
            Events =
            [
                .. record.Events,
                new CustomerBound(new CustomerId("cus-1"), new PartnerId("p-1"))
                {
                    EventId = NextEventId(),
                    OccurredAt = At(10),
                    ProgramId = Program,
                },
            ],
        };
        await Written(Stores.Conversions.RecordAsync(record, None), record.Events);

        // Both lines approved together (a set-based move).
        var approval = new LineMove
        {
            LineIds = [line.Id, other.Id],
            From = CommissionState.Pending,
            To = CommissionState.Approved,
            At = At(20),
            Events =
            [
                LineMovedEvent(line, CommissionState.Approved, At(20)),
                LineMovedEvent(other, CommissionState.Approved, At(20)),
            ],
        };
        await Written(Stores.Ledger.MoveAsync(approval, None), approval.Events);

        // A payout of both lines, then marked paid.
        var payout = NewPayout("pay-1", "p-1", [line, other]);
        AffiliateEvent[] created = [PayoutCreatedEvent(payout)];
        await Written(Stores.Payouts.ClaimAsync(payout, created, None), created);
        var paid = PaidPayout(payout, At(40), "ref-1");
        AffiliateEvent[] paidEvents = [PaidEvent(paid)];
        await Written(Stores.Payouts.CloseAsync(Expect(paid, 1), paidEvents, None), paidEvents);

        // A refund after the payout: both paid lines clawed back.
        var conversion = await ConversionAsync(new ConversionId("cnv-1"));
        var refund = NewRefund("re-1", "cnv-1", 100m, at: At(50));
        var clawback = NewLine(
            "cml-3",
            conversion: "cnv-1",
            amount: -10m,
            createdAt: At(51),
            state: CommissionState.Approved,
            kind: LedgerEntryKind.Clawback
        ) with
        {
            ReversesLineId = line.Id,
            RefundId = "re-1",
        };
        var clawback2 = NewLine(
            "cml-4",
            conversion: "cnv-1",
            amount: -5m,
            createdAt: At(51),
            state: CommissionState.Approved,
            kind: LedgerEntryKind.Clawback
        ) with
        {
            ReversesLineId = other.Id,
            RefundId = "re-1",
        };
        var refundRecord = new RefundRecord(
            refund,
            Expect(conversion with { Status = ConversionStatus.Reversed, Refunded = Eur(100m) }, conversion.Version),
            [],
            [clawback, clawback2],
            [RefundedEvent(refund), LineCreatedEvent(clawback), LineCreatedEvent(clawback2)]
        );
        await Written(Stores.Conversions.RecordRefundAsync(refundRecord, None), refundRecord.Events);

        // A click writes no event.
        await Written(Stores.Touches.AddClickAsync(NewClick("clk-1"), RollupChange.None, None), []);

        Assert.Equal(written, await PendingEventIdsAsync());
        Assert.Equal(13, written.Count);
    }
}
