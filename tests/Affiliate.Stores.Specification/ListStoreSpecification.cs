using Microsoft.Extensions.Logging.Abstractions;
using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IListStore"/> must do, read through <see cref="AffiliateLists"/> as hosts read it: every
/// list newest first (instant descending, then id descending by code point), each filter, paging that gives every
/// row exactly once even while rows are written between pages, the page size cap, and refused cursors.
/// </summary>
public abstract partial class ListStoreSpecification : StoreSpecification
{
    private static readonly CursorProtector Cursors = new(
        Enumerable.Range(0, 32).Select(i => (byte)((i * 7) + 3)).ToArray()
    );

    /// <summary>The five lists, for facts that hold for each.</summary>
    public enum ListKind
    {
        /// <summary>Partners (joined).</summary>
        Partners,

        /// <summary>Conversions (occurred).</summary>
        Conversions,

        /// <summary>Commission lines (created).</summary>
        Lines,

        /// <summary>Payouts (created).</summary>
        Payouts,

        /// <summary>Clicks (occurred).</summary>
        Clicks,
    }

    /// <summary>Every list.</summary>
    public static TheoryData<ListKind> Kinds => [.. Enum.GetValues<ListKind>()];

    /// <summary>Ids whose code point order differs from a linguistic one (case, '_', '-', '~', digits).</summary>
    private static readonly string[] TieIds =
    [
        "b",
        "B",
        "a",
        "A",
        "_x",
        "Z",
        "aa",
        "a-b",
        "~t",
        "0",
        "a_b",
        "ab",
        "Ab",
        "z9",
        "z10",
    ];

    /// <summary>The lists over the store under test.</summary>
    protected AffiliateLists Lists =>
        new(
            Stores.Lists
                ?? throw new InvalidOperationException("The store has no IListStore: set StoreUnderTest.Lists."),
            Cursors,
            NullLogger<AffiliateLists>.Instance
        );

    // ---- Filters ---------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Partners_are_listed_newest_first_and_filtered_by_status_segment_and_sponsor()
    {
        await CreatePartnersAsync(
            Joined("p-a", 0),
            Joined("p-b", 5, PartnerStatus.Pending, "influencer"),
            Joined("p-c", 5, PartnerStatus.Active, "Influencer", sponsor: "p-a"),
            Joined("p-d", 5, PartnerStatus.Suspended, "review-site", sponsor: "p-a"),
            Joined("p-e", 10, PartnerStatus.Pending, "INFLUENCER", sponsor: "p-b"),
            Joined("p-f", -3, PartnerStatus.Active, sponsor: "p-a"),
            Joined("p-g", 10, PartnerStatus.Active, "coupon-site")
        );
        var pa = new PartnerId("p-a");
        var influencers = PartnerSegment.Influencer;

        Assert.Equal(["p-g", "p-e", "p-d", "p-c", "p-b", "p-a", "p-f"], await IdsAsync(new PartnerListFilter()));
        var active = new PartnerListFilter { Status = PartnerStatus.Active };
        Assert.Equal(["p-g", "p-c", "p-a", "p-f"], await IdsAsync(active));
        Assert.Equal(["p-e", "p-c", "p-b"], await IdsAsync(new PartnerListFilter { Segment = influencers }));
        Assert.Equal(["p-d", "p-c", "p-f"], await IdsAsync(new PartnerListFilter { SponsorId = pa }));
        var pendingInfluencers = new PartnerListFilter { Status = PartnerStatus.Pending, Segment = new("influencer") };
        Assert.Equal(["p-e", "p-b"], await IdsAsync(pendingInfluencers));
        Assert.Equal(["p-c"], await IdsAsync(new PartnerListFilter { SponsorId = pa, Segment = influencers }));
        Assert.Empty(await IdsAsync(new PartnerListFilter { SponsorId = new PartnerId("p-unknown") }));
    }

