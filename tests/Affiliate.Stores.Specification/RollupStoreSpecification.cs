using static Affiliate.Stores.Specification.SpecData;
using static Affiliate.Stores.Specification.SpecRollups;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IRollupStore"/> must do with the <see cref="RollupChange"/>s the writes carry: apply each in
/// the same transaction as its write (and none of a refused write), add it to existing rows, and sum the rows as the
/// read side asks (by day, by sub-id or link value, by partner; visitors counted once per range; hourly activity;
/// balances). The set-based jobs (<see cref="ILedgerStore.MoveAsync"/>, <see cref="IPayoutStore.ClaimAsync"/>,
/// <see cref="IPayoutStore.CloseAsync"/>) move the amounts of the lines they move between the columns of the rollups
/// and balances exactly as taking each line's contribution back and adding its new one would.
/// </summary>
/// <remarks>
/// Expected answers come from <see cref="RollupModel"/>, the suite's own sums of the changes a fact wrote, compared
/// over a battery of questions (<see cref="RollupModel.SnapshotAsync"/>), plus a few numbers checked by hand.
/// </remarks>
public abstract class RollupStoreSpecification : StoreSpecification
{
    private static readonly LocalDate March2 = new(2026, 3, 2);
    private static readonly LocalDate March3 = new(2026, 3, 3);
    private static readonly LocalDate March4 = new(2026, 3, 4);
    private static readonly LocalDate March5 = new(2026, 3, 5);
    private static readonly PartnerId P1 = new("p-1");
    private static readonly PartnerId P2 = new("p-2");
    private static readonly StatsKey ProgramMarch2 = new(Program, null, March2, StatsDimension.Total, string.Empty);

    private readonly RollupModel _expected = new();

    private static Instant OnDay(LocalDate day, int hour = 9) => day.At(new LocalTime(hour, 0)).InUtc().ToInstant();

    private async Task AssertMatchesModelAsync() =>
        Assert.Equal(await RollupModel.SnapshotAsync(_expected), await RollupModel.SnapshotAsync(Stores.Rollups));

    private Task<IReadOnlyList<string>> SnapshotAsync() => RollupModel.SnapshotAsync(Stores.Rollups);

    private async Task AddClickAsync(Click click)
    {
        var rollups = Click(click);
        var result = await Stores.Touches.AddClickAsync(click, rollups, None);
        Assert.True(result.Succeeded, $"Setting up: adding click {click.Id} returned {result}.");
        _expected.Add(rollups);
    }

    private async Task<IReadOnlyList<StatsRow>> StatsAsync(
        PartnerId? partner,
        LocalDate from,
        LocalDate until,
        StatsDimension dimension = StatsDimension.Total,
        StatsGrouping by = StatsGrouping.Day
    )
    {
        var query = new StatsQuery
        {
            ProgramId = Program,
            PartnerId = partner,
            From = from,
            Until = until,
            Dimension = dimension,
            GroupBy = by,
        };
        return await Stores.Rollups.StatsAsync(query, None);
    }

    private async Task<IEnumerable<string?>> ValuesAsync(StatsDimension dimension) =>
        (await StatsAsync(P1, March2, March5, dimension, StatsGrouping.Value)).Select(r => r.Value);

    private Task<ActivityCounters> ActivityAsync(
        PartnerId? partner,
        long from,
        long until,
        ProgramId? program = null
    ) => Stores.Rollups.ActivityAsync(program ?? Program, partner, from, until, None).AsTask();

    private Task<IReadOnlyList<BalanceRow>> BalancesAsync(PartnerId partner, ProgramId? program = null) =>
        Stores.Rollups.BalancesAsync(partner, program, None).AsTask();

    private static BalanceRow Euros(BalanceCounters counters) => new(Program, Currency.EUR, counters);

    private static CommissionLine Placed(
        CommissionLine line,
        LocalDate day,
        IReadOnlyList<string>? subs,
        string? link
    ) => line with { Placement = new ReportPlacement(day, subs, link) };

