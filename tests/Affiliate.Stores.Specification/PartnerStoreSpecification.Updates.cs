using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>What partner management writes: profiles, sponsors and every status round-trip through an update.</summary>
public abstract partial class PartnerStoreSpecification
{
    [Fact]
    public async Task An_updated_profile_and_sponsor_come_back_and_cleared_fields_stay_cleared()
    {
        var full = FullPartner();
        await Stores.Partners.CreateAsync(full, [], None);
        var updated = full with
        {
            Name = "Anna Ł. (Reviews)",
            Email = null,
            Segment = new PartnerSegment("review-site"),
            CustomerId = null,
            PayoutCurrency = Currency.FromCode("JPY"),
            PayoutThreshold = Money.Of(5000m, "JPY"),
            SponsorId = new PartnerId("p-other-sponsor"),
        };
        AffiliateEvent[] events =
        [
            new PartnerUpdated(full.Id, ["Name", "Email"])
            {
                EventId = NextEventId(),
                OccurredAt = Precise(3),
                ProgramId = Program,
            },
            new PartnerSponsorChanged(full.Id, full.SponsorId, updated.SponsorId, "moved team")
            {
                EventId = NextEventId(),
                OccurredAt = Precise(3),
                ProgramId = Program,
            },
        ];

        var result = await Stores.Partners.UpdateAsync(Expect(updated, 1), events, None);

        Assert.Equal(StoreWriteStatus.Written, result.Status);

        SpecAssert.Equivalent(updated with { Version = 2 }, await Stores.Partners.FindAsync(full.Id, None));
        var pending = await PendingEventsAsync();
        Assert.Equal(events.Select(e => e.EventId), pending.Select(e => e.EventId));
        Assert.Equal(["Name", "Email"], Assert.IsType<PartnerUpdated>(pending[0]).Changed);
        Assert.Equal(new PartnerId("p-other-sponsor"), Assert.IsType<PartnerSponsorChanged>(pending[1]).To);

        var removed = updated with { SponsorId = null, Version = 2 };
        Assert.True((await Stores.Partners.UpdateAsync(Expect(removed, 2), [], None)).Succeeded);
        Assert.Null((await Stores.Partners.FindAsync(full.Id, None))?.SponsorId);
    }

    [Theory]
    [InlineData(PartnerStatus.Pending)]
    [InlineData(PartnerStatus.Active)]
    [InlineData(PartnerStatus.Suspended)]
    [InlineData(PartnerStatus.Terminated)]
    [InlineData(PartnerStatus.Declined)]
    public async Task Every_status_comes_back_and_filters_the_query(PartnerStatus status)
    {
        var partner = NewPartner("p-1", "ANNA") with { Status = PartnerStatus.Pending };
        await Stores.Partners.CreateAsync(partner, [], None);
        await Stores.Partners.CreateAsync(NewPartner("p-2", "BEN"), [], None);

        await Stores.Partners.UpdateAsync(Expect(partner with { Status = status }, 1), [], None);

        Assert.Equal(status, (await Stores.Partners.FindAsync(partner.Id, None))?.Status);
        var found = await Stores.Partners.QueryAsync(new PartnerQuery { Status = status }, None);
        Assert.Contains(partner.Id, found.Select(p => p.Id));
    }
}