    [Fact]
    public async Task Partner_search_matches_a_prefix_of_the_name_e_mail_or_a_referral_code_ignoring_case()
    {
        await CreatePartnersAsync(
            NewPartner("p-anna", "SMITH10") with
            {
                Name = "Anna Smith",
                Email = "a.smith@ex.org",
                JoinedAt = At(1),
            },
            NewPartner("p-joanna") with
            {
                Name = "Joanna",
                Email = "Anna.J@example.org",
                JoinedAt = At(2),
                Status = PartnerStatus.Pending,
            },
            NewPartner("p-bob", "AnnaBob") with
            {
                Name = "Bob",
                Email = "bob@example.org",
                JoinedAt = At(3),
            },
            NewPartner("p-carl", "CARL") with
            {
                Name = "Carl Anna",
                Email = "carl@example.org",
                JoinedAt = At(4),
            },
            NewPartner("p-sale") with
            {
                Name = "50% Off Deals",
                JoinedAt = At(5),
            },
            NewPartner("p-under") with
            {
                Name = "A_B Media",
                Email = "ab@example.org",
                JoinedAt = At(6),
            }
        );
        var active = new PartnerListFilter { Status = PartnerStatus.Active };

        Assert.Equal(["p-bob", "p-joanna", "p-anna"], await SearchAsync("ann"));
        Assert.Equal(["p-bob", "p-joanna", "p-anna"], await SearchAsync("ANN"));
        Assert.Equal(["p-joanna"], await SearchAsync("  anna.J "));
        Assert.Equal(["p-anna"], await SearchAsync("smith1"));
        Assert.Equal(["p-under"], await SearchAsync("ab@"));
        Assert.Equal(["p-bob", "p-anna"], await IdsAsync(active with { Search = "ann" }));

        // LIKE's wildcards and escape character are plain text in a search.
        Assert.Equal(["p-sale"], await SearchAsync("50%"));
        Assert.Empty(await SearchAsync("5_"));
        Assert.Equal(["p-under"], await SearchAsync("A_"));
        Assert.Empty(await SearchAsync("%"));
        Assert.Empty(await SearchAsync("\\"));
        Assert.Empty(await SearchAsync("anna smith jr"));

        Assert.Equal(6, (await SearchAsync("   ")).Length);
        var tooLong = new string('a', PartnerListFilter.MaxSearchLength + 1);
        var invalid = AffiliateErrorCodes.InvalidRequest;
        AssertFailed(await Lists.PartnersAsync(new() { Search = tooLong }, new(), None), invalid);
        AssertFailed(await Lists.PartnersAsync(new() { Search = "an\0na" }, new(), None), invalid);
    }

    [Fact]
    public async Task Conversions_are_listed_per_program_newest_first_and_filtered_by_status_partner_and_period()
    {
        var held = ConversionStatus.Held;
        await RecordAsync(Record(NewConversion("cnv-1", at: At(0), partners: ["p-1"])));
        await RecordAsync(Record(NewConversion("cnv-2", at: At(10), status: held, partners: ["p-1", "p-2"])));
        await RecordAsync(Record(NewConversion("cnv-3", at: At(10), status: held, partners: ["p-2"])));
        var (rejected, refunded) = (ConversionStatus.Rejected, ConversionStatus.PartiallyRefunded);
        await RecordAsync(Record(NewConversion("cnv-4", at: At(20), status: rejected, partners: ["p-1"])));
        await RecordAsync(Record(NewConversion("cnv-5", at: At(30), status: ConversionStatus.NotAttributed)));
        await RecordAsync(Record(NewConversion("cnv-6", at: At(5), partners: ["p-1"], program: OtherProgram)));
        await RecordAsync(Record(NewConversion("cnv-7", at: At(40), status: refunded, partners: ["p-3"])));
        var all = new ConversionListFilter { ProgramId = Program };
        var p1 = new PartnerId("p-1");

        Assert.Equal(["cnv-7", "cnv-5", "cnv-4", "cnv-3", "cnv-2", "cnv-1"], await IdsAsync(all));
        Assert.Equal(["cnv-3", "cnv-2"], await IdsAsync(all with { Status = held }));
        Assert.Equal(["cnv-4", "cnv-2", "cnv-1"], await IdsAsync(all with { PartnerId = p1 }));
        Assert.Equal(["cnv-2"], await IdsAsync(all with { PartnerId = p1, Status = held }));
        Assert.Equal(["cnv-4", "cnv-3", "cnv-2"], await IdsAsync(all with { From = At(10), Until = At(30) }));
        Assert.Equal(["cnv-1"], await IdsAsync(all with { PartnerId = p1, From = At(0), Until = At(10) }));
        Assert.Equal(["cnv-6"], await IdsAsync(all with { ProgramId = OtherProgram }));
        Assert.Empty(await IdsAsync(all with { ProgramId = OtherProgram, PartnerId = new PartnerId("p-2") }));

        // A review decision takes a conversion out of the queue, for the program and for each credited partner.
        var reviewed = await ConversionAsync(new ConversionId("cnv-2"));
        var approved = reviewed with { Status = ConversionStatus.Attributed };
        await WriteAsync(new LedgerChange { Conversion = Expect(approved, reviewed.Version) });
        Assert.Equal(["cnv-3"], await IdsAsync(all with { Status = held }));
        Assert.Empty(await IdsAsync(all with { PartnerId = p1, Status = held }));
        Assert.Equal(["cnv-2", "cnv-1"], await IdsAsync(all with { PartnerId = p1, Status = approved.Status }));
    }