    // ---- Reads ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Clicks_rollups_are_summed_by_day_by_value_and_by_partner_over_a_half_open_range_of_days()
    {
        await AddClickAsync(NewClick("c1", at: OnDay(March2)) with { SubIds = ["news", "top"], LinkId = "lnk-1" });
        await AddClickAsync(NewClick("c2", at: OnDay(March2, 23)) with { SubIds = ["news"], Attributable = false });
        await AddClickAsync(NewClick("c3", partner: "p-2", visitor: "v-2", at: OnDay(March3)));
        await AddClickAsync(NewClick("c4", visitor: "v-3", at: OnDay(March4)));
        await AddClickAsync(NewClick("c5", at: OnDay(March2), program: OtherProgram));
        var one = new StatsCounters { Clicks = 1, AttributableClicks = 1 };
        var two = new StatsCounters { Clicks = 2, AttributableClicks = 1 };

        SpecAssert.EquivalentSequence(
            [new StatsRow(March2, null, null, two), new StatsRow(March3, null, null, one)],
            await StatsAsync(null, March2, March4)
        );
        SpecAssert.EquivalentSequence(
            [new StatsRow(March2, null, null, two), new StatsRow(March4, null, null, one)],
            await StatsAsync(P1, March2, March5)
        );
        SpecAssert.EquivalentSequence(
            [new StatsRow(null, null, string.Empty, one), new StatsRow(null, null, "news", two)],
            await StatsAsync(P1, March2, March5, StatsDimension.Sub1, StatsGrouping.Value)
        );
        Assert.Equal(["", "top"], await ValuesAsync(StatsDimension.Sub2));
        Assert.Equal(["", "lnk-1"], await ValuesAsync(StatsDimension.Link));
        SpecAssert.EquivalentSequence(
            [new StatsRow(null, P1, null, two), new StatsRow(null, P2, null, one)],
            await StatsAsync(null, March2, March4, by: StatsGrouping.Partner)
        );
        Assert.Empty(await StatsAsync(P1, March3, March3));
        Assert.Empty(await StatsAsync(P1, March3, March4));
        await AssertMatchesModelAsync();
    }

    [Fact]
    public async Task Every_counter_is_kept_apart_and_changes_add_up_in_existing_rows()
    {
        var day = new StatsKey(Program, P1, March3, StatsDimension.Sub3, "späť-ü");
        var hour = new ActivityKey(Program, P1, ActivityHours.Of(OnDay(March3)));
        var dinars = new BalanceKey(Program, P1, Currency.FromCode("BHD"));
        var first = new RollupChange()
            .Add(day, Distinct(1))
            .Add(hour, new ActivityCounters(1, 2, 3, 4))
            .Add(dinars, new BalanceCounters(1, 2, 3, 4, 5))
            .Add(new BalanceKey(Program, P1, Currency.EUR), new BalanceCounters(-1, 0, 0, 0, 0))
            .Add(new BalanceKey(OtherProgram, P1, Currency.EUR), new BalanceCounters(0, 0, 0, 0, 7));
        var second = new RollupChange()
            .Add(day, Distinct(20))
            .Add(hour, new ActivityCounters(10, 20, 30, -40))
            .Add(dinars, new BalanceCounters(10, 20, 30, 40, 50));

        await WriteAsync(new LedgerChange { Rollups = first });
        await WriteAsync(new LedgerChange { Rollups = second });
        _expected.Add(first).Add(second);

        var sum = Assert.Single(await StatsAsync(P1, March3, March4, StatsDimension.Sub3, StatsGrouping.Value));
        SpecAssert.Equivalent(new StatsRow(null, null, "späť-ü", Distinct(1) + Distinct(20)), sum);
        Assert.Equal(new ActivityCounters(11, 22, 33, -36), await ActivityAsync(P1, hour.Hour, hour.Hour + 1));
        SpecAssert.EquivalentSequence(
            [
                new BalanceRow(OtherProgram, Currency.EUR, new BalanceCounters(0, 0, 0, 0, 7)),
                new BalanceRow(Program, Currency.FromCode("BHD"), new BalanceCounters(11, 22, 33, 44, 55)),
                Euros(new BalanceCounters(-1, 0, 0, 0, 0)),
            ],
            await BalancesAsync(P1)
        );
        Assert.Single(await BalancesAsync(P1, OtherProgram));
        Assert.Empty(await BalancesAsync(P2));
        await AssertMatchesModelAsync();
    }

