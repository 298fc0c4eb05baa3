using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IPartnerStore"/> must do: idempotent creation, unique referral codes ignoring case, versions.
/// </summary>
public abstract partial class PartnerStoreSpecification : StoreSpecification
{
    [Fact]
    public async Task A_created_partner_comes_back_with_every_property_and_version_1()
    {
        var full = FullPartner();
        var minimal = MinimalPartner();

        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Partners.CreateAsync(full, [RegisteredEvent(full)], None)).Status
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Partners.CreateAsync(minimal with { Version = 42 }, [], None)).Status
        );

        SpecAssert.Equivalent(full with { Version = 1 }, await Stores.Partners.FindAsync(full.Id, None));
        SpecAssert.Equivalent(minimal with { Version = 1 }, await Stores.Partners.FindAsync(minimal.Id, None));
        Assert.Null(await Stores.Partners.FindAsync(new PartnerId("p-unknown"), None));
    }

    [Fact]
    public async Task Creating_a_partner_with_an_existing_id_is_a_duplicate_and_the_first_stays()
    {
        var first = NewPartner("p-1", "FIRST");
        await Stores.Partners.CreateAsync(first, [RegisteredEvent(first)], None);
        var pending = await PendingEventIdsAsync();

        var second = NewPartner("p-1", "SECOND") with { Name = "Someone else" };
        var result = await Stores.Partners.CreateAsync(second, [RegisteredEvent(second)], None);

        Assert.Equal(StoreWriteStatus.Duplicate, result.Status);
        SpecAssert.Equivalent(first with { Version = 1 }, await Stores.Partners.FindAsync(first.Id, None));
        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("SECOND"), None));
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Referral_codes_are_unique_across_partners_ignoring_case()
    {
        await Stores.Partners.CreateAsync(NewPartner("p-1", "AnnaTen"), [], None);
        var pending = await PendingEventIdsAsync();

        var taker = NewPartner("p-2", "other", "annaTEN");
        var result = await Stores.Partners.CreateAsync(taker, [RegisteredEvent(taker)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Partners.FindAsync(taker.Id, None));
        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("OTHER"), None));
        Assert.Equal(
            new PartnerId("p-1"),
            (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("annaten"), None))?.Id
        );
        Assert.Equal(pending, await PendingEventIdsAsync());
    }

    [Theory]
    [InlineData("AnnaTen")]
    [InlineData("annaten")]
    [InlineData("ANNATEN")]
    public async Task Find_by_referral_code_ignores_case_and_keeps_the_spelling(string asked)
    {
        var partner = NewPartner("p-1", "AnnaTen", "second-code");
        await Stores.Partners.CreateAsync(partner, [], None);
        await Stores.Partners.CreateAsync(NewPartner("p-2", "BobTen"), [], None);

        var found = await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse(asked), None);

        SpecAssert.Equivalent(partner with { Version = 1 }, found);
        Assert.Equal("AnnaTen", found!.ReferralCodes[0].Value);
        Assert.Equal(
            partner.Id,
            (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("SECOND-CODE"), None))?.Id
        );
        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("AnnaEleven"), None));
    }

    [Fact]
    public async Task An_update_with_the_expected_version_bumps_it_by_one_and_writes_its_events()
    {
        var partner = NewPartner("p-1", "ANNA");
        await Stores.Partners.CreateAsync(partner, [], None);
        var approved = FullPartner("p-1") with { Status = PartnerStatus.Active };
        var changed = new PartnerStatusChanged(partner.Id, PartnerStatus.Pending, PartnerStatus.Active, "approved")
        {
            EventId = NextEventId(),
            OccurredAt = At(5),
            ProgramId = Program,
        };

        var first = await Stores.Partners.UpdateAsync(Expect(approved, 1), [changed], None);
        var second = await Stores.Partners.UpdateAsync(Expect(approved with { Name = "Anna" }, 2), [], None);

        Assert.Equal(StoreWriteStatus.Written, first.Status);
        Assert.Equal(StoreWriteStatus.Written, second.Status);
        SpecAssert.Equivalent(
            approved with
            {
                Name = "Anna",
                Version = 3,
            },
            await Stores.Partners.FindAsync(partner.Id, None)
        );
        Assert.Equal([changed.EventId], await PendingEventIdsAsync());
    }

    [Fact]
    public async Task An_update_with_a_stale_version_is_a_conflict_and_changes_nothing()
    {
        var partner = NewPartner("p-1", "ANNA");
        await Stores.Partners.CreateAsync(partner, [], None);
        await Stores.Partners.UpdateAsync(Expect(partner with { Name = "Anna v2" }, 1), [], None);

        var stale = partner with { Name = "Anna stale", ReferralCodes = [ReferralCode.Parse("STALE")] };
        var result = await Stores.Partners.UpdateAsync(Expect(stale, 1), [RegisteredEvent(stale)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        SpecAssert.Equivalent(
            partner with
            {
                Name = "Anna v2",
                Version = 2,
            },
            await Stores.Partners.FindAsync(partner.Id, None)
        );
        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("STALE"), None));
        Assert.Empty(await PendingEventIdsAsync());
    }

    [Fact]
    public async Task Updating_a_partner_that_does_not_exist_is_a_conflict_and_creates_nothing()
    {
        var ghost = NewPartner("p-ghost", "GHOST");

        var result = await Stores.Partners.UpdateAsync(Expect(ghost, 1), [RegisteredEvent(ghost)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Stores.Partners.FindAsync(ghost.Id, None));
        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("ghost"), None));
        Assert.Empty(await PendingEventIdsAsync());
    }

    [Fact]
    public async Task An_update_cannot_take_another_partners_code_ignoring_case()
    {
        var anna = NewPartner("p-1", "ANNA");
        var bob = NewPartner("p-2", "BOB");
        await Stores.Partners.CreateAsync(anna, [], None);
        await Stores.Partners.CreateAsync(bob, [], None);

        var grab = bob with { ReferralCodes = [ReferralCode.Parse("BOB"), ReferralCode.Parse("anna")] };
        var result = await Stores.Partners.UpdateAsync(Expect(grab, 1), [RegisteredEvent(grab)], None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        SpecAssert.Equivalent(bob with { Version = 1 }, await Stores.Partners.FindAsync(bob.Id, None));
        Assert.Equal(anna.Id, (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("Anna"), None))?.Id);
        Assert.Equal(bob.Id, (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("bob"), None))?.Id);
        Assert.Empty(await PendingEventIdsAsync());
    }

    [Fact]
    public async Task An_update_frees_the_codes_a_partner_drops_and_may_respell_its_own()
    {
        var anna = NewPartner("p-1", "anna", "OLD-CODE");
        await Stores.Partners.CreateAsync(anna, [], None);

        var respelled = anna with { ReferralCodes = [ReferralCode.Parse("ANNA")] };
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Partners.UpdateAsync(Expect(respelled, 1), [], None)).Status
        );

        Assert.Null(await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("old-code"), None));
        Assert.Equal(
            "ANNA",
            (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("anna"), None))
                ?.ReferralCodes.Single()
                .Value
        );
        Assert.Equal(
            StoreWriteStatus.Written,
            (await Stores.Partners.CreateAsync(NewPartner("p-2", "Old-Code"), [], None)).Status
        );
        Assert.Equal(
            new PartnerId("p-2"),
            (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("OLD-CODE"), None))?.Id
        );
    }

    [Fact]
    public async Task Query_filters_by_status_and_sponsor_ordered_by_id_with_skip_and_take()
    {
        // Written out of order; ids of one case and length so that ordinal and linguistic orders agree.
        var sponsor = new PartnerId("p-03");
        Partner[] partners =
        [
            NewPartner("p-05") with
            {
                SponsorId = sponsor,
            },
            NewPartner("p-01"),
            NewPartner("p-04") with
            {
                Status = PartnerStatus.Suspended,
                SponsorId = sponsor,
            },
            NewPartner("p-03"),
            NewPartner("p-02") with
            {
                SponsorId = sponsor,
            },
            NewPartner("p-06") with
            {
                Status = PartnerStatus.Pending,
            },
        ];
        foreach (var partner in partners)
        {
            await Stores.Partners.CreateAsync(partner, [], None);
        }

        async Task<string[]> Ids(PartnerQuery query) =>
            (await Stores.Partners.QueryAsync(query, None)).Select(p => p.Id.Value).ToArray();

        Assert.Equal(["p-01", "p-02", "p-03", "p-04", "p-05", "p-06"], await Ids(new PartnerQuery()));
        Assert.Equal(["p-01", "p-02", "p-03", "p-05"], await Ids(new PartnerQuery { Status = PartnerStatus.Active }));
        Assert.Equal(["p-02", "p-04", "p-05"], await Ids(new PartnerQuery { SponsorId = sponsor }));
        Assert.Equal(
            ["p-02", "p-05"],
            await Ids(new PartnerQuery { SponsorId = sponsor, Status = PartnerStatus.Active })
        );
        Assert.Equal(["p-03", "p-04"], await Ids(new PartnerQuery { Skip = 2, Take = 2 }));
        Assert.Empty(await Ids(new PartnerQuery { Skip = 6 }));
        SpecAssert.Equivalent(
            partners[0] with
            {
                Version = 1,
            },
            (await Stores.Partners.QueryAsync(new PartnerQuery { Skip = 4, Take = 1 }, None)).Single()
        );
    }

    [Fact]
    public async Task Of_partners_created_at_once_with_one_code_in_different_cases_exactly_one_is_written()
    {
        var results = await RaceAsync(10, (stores, i) =>
            stores.Partners.CreateAsync(NewPartner($"p-{i}", i % 2 == 0 ? "race" : "RACE"), [], None)
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        Assert.Equal(
            new PartnerId($"p-{winner}"),
            (await Stores.Partners.FindByReferralCodeAsync(ReferralCode.Parse("Race"), None))?.Id
        );
        Assert.Single(await Stores.Partners.QueryAsync(new PartnerQuery(), None));
    }

    [Fact]
    public async Task Of_updates_made_at_once_from_the_same_version_exactly_one_is_written()
    {
        var partner = NewPartner("p-1", "ANNA");
        await Stores.Partners.CreateAsync(partner, [], None);

        var results = await RaceAsync(10, (stores, i) =>
            stores.Partners.UpdateAsync(
                Expect(partner with { Name = $"Anna {i}" }, 1),
                [RegisteredEvent(partner)],
                None
            )
        );

        var winner = AssertExactlyOneWritten(results, StoreWriteStatus.Conflict);
        var stored = await Stores.Partners.FindAsync(partner.Id, None);
        Assert.Equal($"Anna {winner}", stored?.Name);
        Assert.Equal(2, stored?.Version);
        Assert.Single(await PendingEventIdsAsync());
    }
}