    [Fact]
    public async Task Lines_are_listed_per_program_newest_first_and_filtered_by_partner_conversion_state_and_payout()
    {
        var pay1 = new PayoutId("pay-1");
        var approved = CommissionState.Approved;
        await WriteAsync(
            new LedgerChange
            {
                NewLines =
                [
                    NewLine("l-1", partner: "p-1", conversion: "cnv-1", createdAt: At(0)),
                    NewLine("l-2", partner: "p-2", conversion: "cnv-1", createdAt: At(0), kind: LedgerEntryKind.Upline),
                    NewLine("l-3", "p-1", "cnv-2", state: approved, createdAt: At(5)) with
                    {
                        PayoutId = pay1,
                    },
                    NewLine("l-4", "p-1", "cnv-2", state: approved, createdAt: At(5)) with
                    {
                        PayoutId = pay1,
                    },
                    NewLine("l-5", partner: "p-1", conversion: null, state: CommissionState.Held, createdAt: At(7)),
                    NewLine(
                        "l-6",
                        partner: "p-3",
                        conversion: "cnv-3",
                        state: CommissionState.Reversed,
                        createdAt: At(9)
                    ),
                    NewLine("l-7", partner: "p-1", conversion: "cnv-9", createdAt: At(3), program: OtherProgram),
                ],
            }
        );
        var all = new LineListFilter { ProgramId = Program };
        var (p1, p2, cnv1) = (new PartnerId("p-1"), new PartnerId("p-2"), new ConversionId("cnv-1"));

        Assert.Equal(["l-6", "l-5", "l-4", "l-3", "l-2", "l-1"], await IdsAsync(all));
        Assert.Equal(["l-5", "l-4", "l-3", "l-1"], await IdsAsync(all with { PartnerId = p1 }));
        Assert.Equal(["l-2", "l-1"], await IdsAsync(all with { ConversionId = cnv1 }));
        Assert.Equal(["l-4", "l-3"], await IdsAsync(all with { State = approved }));
        Assert.Equal(["l-5"], await IdsAsync(all with { State = CommissionState.Held }));
        Assert.Equal(["l-4", "l-3"], await IdsAsync(all with { PayoutId = pay1 }));
        Assert.Equal(["l-1"], await IdsAsync(all with { PartnerId = p1, State = CommissionState.Pending }));
        Assert.Equal(["l-2"], await IdsAsync(all with { PartnerId = p2, ConversionId = cnv1 }));
        Assert.Empty(await IdsAsync(all with { PayoutId = pay1, State = CommissionState.Paid }));
        Assert.Equal(["l-7"], await IdsAsync(all with { ProgramId = OtherProgram }));
    }

    [Fact]
    public async Task Payouts_are_listed_per_program_newest_first_and_filtered_by_partner_status_and_period()
    {
        var paid = PayoutStatus.Paid;
        await CreatePayoutsAsync(
            NewPayout("pay-1", "p-1", [], at: At(100)),
            NewPayout("pay-2", "p-2", [], at: At(100)) with
            {
                Status = paid,
                ExternalReference = "SEPA-1",
            },
            NewPayout("pay-3", "p-1", [], at: At(200)) with
            {
                Status = paid,
                ExternalReference = "SEPA-2",
            },
            NewPayout("pay-4", "p-1", [], at: At(50)) with
            {
                Status = PayoutStatus.Failed,
                FailureReason = "IBAN",
            },
            NewPayout("pay-5", "p-3", [], at: At(300), program: OtherProgram)
        );
        var all = new PayoutListFilter { ProgramId = Program };
        var p1 = new PartnerId("p-1");

        Assert.Equal(["pay-3", "pay-2", "pay-1", "pay-4"], await IdsAsync(all));
        Assert.Equal(["pay-3", "pay-1", "pay-4"], await IdsAsync(all with { PartnerId = p1 }));
        Assert.Equal(["pay-3", "pay-2"], await IdsAsync(all with { Status = paid }));
        Assert.Equal(["pay-3"], await IdsAsync(all with { PartnerId = p1, Status = paid }));
        Assert.Equal(["pay-2", "pay-1"], await IdsAsync(all with { From = At(100), Until = At(200) }));
        Assert.Equal(["pay-5"], await IdsAsync(all with { ProgramId = OtherProgram }));
    }