    [Fact]
    public async Task Activity_sums_the_hours_of_a_half_open_range()
    {
        var h = ActivityHours.Of(OnDay(March2, 10));
        await AddClickAsync(NewClick("c1", at: OnDay(March2, 10)));
        await AddClickAsync(NewClick("c2", at: OnDay(March2, 10) + Duration.FromMinutes(59)));
        await AddClickAsync(NewClick("c3", partner: "p-2", at: OnDay(March2, 11)));
        await AddClickAsync(NewClick("c4", at: OnDay(March2, 13)));

        Assert.Equal(new ActivityCounters(2, 0, 0, 0), await ActivityAsync(P1, h, h + 1));
        Assert.Equal(new ActivityCounters(3, 0, 0, 0), await ActivityAsync(P1, h, h + 4));
        Assert.Equal(new ActivityCounters(3, 0, 0, 0), await ActivityAsync(null, h, h + 2));
        Assert.Equal(new ActivityCounters(1, 0, 0, 0), await ActivityAsync(P2, h - 100, h + 100));
        Assert.Equal(default, await ActivityAsync(P1, h + 1, h + 3));
        Assert.Equal(default, await ActivityAsync(P1, h, h));
        Assert.Equal(default, await ActivityAsync(P1, h, h + 4, OtherProgram));
        Assert.Equal(new ActivityCounters(3, 0, 0, 0), await ActivityAsync(P1, long.MinValue, long.MaxValue));
        await AssertMatchesModelAsync();
    }

    [Fact]
    public async Task A_visitor_counts_once_per_range_however_often_marked()
    {
        await AddClickAsync(NewClick("c1", visitor: "v-1", at: OnDay(March2, 8)));
        await AddClickAsync(NewClick("c2", visitor: "v-1", at: OnDay(March2, 9)));
        await AddClickAsync(NewClick("c3", visitor: "v-1", at: OnDay(March3)));
        await AddClickAsync(NewClick("c4", partner: "p-2", visitor: "v-2", at: OnDay(March3)));
        await AddClickAsync(NewClick("c5", partner: "p-2", visitor: "v-1", at: OnDay(March4)));
        var twice = new RollupChange()
            .Add(new VisitorMark(Program, null, March2, "v-1"))
            .Add(new VisitorMark(Program, P1, March2, "v-1"));
        await WriteAsync(new LedgerChange { Rollups = twice });

        DateInterval[] ranges =
        [
            new(March2, March2),
            new(March2, March3),
            new(March3, March3),
            new(March2, March4),
            new(March5, March5.PlusDays(9)),
        ];
        Task<IReadOnlyList<long>> CountAsync(PartnerId? partner, ProgramId? program = null) =>
            Stores.Rollups.UniqueVisitorsAsync(program ?? Program, partner, ranges, None).AsTask();

        Assert.Equal([1L, 2, 2, 2, 0], await CountAsync(null));
        Assert.Equal([1L, 1, 1, 1, 0], await CountAsync(P1));
        Assert.Equal([0L, 1, 1, 2, 0], await CountAsync(P2));
        Assert.Equal([0L, 0, 0, 0, 0], await CountAsync(null, OtherProgram));
        Assert.Empty(await Stores.Rollups.UniqueVisitorsAsync(Program, null, [], None));
        await AssertMatchesModelAsync();
    }

    // ---- Writes that carry rollups --------------------------------------------------------------------------------

