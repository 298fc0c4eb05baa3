using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="ITouchStore"/> must do: idempotent clicks per program, half-open ranges, counts, bindings.
/// </summary>
public abstract class TouchStoreSpecification : StoreSpecification
{
    [Fact]
    public async Task An_added_click_comes_back_with_every_property()
    {
        var full = FullClick();
        var minimal = NewClick("clk-min");

        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Touches.AddClickAsync(full, RollupChange.None, None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Touches.AddClickAsync(minimal, RollupChange.None, None)).Status
        );

        SpecAssert.Equivalent(full, await Stores.Touches.FindClickAsync(Program, full.Id, None));
        SpecAssert.Equivalent(minimal, await Stores.Touches.FindClickAsync(Program, minimal.Id, None));
        Assert.Null(await Stores.Touches.FindClickAsync(Program, new ClickId("clk-unknown"), None));
        Assert.Null(await Stores.Touches.FindClickAsync(OtherProgram, full.Id, None));
    }

    [Fact]
    public async Task Clicks_are_found_by_many_ids_at_once_within_their_program()
    {
        var full = FullClick();
        var minimal = NewClick("clk-min");
        await Stores.Touches.AddClickAsync(full, RollupChange.None, None);
        await Stores.Touches.AddClickAsync(minimal, RollupChange.None, None);

        var found = await Stores.Touches.FindClicksAsync(
            Program,
            [minimal.Id, new ClickId("clk-unknown"), full.Id, minimal.Id],
            None
        );

        Assert.Equal(2, found.Count);
        SpecAssert.Equivalent(full, found.Single(c => c.Id == full.Id));
        SpecAssert.Equivalent(minimal, found.Single(c => c.Id == minimal.Id));
        Assert.Empty(await Stores.Touches.FindClicksAsync(OtherProgram, [full.Id, minimal.Id], None));
        Assert.Empty(await Stores.Touches.FindClicksAsync(Program, [], None));
    }

    [Fact]
    public async Task A_second_click_with_the_same_id_is_a_duplicate_and_the_first_stays()
    {
        var first = NewClick("clk-1", partner: "p-1", visitor: "v-1", at: At(0));
        await Stores.Touches.AddClickAsync(first, RollupChange.None, None);

        var result = await Stores.Touches.AddClickAsync(FullClick("clk-1"), RollupChange.None, None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first, await Stores.Touches.FindClickAsync(Program, first.Id, None));
        Assert.Equal(
            1,
            (
                await Stores.Touches.CountClicksAsync(
                    new ClickQuery
                    {
                        ProgramId = Program,
                        From = At(-1000),
                        Until = At(1000),
                    },
                    None
                )
            ).Clicks
        );
    }

    [Fact]
    public async Task A_range_ending_one_nanosecond_after_a_click_includes_it()
    {
        // The services ask for "up to and including t" as [from, t + 1 ns); a store keeping coarser instants must
        // round such bounds up, not down.
        await Stores.Touches.AddClickAsync(NewClick("clk-1", at: At(5)), RollupChange.None, None);

        var through = await Stores.Touches.FindClicksByVisitorAsync(
            Program,
            "v-1",
            At(0),
            At(5) + Duration.Epsilon,
            None
        );
        var before = await Stores.Touches.FindClicksByVisitorAsync(Program, "v-1", At(0), At(5), None);
        var after = await Stores.Touches.CountClicksAsync(
            new ClickQuery
            {
                ProgramId = Program,
                From = At(5) + Duration.Epsilon,
                Until = At(10),
            },
            None
        );

        Assert.Single(through);
        Assert.Empty(before);
        Assert.Equal(0, after.Clicks);
    }

    [Fact]
    public async Task Click_ids_are_unique_per_program()
    {
        var here = NewClick("clk-1", partner: "p-1");
        var there = NewClick("clk-1", partner: "p-2", program: OtherProgram);

        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Touches.AddClickAsync(here, RollupChange.None, None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Touches.AddClickAsync(there, RollupChange.None, None)).Status
        );

        SpecAssert.Equivalent(here, await Stores.Touches.FindClickAsync(Program, here.Id, None));
        SpecAssert.Equivalent(there, await Stores.Touches.FindClickAsync(OtherProgram, there.Id, None));
    }

    [Fact]
    public async Task A_visitors_clicks_are_found_in_a_half_open_range_oldest_first()
    {
        // Written out of order. In range [At(10), At(40)): the clicks at 10 (inclusive), 20 and 39; not 40 (exclusive).
        Click[] clicks =
        [
            NewClick("clk-c", visitor: "v-1", at: At(39)),
            NewClick("clk-a", visitor: "v-1", at: At(10)),
            NewClick("clk-before", visitor: "v-1", at: At(9)),
            NewClick("clk-until", visitor: "v-1", at: At(40)),
            NewClick("clk-b", visitor: "v-1", partner: "p-2", at: At(20)),
            NewClick("clk-other-visitor", visitor: "v-2", at: At(20)),
            NewClick("clk-other-program", visitor: "v-1", at: At(20), program: OtherProgram),
        ];
        foreach (var click in clicks)
        {
            await Stores.Touches.AddClickAsync(click, RollupChange.None, None);
        }

        var found = await Stores.Touches.FindClicksByVisitorAsync(Program, "v-1", At(10), At(40), None);

        Assert.Equal(["clk-a", "clk-b", "clk-c"], found.Select(c => c.Id.Value));
        SpecAssert.Equivalent(clicks[4], found[1]);
        Assert.Empty(await Stores.Touches.FindClicksByVisitorAsync(Program, "v-1", At(40), At(40), None));
        Assert.Empty(await Stores.Touches.FindClicksByVisitorAsync(Program, "v-unknown", At(0), At(100), None));
    }

    [Fact]
    public async Task Clicks_are_counted_by_ip_hash_visitor_and_partner_with_distinct_visitors_and_partners()
    {
        Click[] clicks =
        [
            NewClick("clk-1", partner: "p-1", visitor: "v-1", at: At(1), ipHash: "ip-a"),
            NewClick("clk-2", partner: "p-1", visitor: "v-1", at: At(2), ipHash: "ip-a"),
            NewClick("clk-3", partner: "p-2", visitor: "v-2", at: At(3), ipHash: "ip-a"),
            NewClick("clk-4", partner: "p-3", visitor: "v-3", at: At(4), ipHash: "ip-a"),
            NewClick("clk-5", partner: "p-2", visitor: "v-1", at: At(5), ipHash: "ip-b"),
            NewClick("clk-6", partner: "p-1", visitor: "v-4", at: At(6)),
            NewClick("clk-late", partner: "p-1", visitor: "v-1", at: At(100), ipHash: "ip-a"),
            NewClick("clk-other", partner: "p-1", visitor: "v-1", at: At(3), ipHash: "ip-a", program: OtherProgram),
        ];
        foreach (var click in clicks)
        {
            await Stores.Touches.AddClickAsync(click, RollupChange.None, None);
        }

        var range = new ClickQuery
        {
            ProgramId = Program,
            From = At(1),
            Until = At(100),
        };

        Assert.Equal(new ClickCounts(6, 4, 3), await Stores.Touches.CountClicksAsync(range, None));
        Assert.Equal(
            new ClickCounts(4, 3, 3),
            await Stores.Touches.CountClicksAsync(range with { IpHash = "ip-a" }, None)
        );
        Assert.Equal(
            new ClickCounts(3, 1, 2),
            await Stores.Touches.CountClicksAsync(range with { VisitorId = "v-1" }, None)
        );
        Assert.Equal(
            new ClickCounts(3, 2, 1),
            await Stores.Touches.CountClicksAsync(range with { PartnerId = new PartnerId("p-1") }, None)
        );
        Assert.Equal(
            new ClickCounts(2, 1, 1),
            await Stores.Touches.CountClicksAsync(
                range with
                {
                    PartnerId = new PartnerId("p-1"),
                    IpHash = "ip-a",
                },
                None
            )
        );
        Assert.Equal(
            new ClickCounts(3, 3, 3),
            await Stores.Touches.CountClicksAsync(range with { From = At(2), Until = At(5) }, None)
        );
        Assert.Equal(default, await Stores.Touches.CountClicksAsync(range with { IpHash = "ip-unknown" }, None));
        Assert.Equal(
            new ClickCounts(1, 1, 1),
            await Stores.Touches.CountClicksAsync(range with { ProgramId = OtherProgram }, None)
        );
    }

    [Fact]
    public async Task Counting_clicks_up_to_a_limit_counts_like_count_but_stops_at_the_limit()
    {
        // Seven clicks of one IP hash in the range, two of another visitor; one outside it, one in another program.
        Click[] clicks =
        [
            .. Enumerable
                .Range(0, 7)
                .Select(i => NewClick($"clk-{i}", visitor: i < 5 ? "v-1" : "v-2", at: At(i), ipHash: "ip-a")),
            NewClick("clk-late", at: At(50), ipHash: "ip-a"),
            NewClick("clk-other", at: At(1), ipHash: "ip-a", program: OtherProgram),
        ];
        foreach (var click in clicks)
        {
            await Stores.Touches.AddClickAsync(click, RollupChange.None, None);
        }

        var range = new ClickQuery
        {
            ProgramId = Program,
            IpHash = "ip-a",
            From = At(0),
            Until = At(50),
        };

        var through = range with { Until = At(50) + Duration.Epsilon };
        // Every count of the list in one call, each stopped at its own limit, in order.
        (ClickQuery Query, int Limit, int Expected)[] cases =
        [
            (range, 100, 7),
            (range, 7, 7),
            (range, 3, 3),
            (range, 1, 1),
            (range, 0, 0),
            (range with { VisitorId = "v-2" }, 5, 2),
            (range with { VisitorId = "v-1" }, 4, 4),
            (through, 10, 8),
            (range with { IpHash = "ip-unknown" }, 10, 0),
            (range with { ProgramId = OtherProgram }, 10, 1),
        ];
        var counts = await Stores.Touches.CountClicksUpToAsync(
            [.. cases.Select(c => new ClickLimit(c.Query, c.Limit))],
            None
        );
        Assert.Equal(cases.Select(c => c.Expected), counts);

        // And one at a time, the way a single rule asks.
        foreach (var (query, limit, expected) in cases)
        {
            Assert.Equal(new[] { expected }, await Stores.Touches.CountClicksUpToAsync([new(query, limit)], None));
        }

        Assert.Empty(await Stores.Touches.CountClicksUpToAsync([], None));
    }

    [Fact]
    public async Task Query_clicks_filters_like_count_and_returns_them_oldest_first()
    {
        Click[] clicks =
        [
            NewClick("clk-3", partner: "p-1", visitor: "v-2", at: At(30), ipHash: "ip-a"),
            NewClick("clk-1", partner: "p-1", visitor: "v-1", at: At(10), ipHash: "ip-a"),
            NewClick("clk-2", partner: "p-2", visitor: "v-1", at: At(20), ipHash: "ip-b"),
            NewClick("clk-4", partner: "p-1", visitor: "v-1", at: At(40), ipHash: "ip-a"),
            FullClick("clk-full") with
            {
                OccurredAt = Precise(15),
                PartnerId = new PartnerId("p-1"),
                IpHash = "ip-a",
            },
        ];
        foreach (var click in clicks)
        {
            await Stores.Touches.AddClickAsync(click, RollupChange.None, None);
        }

        var range = new ClickQuery
        {
            ProgramId = Program,
            From = At(10),
            Until = At(40),
        };
        async Task<string[]> Ids(ClickQuery query) =>
            await Stores.Touches.QueryClicksAsync(query, None).Select(c => c.Id.Value).ToArrayAsync();

        Assert.Equal(["clk-1", "clk-full", "clk-2", "clk-3"], await Ids(range));
        Assert.Equal(["clk-1", "clk-full", "clk-3"], await Ids(range with { PartnerId = new PartnerId("p-1") }));
        Assert.Equal(["clk-1", "clk-2"], await Ids(range with { VisitorId = "v-1" }));
        Assert.Equal(["clk-2"], await Ids(range with { IpHash = "ip-b" }));
        Assert.Equal(
            ["clk-1", "clk-full", "clk-3", "clk-4"],
            await Ids(range with { PartnerId = new PartnerId("p-1"), IpHash = "ip-a", Until = At(41) })
        );
        Assert.Empty(await Ids(range with { ProgramId = OtherProgram }));
        SpecAssert.Equivalent(
            clicks[4],
            await Stores
                .Touches.QueryClicksAsync(range with { PartnerId = new PartnerId("p-1") }, None)
                .ElementAtAsync(1)
        );
    }

    [Fact]
    public async Task A_binding_recorded_with_a_conversion_is_found_per_program_and_customer()
    {
        var binding = NewBinding("cus-1", "p-1", "cnv-1", at: Precise(0));
        await RecordAsync(Record(NewConversion("cnv-1", at: Precise(0), customer: "cus-1")) with { Binding = binding });

        SpecAssert.Equivalent(binding, await Stores.Touches.FindBindingAsync(Program, new CustomerId("cus-1"), None));
        Assert.Null(await Stores.Touches.FindBindingAsync(Program, new CustomerId("cus-2"), None));
        Assert.Null(await Stores.Touches.FindBindingAsync(OtherProgram, new CustomerId("cus-1"), None));
    }

    [Fact]
    public async Task A_later_binding_of_a_bound_customer_is_ignored_and_the_rest_is_written()
    {
        var first = NewBinding("cus-1", "p-1", "cnv-1", at: At(0));
        await RecordAsync(Record(NewConversion("cnv-1", at: At(0), customer: "cus-1")) with { Binding = first });
        var line = NewLine("cml-2", partner: "p-2", conversion: "cnv-2");
        var second = Record(NewConversion("cnv-2", at: At(10), partners: ["p-2"], customer: "cus-1"), line) with
        {
            Binding = NewBinding("cus-1", "p-2", "cnv-2", at: At(10)),
        };

        var result = await Stores.Conversions.RecordAsync(second, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(first, await Stores.Touches.FindBindingAsync(Program, new CustomerId("cus-1"), None));
        Assert.NotNull(await Stores.Conversions.FindAsync(Program, new ConversionId("cnv-2"), None));
        Assert.NotNull(await Stores.Ledger.FindLineAsync(line.Id, None));
    }

    [Fact]
    public async Task A_binding_that_replaces_the_customers_binding_takes_over()
    {
        await RecordAsync(
            Record(NewConversion("cnv-1", at: At(0), customer: "cus-1")) with
            {
                Binding = NewBinding("cus-1", "p-1", "cnv-1", at: At(0)),
            }
        );
        var second = NewBinding("cus-1", "p-2", "cnv-2", at: At(10));

        var result = await Stores.Conversions.RecordAsync(
            Record(NewConversion("cnv-2", at: At(10), partners: ["p-2"], customer: "cus-1")) with
            {
                Binding = second,
                ReplacesBinding = true,
            },
            None
        );

        Assert.Equal(StoreWriteStatus.Written, result.Status);
        SpecAssert.Equivalent(second, await Stores.Touches.FindBindingAsync(Program, new CustomerId("cus-1"), None));
    }

    [Fact]
    public async Task Of_one_click_added_at_once_many_times_exactly_one_is_written()
    {
        var results = await RaceAsync(20, (stores, i) =>
            stores.Touches.AddClickAsync(NewClick("clk-race", visitor: $"v-{i}"), RollupChange.None, None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Duplicate);
        Assert.Equal(
            $"v-{winner}",
            (await Stores.Touches.FindClickAsync(Program, new ClickId("clk-race"), None))?.VisitorId
        );
        Assert.Equal(
            1,
            (
                await Stores.Touches.CountClicksAsync(
                    new ClickQuery
                    {
                        ProgramId = Program,
                        From = At(-1),
                        Until = At(1),
                    },
                    None
                )
            ).Clicks
        );
    }
}