    [Fact]
    public async Task Clicks_are_listed_per_program_newest_first_and_filtered_by_partner_sub1_and_period()
    {
        await AddClicksAsync(
            NewClick("clk-1", partner: "p-1", at: At(0)) with
            {
                SubIds = ["news", "x"],
            },
            NewClick("clk-2", partner: "p-1", at: At(1)) with
            {
                SubIds = ["banner"],
            },
            NewClick("clk-3", partner: "p-1", at: At(1)) with
            {
                SubIds = ["news"],
            },
            NewClick("clk-4", partner: "p-2", at: At(2)) with
            {
                SubIds = ["news"],
            },
            NewClick("clk-5", partner: "p-1", at: At(3)),
            NewClick("clk-6", partner: "p-1", at: At(4)) with
            {
                SubIds = ["News"],
            },
            NewClick("clk-7", partner: "p-1", at: At(1), program: OtherProgram) with
            {
                SubIds = ["news"],
            },
            NewClick("clk-8", partner: "p-1", at: At(5)) with
            {
                SubIds = ["x", "news"],
            },
            NewClick("clk-9", partner: "p-1", at: At(6)) with
            {
                SubIds = ["sub-ü-1", "news"],
            }
        );
        var all = new ClickListFilter { ProgramId = Program };
        var p1 = new PartnerId("p-1");

        Assert.Equal(["clk-9", "clk-8", "clk-6", "clk-5", "clk-4", "clk-3", "clk-2", "clk-1"], await IdsAsync(all));
        var byP1 = all with { PartnerId = p1 };
        Assert.Equal(["clk-9", "clk-8", "clk-6", "clk-5", "clk-3", "clk-2", "clk-1"], await IdsAsync(byP1));
        Assert.Equal(["clk-3", "clk-1"], await IdsAsync(all with { PartnerId = p1, Sub1 = "news" }));
        Assert.Equal(["clk-4"], await IdsAsync(all with { PartnerId = new PartnerId("p-2"), Sub1 = "news" }));
        Assert.Equal(["clk-9"], await IdsAsync(all with { PartnerId = p1, Sub1 = "sub-ü-1" }));
        Assert.Equal(["clk-4", "clk-3", "clk-2"], await IdsAsync(all with { From = At(1), Until = At(3) }));
        Assert.Equal(["clk-3"], await IdsAsync(byP1 with { Sub1 = "news", From = At(1), Until = At(3) }));
        Assert.Equal(["clk-7"], await IdsAsync(all with { ProgramId = OtherProgram }));

        var invalid = AffiliateErrorCodes.InvalidRequest;
        AssertFailed(await Lists.ClicksAsync(all with { Sub1 = "news" }, new(), None), invalid);
        AssertFailed(await Lists.ClicksAsync(all with { PartnerId = p1, Sub1 = "" }, new(), None), invalid);
    }

    [Fact]
    public async Task Listed_records_come_back_with_every_property()
    {
        var partner = FullPartner();
        var conversion = FullConversion();
        var line = FullLine(conversion: conversion.Id.Value);
        var click = FullClick();
        // The full line is already in another payout (pay-elsewhere), so this payout claims nothing.
        var payout = NewPayout("pay-full", "p-2", [], at: Precise(99)) with { ExternalReference = "SEPA-Ü" };
        var claimed = line with { Version = 1 };
        await CreatePartnersAsync(partner);
        await RecordAsync(Record(conversion, line));
        await AddClicksAsync(click);
        await CreatePayoutsAsync(payout);

        SpecAssert.Equivalent(partner with { Version = 1 }, Assert.Single(await ListAsync(ListKind.Partners)));
        var byPartner = new ConversionListFilter { ProgramId = Program, PartnerId = new PartnerId("p-2") };
        var credited = Ok(await Lists.ConversionsAsync(byPartner, new(), None)).Items;
        SpecAssert.Equivalent(conversion with { Version = 1 }, Assert.Single(credited));
        SpecAssert.Equivalent(conversion with { Version = 1 }, Assert.Single(await ListAsync(ListKind.Conversions)));
        SpecAssert.Equivalent(claimed, Assert.Single(await ListAsync(ListKind.Lines)));
        SpecAssert.Equivalent(payout with { Version = 1 }, Assert.Single(await ListAsync(ListKind.Payouts)));
        SpecAssert.Equivalent(click, Assert.Single(await ListAsync(ListKind.Clicks)));
    }