    [Fact]
    public async Task Rollups_written_with_conversions_refunds_and_ledger_changes_are_read_back()
    {
        var line = Placed(NewLine("cml-1", amount: 10m, createdAt: At(1)), March2, ["s1"], "lnk");
        var upline = Placed(NewLine("cml-2", partner: "p-2", amount: 2m, createdAt: At(1)), March2, null, null);
        var conversion = NewConversion("cnv-1", at: At(0), amount: 100m);
        var recorded = Lines([line, upline])
            .Add(ProgramMarch2, new StatsCounters { Conversions = 1, RevenueMinor = 10000 })
            .Add(new ActivityKey(Program, P1, ActivityHours.Of(At(0))), new ActivityCounters(0, 1, 1, 0));
        await RecordAsync(Record(conversion, line, upline) with { Rollups = recorded });
        _expected.Add(recorded);
        await AssertMatchesModelAsync();

        var refund = NewRefund("re-1", "cnv-1", 100m, at: At(30));
        var reversed = line with { State = CommissionState.Reversed, ClosedAt = At(31) };
        var refunded = Changed([(line, reversed)]).Add(ProgramMarch2, new StatsCounters { RefundedMinor = 10000 });
        var fullyRefunded = conversion with { Status = ConversionStatus.Reversed, Refunded = Eur(100m) };
        var refundRecord = new RefundRecord(refund, Expect(fullyRefunded, 1), [Expect(reversed, 1)], [], [])
        {
            Rollups = refunded,
        };
        Assert.True((await Stores.Conversions.RecordRefundAsync(refundRecord, None)).Succeeded);
        _expected.Add(refunded);
        await AssertMatchesModelAsync();

        var approved = Approved(upline, At(40));
        var adjustment = Placed(MinimalLine("cml-adj"), March3, null, null);
        var change = Changed([(upline, approved)]).Add(Lines([adjustment]));
        var approval = new LedgerChange
        {
            Updates = [Expect(approved, 1)],
            NewLines = [adjustment],
            Rollups = change,
        };
        await WriteAsync(approval);
        _expected.Add(change);
        await AssertMatchesModelAsync();

        var march2 = new StatsCounters
        {
            Conversions = 1,
            RevenueMinor = 10000,
            RefundedMinor = 10000,
            ApprovedMinor = 200,
            ReversedMinor = 1000,
        };
        SpecAssert.EquivalentSequence(
            [
                new StatsRow(March2, null, null, march2),
                new StatsRow(March3, null, null, new StatsCounters { PendingMinor = 500 }),
            ],
            await StatsAsync(null, March2, March2.PlusDays(7))
        );
        SpecAssert.EquivalentSequence([Euros(new BalanceCounters(500, 0, 0, 0, 0))], await BalancesAsync(P1, Program));
        SpecAssert.EquivalentSequence([Euros(new BalanceCounters(0, 0, 200, 0, 0))], await BalancesAsync(P2, Program));
    }

    [Fact]
    public async Task A_refused_write_applies_none_of_its_rollups()
    {
        // Something in every table first, so that a refused write could only add to existing rows or make new ones.
        var click = NewClick("clk-1", at: OnDay(March2)) with { SubIds = ["a"] };
        await AddClickAsync(click);
        var line = Placed(NewLine("cml-1", amount: 10m), March2, ["a"], null);
        var conversion = NewConversion("cnv-1", at: OnDay(March2));
        await RecordAsync(Record(conversion, line) with { Rollups = Lines([line]) });
        _expected.Add(Lines([line]));
        var before = await SnapshotAsync();
        Assert.Equal(await RollupModel.SnapshotAsync(_expected), before);

        var noise = new RollupChange()
            .Add(new StatsKey(Program, P1, March2, StatsDimension.Total, string.Empty), Distinct(3))
            .Add(new StatsKey(Program, P2, March4, StatsDimension.Link, "new-row"), Distinct(4))
            .Add(new ActivityKey(Program, null, ActivityHours.Of(OnDay(March2))), new ActivityCounters(5, 5, 5, 5))
            .Add(new BalanceKey(Program, P1, Currency.EUR), new BalanceCounters(9, 9, 9, 9, 9))
            .Add(new BalanceKey(Program, P2, Currency.USD), new BalanceCounters(9, 9, 9, 9, 9))
            .Add(new VisitorMark(Program, null, March3, "v-new"));
        var clash = Record(NewConversion("cnv-2"), NewLine("cml-1", conversion: "cnv-2")) with { Rollups = noise };
        var staleConversion = Expect(conversion with { Refunded = Eur(10m) }, 7);
        var staleRefund = new RefundRecord(NewRefund("re-1", "cnv-1", 10m), staleConversion, [], [], [])
        {
            Rollups = noise,
        };
        var staleLine = new LedgerChange { Updates = [Expect(Approved(line, At(5)), 3)], Rollups = noise };
        var takenId = new LedgerChange { NewLines = [MinimalLine("cml-new"), NewLine("cml-1")], Rollups = noise };

        var duplicate = StoreWriteStatus.Duplicate;
        var conflict = StoreWriteStatus.Conflict;
        AssertRefused(await Stores.Touches.AddClickAsync(click with { VisitorId = "v-9" }, noise, None), duplicate);
        var again = Record(conversion) with { Rollups = noise };
        AssertRefused(await Stores.Conversions.RecordAsync(again, None), duplicate);
        AssertRefused(await Stores.Conversions.RecordAsync(clash, None), duplicate, conflict);
        AssertRefused(await Stores.Conversions.RecordRefundAsync(staleRefund, None), conflict);
        AssertRefused(await Stores.Ledger.WriteAsync(staleLine, None), conflict);
        AssertRefused(await Stores.Ledger.WriteAsync(takenId, None), duplicate, conflict);

        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Of_one_click_added_at_once_many_times_with_its_rollups_exactly_one_counts()
    {
        var click = NewClick("clk-race", at: OnDay(March3)) with { SubIds = ["x"], LinkId = "l" };
        var results = await RaceAsync(12, (stores, i) => stores.Touches.AddClickAsync(click, Click(click), None));

        AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate);
        _expected.Add(Click(click));
        await AssertMatchesModelAsync();
    }

