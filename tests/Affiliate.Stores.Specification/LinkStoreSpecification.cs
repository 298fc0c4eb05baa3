using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="ILinkStore"/> must do, partly read through <see cref="PartnerLinks"/> as hosts use it: a
/// link's content kept exactly; the id as the idempotency key (same content a replay, other content a conflict,
/// never a second row); a partner's links newest first with ties broken by id, every link exactly once across pages;
/// and partner isolation: no list, cursor or deactivation of one partner reaches another's links.
/// </summary>
public abstract class LinkStoreSpecification : StoreSpecification
{
    private static readonly CursorProtector Cursors = new(
        Enumerable.Range(0, 32).Select(i => (byte)((i * 5) + 1)).ToArray()
    );

    private readonly SpecClock _clock = new(T0);

    /// <summary>The link store under test.</summary>
    protected ILinkStore LinkStore =>
        Stores.Links ?? throw new InvalidOperationException("The store has no ILinkStore: set StoreUnderTest.Links.");

    /// <summary>The links service over the store under test, with a clock the facts move.</summary>
    protected PartnerLinks Links =>
        new(
            LinkStore,
            Stores.Partners,
            new ReferralCodeCache(_clock, Options.Create(new AffiliateOptions())),
            Cursors,
            _clock,
            NullLogger<PartnerLinks>.Instance
        );

    [Fact]
    public async Task A_link_is_kept_exactly_and_a_second_add_with_its_id_is_a_duplicate_that_changes_nothing()
    {
        var link = new PartnerLink
        {
            Id = "summer-Sale_1",
            PartnerId = new PartnerId("p-1"),
            Destination = "https://shop.example/sale?x=1&y=%C3%A9",
            Sub1 = "newsletter",
            Sub3 = "ü-third",
            Name = "Summer sale",
            CreatedAt = Precise(3),
        };

        var first = await LinkStore.AddLinkAsync(link, None);
        var again = await LinkStore.AddLinkAsync(link with { Destination = "/other", PartnerId = new("p-2") }, None);

        Assert.Equal(StoreWriteStatus.Written, first.Status);
        Assert.Equal(StoreWriteStatus.Duplicate, again.Status);
        var stored = await LinkStore.FindLinkAsync("summer-Sale_1", None);
        Assert.NotNull(stored);
        Assert.Equal(link with { CreatedAt = Instant.FromUnixTimeTicks(link.CreatedAt.ToUnixTimeTicks()) }, stored);
        Assert.Equal(["newsletter", "", "ü-third"], stored.SubIds);
        Assert.Null(await LinkStore.FindLinkAsync("summer-sale_1", None));
        Assert.Null(await LinkStore.FindLinkAsync("missing", None));
    }

    [Fact]
    public async Task Creating_with_the_same_id_and_content_is_a_replay_and_other_content_is_an_idempotency_conflict()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-1", "ANNA"), [], None);
        await Stores.Partners.CreateAsync(NewPartner("p-2", "BOB"), [], None);
        var request = new PartnerLinkRequest
        {
            PartnerId = new PartnerId("p-1"),
            Id = "spring",
            Destination = "/spring",
            Sub2 = "banner",
        };

        var created = await Links.CreateAsync(request);
        _clock.Now = At(5);
        var replay = await Links.CreateAsync(request);
        var otherDestination = await Links.CreateAsync(request with { Destination = "/autumn" });
        var otherPartner = await Links.CreateAsync(request with { PartnerId = new PartnerId("p-2") });