    // ---- Paging ----------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Kinds), MemberType = typeof(ListStoreSpecification))]
    public async Task Paging_through_a_list_gives_every_row_once_in_the_lists_order(ListKind kind)
    {
        // Ties on one instant make the id decide; ids in scrambled insertion order make the store sort them.
        var rows = TieIds
            .Select(id => (Id: id, At: At(7)))
            .Concat(Enumerable.Range(0, 12).Select(n => (Id: $"r-{(n * 5) % 12:D2}", At: Precise(n % 3))))
            .Append((Id: "r-late", At: At(9) + Duration.FromTicks(1)))
            .ToArray();
        await SeedAsync(kind, rows);
        var expected = Newest(rows).Select(r => r.Id).ToArray();

        var whole = Ok(await ReadAsync(kind, new PageRequest { Size = PageRequest.MaxSize }));
        Assert.Equal(expected, whole.Items.Select(r => r.Id));
        Assert.Null(whole.NextCursor);
        foreach (var size in new[] { 1, 2, 5, rows.Length - 1, rows.Length, rows.Length + 1 })
        {
            var paged = await AllPagesAsync(page => ReadAsync(kind, page), size);
            Assert.Equal(expected, paged.Select(r => r.Id));
        }
    }

    [Theory]
    [MemberData(nameof(Kinds), MemberType = typeof(ListStoreSpecification))]
    public async Task Rows_written_between_pages_never_make_paging_skip_or_repeat_a_row(ListKind kind)
    {
        var rows = Enumerable.Range(0, 20).Select(n => (Id: $"r-{n:D2}", At: At(n % 5))).ToArray();
        await SeedAsync(kind, rows);
        var seen = new List<(string Id, Instant At)>();
        var expectedNew = new List<string>();
        var unexpectedNew = new List<string>();
        var request = new PageRequest { Size = 3 };
        for (var page = 0; ; page++)
        {
            Assert.True(page < 100, "Paging did not come to an end.");
            var read = Ok(await ReadAsync(kind, request));
            seen.AddRange(read.Items);
            if (!read.HasMore)
            {
                break;
            }

            // Before the cursor: newer than everything, or at the cursor's instant with a larger id. After it: at the
            // cursor's instant with a smaller id (each '!' id below every id so far), or older than everything.
            var last = read.Items[^1];
            (string Id, Instant At)[] before = [($"n-{page:D2}", At(100 + page)), ($"~n-{page:D2}", last.At)];
            (string Id, Instant At)[] after = [($"!{99 - page:D2}", last.At), ($"o-{page:D2}", At(-100 - page))];
            await SeedAsync(kind, [.. before, .. after]);
            unexpectedNew.AddRange(before.Select(r => r.Id));
            expectedNew.AddRange(after.Select(r => r.Id));
            request = request with { Cursor = read.NextCursor };
        }

        var ids = seen.Select(r => r.Id).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.Equal(Newest(seen).Select(r => r.Id), ids);
        Assert.Empty(rows.Select(r => r.Id).Except(ids));
        Assert.Empty(expectedNew.Except(ids));
        Assert.Empty(unexpectedNew.Intersect(ids));
    }

    [Fact]
    public async Task A_page_holds_at_most_500_rows_and_a_size_below_1_is_refused()
    {
        var lines = Enumerable
            .Range(0, PageRequest.MaxSize + 2)
            .Select(n => NewLine($"l-{n:D4}", createdAt: At(n % 7)))
            .ToArray();
        await WriteAsync(new LedgerChange { NewLines = lines });
        var filter = new LineListFilter { ProgramId = Program };
        ValueTask<AffiliateResult<Page<CommissionLine>>> Read(PageRequest page) =>
            Lists.CommissionLinesAsync(filter, page, None);

        var first = Ok(await Read(new PageRequest { Size = 10_000 }));
        Assert.Equal(PageRequest.MaxSize, first.Items.Count);
        var second = Ok(await Read(new PageRequest { Size = int.MaxValue, Cursor = first.NextCursor }));
        Assert.Equal(2, second.Items.Count);
        Assert.Null(second.NextCursor);
        Assert.Equal(PageRequest.MaxSize, Ok(await Read(new PageRequest { Size = PageRequest.MaxSize })).Items.Count);
        Assert.Equal(PageRequest.DefaultSize, Ok(await Read(new PageRequest())).Items.Count);

        foreach (var size in new[] { 0, -1, int.MinValue })
        {
            AssertFailed(await Read(new PageRequest { Size = size }), AffiliateErrorCodes.InvalidRequest);
        }
    }