    // ---- Set-based jobs -------------------------------------------------------------------------------------------

    /// <summary>
    /// Lines of every shape a placement has, recorded with their rollups: with a source (sub-ids and a link), from a
    /// coupon (a source without sub-ids), without a source (an upline's), without a placement (another currency),
    /// zero, held, and another partner's.
    /// </summary>
    private async Task<CommissionLine[]> SeedLinesAsync()
    {
        var due = At(10);
        CommissionLine[] lines =
        [
            Placed(NewLine("l-1", amount: 10.10m, approvableAt: due), March2, ["a", "b"], "lnk"),
            Placed(NewLine("l-2", amount: 0.5m, approvableAt: due), March2, [], null),
            Placed(
                NewLine("l-3", "p-2", amount: 2m, approvableAt: due, kind: LedgerEntryKind.Upline),
                March3,
                null,
                null
            ),
            NewLine("l-4", approvableAt: due) with
            {
                Amount = Money.Of(5m, "USD"),
            },
            Placed(NewLine("l-5", state: CommissionState.Held, amount: 3m, approvableAt: due), March2, ["a"], "lnk"),
            Placed(NewLine("l-6", amount: 0m, approvableAt: due), March4, ["z"], "lnk-z"),
            Placed(
                NewLine("l-7", amount: -1.25m, approvableAt: due, kind: LedgerEntryKind.Reversal),
                March3,
                ["a", "b", "c", "d", "e"],
                "lnk"
            ),
        ];
        var conversion = NewConversion("cnv-1", at: OnDay(March2), partners: ["p-1", "p-2"]);
        await RecordAsync(Record(conversion, lines) with { Rollups = Lines(lines) });
        _expected.Add(Lines(lines));
        await AssertMatchesModelAsync();
        return lines.Select(l => l with { Version = 1 }).ToArray();
    }