        Assert.True(created.Succeeded);
        Assert.False(created.AlreadyRecorded);
        Assert.True(replay.Succeeded);
        Assert.True(replay.AlreadyRecorded);
        Assert.Equal(T0, replay.Value.CreatedAt);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, otherDestination.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, otherPartner.Error?.Code);
        var stored = await LinkStore.FindLinkAsync("spring", None);
        Assert.Equal("/spring", stored?.Destination);
        Assert.Equal(new PartnerId("p-1"), stored?.PartnerId);
        Assert.Single((await Links.ListAsync(new PartnerId("p-1"), new PageRequest())).GetValueOrThrow().Items);
        Assert.Empty((await Links.ListAsync(new PartnerId("p-2"), new PageRequest())).GetValueOrThrow().Items);
    }

    [Fact]
    public async Task Generated_ids_are_short_url_safe_and_distinct()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-1", "ANNA"), [], None);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            var link = (
                await Links.CreateAsync(new PartnerLinkRequest { PartnerId = new("p-1"), Destination = "/" })
            ).GetValueOrThrow();
            Assert.True(PartnerLinks.IsValidId(link.Id), link.Id);
            Assert.True(link.Id.Length <= 16, link.Id);
            ids.Add(link.Id);
        }

        Assert.Equal(20, ids.Count);
    }

    [Fact]
    public async Task A_partners_links_page_newest_first_then_by_id_and_every_link_comes_exactly_once()
    {
        var partner = new PartnerId("p-1");
        string[] tied = ["b", "B", "a", "A", "_x", "Z", "a-b", "0", "a_b", "z9", "z10"];
        foreach (var id in tied)
        {
            Assert.True((await LinkStore.AddLinkAsync(NewLink(id, "p-1", At(1)), None)).Succeeded);
        }

        await LinkStore.AddLinkAsync(NewLink("newest", "p-1", At(2)), None);
        await LinkStore.AddLinkAsync(NewLink("oldest", "p-1", At(0)), None);
        await LinkStore.AddLinkAsync(NewLink("other", "p-2", At(1)), None);

        var seen = new List<string>();
        var request = new PageRequest { Size = 3 };
        while (true)
        {
            var page = (await Links.ListAsync(partner, request)).GetValueOrThrow();
            Assert.True(page.Items.Count <= 3);
            seen.AddRange(page.Items.Select(l => l.Id));
            if (!page.HasMore)
            {
                break;
            }

            request = request with { Cursor = page.NextCursor };
        }

        string[] expected =
        [
            "newest",
            .. tied.OrderByDescending(id => System.Text.Encoding.UTF8.GetBytes(id), ByteOrder.Instance),
            "oldest",
        ];
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task No_list_cursor_or_deactivation_of_one_partner_reaches_another_partners_links()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-a", "ANNA"), [], None);
        await Stores.Partners.CreateAsync(NewPartner("p-b", "BOB"), [], None);
        var (a, b) = (new PartnerId("p-a"), new PartnerId("p-b"));
        for (var i = 0; i < 3; i++)
        {
            _clock.Now = At(i);
            await Links.CreateAsync(
                new PartnerLinkRequest
                {
                    PartnerId = a,
                    Id = $"a-{i}",
                    Destination = "/a",
                }
            );
            await Links.CreateAsync(
                new PartnerLinkRequest
                {
                    PartnerId = b,
                    Id = $"b-{i}",
                    Destination = "/b",
                }
            );
        }

        var firstOfA = (await Links.ListAsync(a, new PageRequest { Size = 1 })).GetValueOrThrow();
        var swapped = await Links.ListAsync(b, new PageRequest { Size = 1, Cursor = firstOfA.NextCursor });
        var byStore = await LinkStore.DeactivateLinkAsync(b, "a-1", None);
        var byService = await Links.DeactivateAsync(b, "a-2");
        var found = await Links.FindAsync(b, "a-0");

        Assert.Equal(["a-2"], firstOfA.Items.Select(l => l.Id));
        Assert.Equal(AffiliateErrorCodes.InvalidCursor, swapped.Error?.Code);
        Assert.Equal(StoreWriteStatus.Conflict, byStore.Status);
        Assert.Equal(AffiliateErrorCodes.UnknownLink, byService.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownLink, found.Error?.Code);
        Assert.Equal(
            ["a-2", "a-1", "a-0"],
            (await Links.ListAsync(a, new PageRequest())).GetValueOrThrow().Items.Select(l => l.Id)
        );
        Assert.All((await Links.ListAsync(a, new PageRequest())).GetValueOrThrow().Items, l => Assert.True(l.Active));
        Assert.Equal(
            ["b-2", "b-1", "b-0"],
            (await Links.ListAsync(b, new PageRequest())).GetValueOrThrow().Items.Select(l => l.Id)
        );
    }

    [Fact]
    public async Task Deactivating_keeps_the_link_listed_as_inactive_and_a_second_deactivation_is_a_replay()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-1", "ANNA"), [], None);
        var partner = new PartnerId("p-1");
        await Links.CreateAsync(
            new PartnerLinkRequest
            {
                PartnerId = partner,
                Id = "l-1",
                Destination = "/x",
            }
        );

        var first = await Links.DeactivateAsync(partner, "l-1");
        var second = await Links.DeactivateAsync(partner, "l-1");
        var resolved = await Links.ResolveAsync("anna", "l-1");

        Assert.True(first.Succeeded);
        Assert.False(first.AlreadyRecorded);
        Assert.False(first.Value.Active);
        Assert.True(second.AlreadyRecorded);
        Assert.False((await LinkStore.FindLinkAsync("l-1", None))?.Active);
        Assert.False(Assert.Single((await Links.ListAsync(partner, new PageRequest())).GetValueOrThrow().Items).Active);
        Assert.NotNull(resolved);
        Assert.Equal(partner, resolved.Partner.Id);
        Assert.Null(resolved.Link);
    }

    [Fact]
    public async Task Resolving_finds_the_codes_partner_and_only_that_partners_active_link()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-a", "ANNA"), [], None);
        await Stores.Partners.CreateAsync(NewPartner("p-b", "BOB"), [], None);
        await Links.CreateAsync(
            new PartnerLinkRequest
            {
                PartnerId = new("p-a"),
                Id = "a-1",
                Destination = "/a",
            }
        );

        var own = await Links.ResolveAsync("ANNA", "a-1");
        var foreign = await Links.ResolveAsync("BOB", "a-1");
        var unknownCode = await Links.ResolveAsync("NOBODY", "a-1");
        var junk = await Links.ResolveAsync("'; DROP TABLE partners; --", "../../etc");

        Assert.Equal("a-1", own?.Link?.Id);
        Assert.Equal(new PartnerId("p-b"), foreign?.Partner.Id);
        Assert.Null(foreign?.Link);
        Assert.Null(unknownCode);
        Assert.Null(junk);
    }

    private static PartnerLink NewLink(string id, string partner, Instant at) =>
        new()
        {
            Id = id,
            PartnerId = new PartnerId(partner),
            Destination = "/",
            CreatedAt = at,
        };

    private sealed class SpecClock(Instant now) : IClock
    {
        public Instant Now { get; set; } = now;

        public Instant GetCurrentInstant() => Now;
    }

    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