    [Fact]
    public async Task An_empty_list_is_one_page_without_a_cursor()
    {
        foreach (var kind in Enum.GetValues<ListKind>())
        {
            var page = Ok(await ReadAsync(kind, new PageRequest()));
            Assert.Empty(page.Items);
            Assert.Null(page.NextCursor);
            Assert.False(page.HasMore);
        }
    }

    // ---- Refusals --------------------------------------------------------------------------------------------------

    [Theory]
    [MemberData(nameof(Kinds), MemberType = typeof(ListStoreSpecification))]
    public async Task A_cursor_that_was_edited_or_belongs_to_another_list_or_filter_is_refused(ListKind kind)
    {
        await SeedAsync(kind, Enumerable.Range(0, 5).Select(n => ($"r-{n}", At(n))).ToArray(), partner: "p-1");
        var cursor = Ok(await ReadAsync(kind, new PageRequest { Size = 2 })).NextCursor!;
        var partnerCursor = Ok(await ReadAsync(kind, new PageRequest { Size = 2 }, partner: "p-1")).NextCursor!;
        Assert.True((await ReadAsync(kind, new PageRequest { Size = 2, Cursor = cursor })).Succeeded);
        Assert.True((await ReadAsync(kind, new PageRequest { Size = 2, Cursor = partnerCursor }, "p-1")).Succeeded);

        var otherKind = (ListKind)(((int)kind + 1) % Enum.GetValues<ListKind>().Length);
        await SeedAsync(otherKind, [("x-1", At(1)), ("x-2", At(2))]);
        var otherKindCursor = Ok(await ReadAsync(otherKind, new PageRequest { Size = 1 })).NextCursor!;
        var middle = cursor.Length / 2;
        string[] refused =
        [
            "not-a-cursor",
            string.Empty,
            cursor[..^1],
            cursor + "A",
            cursor[..middle] + (cursor[middle] == 'A' ? 'B' : 'A') + cursor[(middle + 1)..],
            otherKindCursor,
        ];
        foreach (var bad in refused)
        {
            AssertFailed(await ReadAsync(kind, new PageRequest { Cursor = bad }), AffiliateErrorCodes.InvalidCursor);
        }

        // A cursor continues only the list it came from: not the same list for another partner, nor unfiltered.
        var invalid = AffiliateErrorCodes.InvalidCursor;
        AssertFailed(await ReadAsync(kind, new PageRequest { Cursor = cursor }, partner: "p-1"), invalid);
        AssertFailed(await ReadAsync(kind, new PageRequest { Cursor = partnerCursor }, partner: "p-2"), invalid);
        AssertFailed(await ReadAsync(kind, new PageRequest { Cursor = partnerCursor }), invalid);
    }

    [Fact]
    public async Task A_cursor_of_another_program_or_status_or_period_is_refused()
    {
        await RecordAsync(Record(NewConversion("cnv-1", at: At(1))));
        await RecordAsync(Record(NewConversion("cnv-2", at: At(2))));
        var filter = new ConversionListFilter
        {
            ProgramId = Program,
            From = At(0),
            Until = At(10),
        };
        var cursor = Ok(await Lists.ConversionsAsync(filter, new PageRequest { Size = 1 }, None)).NextCursor;

        Assert.True((await Lists.ConversionsAsync(filter, new PageRequest { Cursor = cursor }, None)).Succeeded);
        ConversionListFilter[] others =
        [
            filter with
            {
                ProgramId = OtherProgram,
            },
            filter with
            {
                Status = ConversionStatus.Attributed,
            },
            filter with
            {
                Until = At(11),
            },
            filter with
            {
                From = At(0) + Duration.Epsilon,
            },
            filter with
            {
                From = null,
            },
        ];
        foreach (var other in others)
        {
            var result = await Lists.ConversionsAsync(other, new PageRequest { Cursor = cursor }, None);
            AssertFailed(result, AffiliateErrorCodes.InvalidCursor);
        }
    }