    private async Task<CommissionLine[]> MoveAsync(
        IReadOnlyList<CommissionLine> lines,
        CommissionState to,
        Instant at,
        string? reason = null
    )
    {
        var ids = lines.Select(l => l.Id).ToArray();
        var move = new LineMove
        {
            LineIds = ids,
            From = lines[0].State,
            To = to,
            At = at,
            Reason = reason,
        };
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Ledger.MoveAsync(move, None)).Status);
        var moved = lines
            .Select(l =>
                l with
                {
                    State = to,
                    ApprovedAt = to == CommissionState.Approved ? at : l.ApprovedAt,
                    ClosedAt = to is CommissionState.Rejected or CommissionState.Reversed ? at : l.ClosedAt,
                    Reason = reason ?? l.Reason,
                    Version = l.Version + 1,
                }
            )
            .ToArray();
        _expected.Add(Changed(lines.Zip(moved)));
        foreach (var line in moved)
        {
            SpecAssert.Equivalent(line, await LineAsync(line.Id));
        }

        return moved;
    }

    /// <summary>Every seeded line but the held one, approved.</summary>
    private Task<CommissionLine[]> ApproveAsync(CommissionLine[] lines) =>
        MoveAsync([lines[0], lines[1], lines[2], lines[3], lines[5], lines[6]], CommissionState.Approved, At(20));

    [Fact]
    public async Task Moves_shift_each_lines_amount_between_the_state_columns_of_its_rollup_rows_and_balance()
    {
        var lines = await SeedLinesAsync();

        var approved = await ApproveAsync(lines);
        await AssertMatchesModelAsync();
        var released = await MoveAsync([lines[4]], CommissionState.Pending, At(21), "Reviewed: fine");
        await AssertMatchesModelAsync();
        await MoveAsync(released, CommissionState.Rejected, At(22), "Reviewed again: not fine");
        await AssertMatchesModelAsync();

        // By hand: partner p-1's sub1 "a" row of 2 March held 10.10 + 3.00 (l-1 pending, l-5 held); now 10.10 approved,
        // 3.00 rejected. The program's 3 March row: l-3's 2.00 and l-7's -1.25, approved.
        var sub1 = await StatsAsync(P1, March2, March3, StatsDimension.Sub1, StatsGrouping.Value);
        var a = sub1.Single(r => r.Value == "a").Counters;
        Assert.Equal(new StatsCounters { ApprovedMinor = 1010, RejectedMinor = 300 }, a);
        var march3 = (await StatsAsync(null, March3, March4)).Single().Counters;
        Assert.Equal(new StatsCounters { ApprovedMinor = 75 }, march3);
        Assert.Empty(await StatsAsync(P1, March4, March5));
        SpecAssert.EquivalentSequence(
            [
                Euros(new BalanceCounters(0, 0, 1010 + 50 - 125, 0, 0)),
                new BalanceRow(Program, Currency.USD, new BalanceCounters(0, 0, 500, 0, 0)),
            ],
            await BalancesAsync(P1)
        );
        Assert.All(approved, l => Assert.Equal(CommissionState.Approved, l.State));
    }

    [Fact]
    public async Task A_refused_move_shifts_nothing()
    {
        var lines = await SeedLinesAsync();
        await MoveAsync([lines[0]], CommissionState.Approved, At(20));
        var before = await SnapshotAsync();
        LineMove Approval(params CommissionLineId[] ids) =>
            new()
            {
                LineIds = ids,
                From = CommissionState.Pending,
                To = CommissionState.Approved,
                At = At(30),
            };

        var notPending = await Stores.Ledger.MoveAsync(Approval(lines[1].Id, lines[0].Id), None);
        var missing = await Stores.Ledger.MoveAsync(Approval(lines[1].Id, new CommissionLineId("l-ghost")), None);

        Assert.Equal((StoreWriteStatus.Conflict, StoreWriteStatus.Conflict), (notPending.Status, missing.Status));
        Assert.Equal(before, await SnapshotAsync());
        await AssertMatchesModelAsync();
    }

    [Fact]
    public async Task Claims_and_closes_shift_amounts_between_approved_in_payout_and_paid()
    {
        var lines = await SeedLinesAsync();
        var approved = await ApproveAsync(lines);
        var euros = approved.Where(l => l.PartnerId == P1 && l.Amount.Currency == Currency.EUR).ToArray();

        // p-1's euros claimed: approved to in payout in the balance; the rollups keep them approved.
        var payout = NewPayout("pay-1", "p-1", euros);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.ClaimAsync(payout, [], None)).Status);
        var claimed = euros.Select(l => l with { PayoutId = payout.Id, Version = l.Version + 1 }).ToArray();
        _expected.Add(Changed(euros.Zip(claimed)));
        await AssertMatchesModelAsync();
        SpecAssert.EquivalentSequence(
            [
                Euros(new BalanceCounters(0, 300, 0, 1010 + 50 - 125, 0)),
                new BalanceRow(Program, Currency.USD, new BalanceCounters(0, 0, 500, 0, 0)),
            ],
            await BalancesAsync(P1)
        );

        // Paid: approved to paid in the rollups, in payout to paid in the balance.
        var close = Expect(PaidPayout(payout, At(40)), 1);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.CloseAsync(close, [], None)).Status);
        var paid = claimed.Select(l =>
            l with
            {
                State = CommissionState.Paid,
                PaidAt = At(40),
                Version = l.Version + 1,
            }
        );
        _expected.Add(Changed(claimed.Zip(paid)));
        await AssertMatchesModelAsync();

        // p-2's line claimed then failed: back to approved, for the next payout.
        var upline = approved.Single(l => l.PartnerId == P2);
        var second = NewPayout("pay-2", "p-2", [upline]);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.ClaimAsync(second, [], None)).Status);
        var claimedUpline = upline with { PayoutId = second.Id, Version = upline.Version + 1 };
        _expected.Add(Changed([(upline, claimedUpline)]));
        await AssertMatchesModelAsync();
        var failed = Expect(FailedPayout(second, At(41)), 1);
        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.CloseAsync(failed, [], None)).Status);
        var releasedUpline = claimedUpline with { PayoutId = null, Version = claimedUpline.Version + 1 };
        _expected.Add(Changed([(claimedUpline, releasedUpline)]));
        await AssertMatchesModelAsync();
        SpecAssert.EquivalentSequence([Euros(new BalanceCounters(0, 0, 200, 0, 0))], await BalancesAsync(P2));
    }

    [Fact]
    public async Task A_refused_claim_or_close_shifts_nothing()
    {
        var lines = await SeedLinesAsync();
        var approved = await MoveAsync([lines[0], lines[1], lines[2]], CommissionState.Approved, At(20));
        var euros = approved.Where(l => l.PartnerId == P1).ToArray();
        var payout = NewPayout("pay-1", "p-1", euros);
        var before = await SnapshotAsync();
        var (duplicate, conflict) = (StoreWriteStatus.Duplicate, StoreWriteStatus.Conflict);

        AssertRefused(await Stores.Payouts.ClaimAsync(payout with { LineCount = 1 }, [], None), conflict);
        AssertRefused(await Stores.Payouts.ClaimAsync(payout with { Amount = Eur(10.59m) }, [], None), conflict);
        Assert.Equal(before, await SnapshotAsync());

        Assert.Equal(StoreWriteStatus.Written, (await Stores.Payouts.ClaimAsync(payout, [], None)).Status);
        _expected.Add(Changed(euros.Select(l => (l, l with { PayoutId = payout.Id }))));
        var claimed = await SnapshotAsync();
        AssertRefused(await Stores.Payouts.ClaimAsync(payout, [], None), duplicate);
        AssertRefused(await Stores.Payouts.CloseAsync(Expect(PaidPayout(payout, At(40)), 2), [], None), conflict);

        // A line of the payout reversed by a refund: the payout no longer holds LineCount approved lines.
        var reversed = euros[1] with { PayoutId = payout.Id, State = CommissionState.Reversed, ClosedAt = At(41) };
        var refund = Changed([(euros[1] with { PayoutId = payout.Id }, reversed)]);
        await WriteAsync(new LedgerChange { Updates = [Expect(reversed, euros[1].Version + 1)], Rollups = refund });
        _expected.Add(refund);
        var refunded = await SnapshotAsync();
        Assert.NotEqual(claimed, refunded);
        AssertRefused(await Stores.Payouts.CloseAsync(Expect(PaidPayout(payout, At(42)), 1), [], None), conflict);
        AssertRefused(await Stores.Payouts.CloseAsync(Expect(FailedPayout(payout, At(42)), 1), [], None), conflict);

        Assert.Equal(refunded, await SnapshotAsync());
        await AssertMatchesModelAsync();
    }
}