    [Fact]
    public async Task A_period_that_does_not_start_before_it_ends_is_refused()
    {
        var from = At(10);
        foreach (var until in new[] { At(10), At(9) })
        {
            var invalid = AffiliateErrorCodes.InvalidRequest;
            var (conversions, payouts, clicks) = (
                new ConversionListFilter
                {
                    ProgramId = Program,
                    From = from,
                    Until = until,
                },
                new PayoutListFilter
                {
                    ProgramId = Program,
                    From = from,
                    Until = until,
                },
                new ClickListFilter
                {
                    ProgramId = Program,
                    From = from,
                    Until = until,
                }
            );
            AssertFailed(await Lists.ConversionsAsync(conversions, new(), None), invalid);
            AssertFailed(await Lists.PayoutsAsync(payouts, new(), None), invalid);
            AssertFailed(await Lists.ClicksAsync(clicks, new(), None), invalid);
        }

        var tick = new ClickListFilter
        {
            ProgramId = Program,
            From = from,
            Until = from + Duration.Epsilon,
        };
        Assert.True((await Lists.ClicksAsync(tick, new(), None)).Succeeded);
    }

    // ---- Helpers ---------------------------------------------------------------------------------------------------

    /// <summary>Rows in list order: instant descending to the tick, then id descending (these ids are ASCII).</summary>
    private static IEnumerable<(string Id, Instant At)> Newest(IEnumerable<(string Id, Instant At)> rows) =>
        rows.OrderByDescending(r => r.At.ToUnixTimeTicks()).ThenByDescending(r => r.Id, StringComparer.Ordinal);

    private static Partner Joined(
        string id,
        int minute,
        PartnerStatus status = PartnerStatus.Active,
        string? segment = null,
        string? sponsor = null
    ) =>
        NewPartner(id) with
        {
            JoinedAt = At(minute),
            Status = status,
            Segment = segment is null ? null : new PartnerSegment(segment),
            SponsorId = sponsor is null ? null : new PartnerId(sponsor),
        };

    private async Task CreatePartnersAsync(params Partner[] partners)
    {
        foreach (var partner in partners)
        {
            var result = await Stores.Partners.CreateAsync(partner, [], None);
            Assert.True(result.Succeeded, $"Setting up: creating partner {partner.Id} returned {result}.");
        }
    }

    private async Task CreatePayoutsAsync(params Payout[] payouts)
    {
        foreach (var payout in payouts)
        {
            // A claim takes every approved line of the partner not yet in a payout: the payout says how many.
            var result = await Stores.Payouts.ClaimAsync(payout, [], None);
            Assert.True(result.Succeeded, $"Setting up: creating payout {payout.Id} returned {result}.");
        }
    }

    private async Task AddClicksAsync(params Click[] clicks)
    {
        foreach (var click in clicks)
        {
            var result = await Stores.Touches.AddClickAsync(click, RollupChange.None, None);
            Assert.True(result.Succeeded, $"Setting up: adding click {click.Id} returned {result}.");
        }
    }

    /// <summary>Writes one row per (id, instant) into a list, for <paramref name="partner"/> (p-9 when null).</summary>
    private async Task SeedAsync(ListKind kind, IReadOnlyList<(string Id, Instant At)> rows, string? partner = null)
    {
        var owner = partner ?? "p-9";
        switch (kind)
        {
            case ListKind.Partners:
                var sponsor = new PartnerId(owner);
                await CreatePartnersAsync([
                    .. rows.Select(r => NewPartner(r.Id) with { JoinedAt = r.At, SponsorId = sponsor }),
                ]);
                break;
            case ListKind.Conversions:
                foreach (var row in rows)
                {
                    await RecordAsync(Record(NewConversion(row.Id, at: row.At, partners: [owner])));
                }

                break;
            case ListKind.Lines:
                var lines = rows.Select(r => NewLine(r.Id, owner, createdAt: r.At));
                await WriteAsync(new LedgerChange { NewLines = [.. lines] });
                break;
            case ListKind.Payouts:
                await CreatePayoutsAsync([.. rows.Select(r => NewPayout(r.Id, owner, [], at: r.At))]);
                break;
            case ListKind.Clicks:
                await AddClicksAsync([.. rows.Select(r => NewClick(r.Id, partner: owner, at: r.At))]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>
    /// A page of a list of the spec program, as (id, instant); <paramref name="partner"/> filters by partner (by
    /// sponsor for the partner list).
    /// </summary>
    private async ValueTask<AffiliateResult<Page<(string Id, Instant At)>>> ReadAsync(
        ListKind kind,
        PageRequest page,
        string? partner = null
    )
    {
        var by = partner is null ? (PartnerId?)null : new PartnerId(partner);
        return kind switch
        {
            ListKind.Partners => Keys(await Lists.PartnersAsync(new() { SponsorId = by }, page, None), p =>
                (p.Id.Value, p.JoinedAt)
            ),
            ListKind.Conversions => Keys(
                await Lists.ConversionsAsync(new() { ProgramId = Program, PartnerId = by }, page, None),
                c => (c.Id.Value, c.OccurredAt)
            ),
            ListKind.Lines => Keys(
                await Lists.CommissionLinesAsync(new() { ProgramId = Program, PartnerId = by }, page, None),
                l => (l.Id.Value, l.CreatedAt)
            ),
            ListKind.Payouts => Keys(
                await Lists.PayoutsAsync(new() { ProgramId = Program, PartnerId = by }, page, None),
                p => (p.Id.Value, p.CreatedAt)
            ),
            ListKind.Clicks => Keys(
                await Lists.ClicksAsync(new() { ProgramId = Program, PartnerId = by }, page, None),
                c => (c.Id.Value, c.OccurredAt)
            ),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Every record of a list of the spec program, read in one page.</summary>
    private async Task<IReadOnlyList<object>> ListAsync(ListKind kind)
    {
        var page = new PageRequest { Size = PageRequest.MaxSize };
        return kind switch
        {
            ListKind.Partners => Ok(await Lists.PartnersAsync(new(), page, None)).Items,
            ListKind.Conversions => Ok(await Lists.ConversionsAsync(new() { ProgramId = Program }, page, None)).Items,
            ListKind.Lines => Ok(await Lists.CommissionLinesAsync(new() { ProgramId = Program }, page, None)).Items,
            ListKind.Payouts => Ok(await Lists.PayoutsAsync(new() { ProgramId = Program }, page, None)).Items,
            ListKind.Clicks => Ok(await Lists.ClicksAsync(new() { ProgramId = Program }, page, None)).Items,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    // Ids of a whole list, read two at a time so that every fact pages too.

    private Task<string[]> SearchAsync(string search) => IdsAsync(new PartnerListFilter { Search = search });

    private async Task<string[]> IdsAsync(PartnerListFilter filter) =>
        [.. (await AllPagesAsync(page => Lists.PartnersAsync(filter, page, None), 2)).Select(p => p.Id.Value)];

    private async Task<string[]> IdsAsync(ConversionListFilter filter) =>
        [.. (await AllPagesAsync(page => Lists.ConversionsAsync(filter, page, None), 2)).Select(c => c.Id.Value)];

    private async Task<string[]> IdsAsync(LineListFilter filter) =>
        [.. (await AllPagesAsync(page => Lists.CommissionLinesAsync(filter, page, None), 2)).Select(l => l.Id.Value)];

    private async Task<string[]> IdsAsync(PayoutListFilter filter) =>
        [.. (await AllPagesAsync(page => Lists.PayoutsAsync(filter, page, None), 2)).Select(p => p.Id.Value)];

    private async Task<string[]> IdsAsync(ClickListFilter filter) =>
        [.. (await AllPagesAsync(page => Lists.ClicksAsync(filter, page, None), 2)).Select(c => c.Id.Value)];

    /// <summary>
    /// Reads every page of a list with one page size, checking that each page but the last is full and that only the
    /// last has no cursor.
    /// </summary>
    private static async Task<List<T>> AllPagesAsync<T>(
        Func<PageRequest, ValueTask<AffiliateResult<Page<T>>>> read,
        int size
    )
    {
        var items = new List<T>();
        var request = new PageRequest { Size = size };
        for (var pages = 1; ; pages++)
        {
            Assert.True(pages < 10_000, "Paging did not come to an end.");
            var page = Ok(await read(request));
            var full = page.HasMore ? page.Items.Count == size : page.Items.Count <= size;
            Assert.True(full, $"Page {pages} has {page.Items.Count} items for a page size of {size}.");
            items.AddRange(page.Items);
            if (!page.HasMore)
            {
                return items;
            }

            request = request with { Cursor = page.NextCursor };
        }
    }

    private static AffiliateResult<Page<(string Id, Instant At)>> Keys<T>(
        AffiliateResult<Page<T>> result,
        Func<T, (string, Instant)> key
    ) =>
        result.Succeeded
            ? AffiliateResult<Page<(string Id, Instant At)>>.Success(
                new([.. result.Value!.Items.Select(key)], result.Value.NextCursor)
            )
            : AffiliateResult<Page<(string Id, Instant At)>>.Failure(result.Error!);

    private static Page<T> Ok<T>(AffiliateResult<Page<T>> result)
    {
        Assert.True(result.Succeeded, $"The list failed: {result.Error}");
        return result.Value!;
    }

    private static void AssertFailed<T>(AffiliateResult<T> result, string code)
    {
        Assert.False(result.Succeeded, $"Expected {code} but the list succeeded.");
        Assert.Equal(code, result.Error!.Code);
    }
}
