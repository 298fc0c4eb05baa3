using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Partners;

public sealed class PartnerManagementTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);
    private readonly AffiliateHost _host = new(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

    private PartnerDirectory Partners => _host.Partners;

    private async Task<IReadOnlyList<AffiliateEvent>> EventsAsync() =>
        await _host.Store.PendingAsync(int.MaxValue, default);

    private async Task<Partner> PendingAsync(string id, string? sponsorCode = null) =>
        (
            await Partners.RegisterAsync(
                new PartnerApplication
                {
                    Id = new PartnerId(id),
                    Name = id,
                    ReferralCodes = [id.ToUpperInvariant() + "10"],
                    SponsorCode = sponsorCode,
                }
            )
        ).GetValueOrThrow();

    private async Task<Partner> InStatusAsync(string id, PartnerStatus status)
    {
        var partner = await PendingAsync(id);
        var path = status switch
        {
            PartnerStatus.Pending => [],
            PartnerStatus.Active => [PartnerStatus.Active],
            PartnerStatus.Suspended => [PartnerStatus.Active, PartnerStatus.Suspended],
            PartnerStatus.Terminated => [PartnerStatus.Terminated],
            _ => new[] { PartnerStatus.Declined },
        };
        foreach (var step in path)
        {
            partner = (await Partners.ChangeStatusAsync(partner.Id, step)).GetValueOrThrow();
        }

        return partner;
    }

    private static Func<PartnerDirectory, PartnerId, ValueTask<AffiliateResult<Partner>>> Operation(string name) =>
        name switch
        {
            "approve" => (d, id) => d.ApproveAsync(id, "ok"),
            "decline" => (d, id) => d.DeclineAsync(id, "not a fit"),
            "suspend" => (d, id) => d.SuspendAsync(id, "review"),
            "reactivate" => (d, id) => d.ReactivateAsync(id, "cleared"),
            _ => (d, id) => d.TerminateAsync(id, "fraud"),
        };

    // ---- Status moves ---------------------------------------------------------------------------------------------

    /// <summary>Every operation from every status: the new status, "same" (a replay), or null (refused).</summary>
    public static TheoryData<string, PartnerStatus, PartnerStatus?, bool> Moves =>
        new()
        {
            { "approve", PartnerStatus.Pending, PartnerStatus.Active, false },
            { "approve", PartnerStatus.Active, PartnerStatus.Active, true },
            { "approve", PartnerStatus.Suspended, null, false },
            { "approve", PartnerStatus.Terminated, null, false },
            { "approve", PartnerStatus.Declined, null, false },
            { "decline", PartnerStatus.Pending, PartnerStatus.Declined, false },
            { "decline", PartnerStatus.Active, null, false },
            { "decline", PartnerStatus.Suspended, null, false },
            { "decline", PartnerStatus.Terminated, null, false },
            { "decline", PartnerStatus.Declined, PartnerStatus.Declined, true },
            { "suspend", PartnerStatus.Pending, null, false },
            { "suspend", PartnerStatus.Active, PartnerStatus.Suspended, false },
            { "suspend", PartnerStatus.Suspended, PartnerStatus.Suspended, true },
            { "suspend", PartnerStatus.Terminated, null, false },
            { "suspend", PartnerStatus.Declined, null, false },
            { "reactivate", PartnerStatus.Pending, null, false },
            { "reactivate", PartnerStatus.Active, PartnerStatus.Active, true },
            { "reactivate", PartnerStatus.Suspended, PartnerStatus.Active, false },
            { "reactivate", PartnerStatus.Terminated, null, false },
            { "reactivate", PartnerStatus.Declined, null, false },
            { "terminate", PartnerStatus.Pending, PartnerStatus.Terminated, false },
            { "terminate", PartnerStatus.Active, PartnerStatus.Terminated, false },
            { "terminate", PartnerStatus.Suspended, PartnerStatus.Terminated, false },
            { "terminate", PartnerStatus.Terminated, PartnerStatus.Terminated, true },
            { "terminate", PartnerStatus.Declined, null, false },
        };

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task Every_status_move_is_allowed_replayed_or_refused_as_documented(
        string operation,
        PartnerStatus from,
        PartnerStatus? to,
        bool replay
    )
    {
        var partner = await InStatusAsync("anna", from);
        var events = (await EventsAsync()).Count;

        var result = await Operation(operation)(Partners, partner.Id);

        var stored = await Partners.FindAsync(partner.Id);
        if (to is null)
        {
            Assert.Equal(AffiliateErrorCodes.InvalidStateTransition, result.Error?.Code);
            Assert.Equal((from, partner.Version), (stored!.Status, stored.Version));
            Assert.Equal(events, (await EventsAsync()).Count);
            return;
        }

        Assert.True(result.Succeeded, result.ToString());
        Assert.Equal(replay, result.AlreadyRecorded);
        Assert.Equal(to, stored!.Status);
        if (replay)
        {
            Assert.Equal(partner.Version, stored.Version);
            Assert.Equal(events, (await EventsAsync()).Count);
        }
        else
        {
            var changed = Assert.IsType<PartnerStatusChanged>((await EventsAsync())[^1]);
            Assert.Equal((from, to.Value), (changed.From, changed.To));
            Assert.False(string.IsNullOrEmpty(changed.Reason));
        }
    }

    [Fact]
    public void A_terminated_or_declined_partner_never_moves_again()
    {
        foreach (var to in Enum.GetValues<PartnerStatus>())
        {
            Assert.False(Partner.IsAllowedTransition(PartnerStatus.Terminated, to));
            Assert.False(Partner.IsAllowedTransition(PartnerStatus.Declined, to));
        }

        Assert.True(Partner.IsAllowedTransition(PartnerStatus.Pending, PartnerStatus.Declined));
        Assert.False(Partner.IsAllowedTransition(PartnerStatus.Active, PartnerStatus.Declined));
    }

    [Fact]
    public async Task A_status_move_with_a_stale_version_is_partner_changed_and_writes_nothing()
    {
        var partner = await PendingAsync("anna");
        await Partners.AddReferralCodeAsync(partner.Id, "ANNA-EXTRA");
        var events = (await EventsAsync()).Count;

        var result = await Partners.ApproveAsync(partner.Id, "ok", expectedVersion: partner.Version);

        Assert.Equal(AffiliateErrorCodes.PartnerChanged, result.Error?.Code);
        Assert.Equal(PartnerStatus.Pending, (await Partners.FindAsync(partner.Id))!.Status);
        Assert.Equal(events, (await EventsAsync()).Count);
        Assert.True((await Partners.ApproveAsync(partner.Id, "ok", expectedVersion: partner.Version + 1)).Succeeded);
    }

    // ---- Registration replay ----------------------------------------------------------------------------------------

    [Fact]
    public async Task Registering_the_same_id_with_the_same_application_is_a_replay_and_other_content_partner_exists()
    {
        var application = new PartnerApplication
        {
            Id = new PartnerId("anna"),
            Name = "Anna",
            Email = "anna@example.org",
            ReferralCodes = ["ANNA10", "anna-extra"],
            Segment = PartnerSegment.Influencer,
        };
        var first = (await Partners.RegisterAsync(application)).GetValueOrThrow();
        await Partners.ApproveAsync(first.Id);
        var events = (await EventsAsync()).Count;

        var replay = await Partners.RegisterAsync(application with { ReferralCodes = ["anna-EXTRA", "anna10"] });
        var other = await Partners.RegisterAsync(application with { Name = "Anna B." });
        var otherCodes = await Partners.RegisterAsync(application with { ReferralCodes = ["ANNA10"] });

        Assert.True(replay.Succeeded && replay.AlreadyRecorded, replay.ToString());
        Assert.Equal(PartnerStatus.Active, replay.Value!.Status);
        Assert.Equal(AffiliateErrorCodes.PartnerExists, other.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.PartnerExists, otherCodes.Error?.Code);
        Assert.Equal("Anna", (await Partners.FindAsync(first.Id))!.Name);
        Assert.Equal(events, (await EventsAsync()).Count);
    }

    // ---- Profile ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Updating_the_profile_writes_it_with_an_event_naming_the_changed_fields()
    {
        var anna = await _host.PartnerAsync("anna", email: "anna@example.org");
        var profile = PartnerProfile.Of(anna) with
        {
            Name = "  Anna Reviews ",
            Segment = PartnerSegment.ReviewSite,
            PayoutCurrency = Currency.USD,
            PayoutThreshold = Money.Of(75m, "USD"),
        };

        var result = await Partners.UpdateProfileAsync(anna.Id, profile, anna.Version);

        var updated = result.GetValueOrThrow();
        Assert.Equal(anna.Version + 1, updated.Version);
        var stored = (await Partners.FindAsync(anna.Id))!;
        Assert.Equal(
            ("Anna Reviews", "anna@example.org", PartnerSegment.ReviewSite),
            (stored.Name, stored.Email, stored.Segment!.Value)
        );
        Assert.Equal(
            (Currency.USD, Money.Of(75m, "USD")),
            (stored.PayoutCurrency!.Value, stored.PayoutThreshold!.Value)
        );
        var changed = Assert.IsType<PartnerUpdated>((await EventsAsync())[^1]);
        Assert.Equal(["Name", "Segment", "PayoutCurrency", "PayoutThreshold"], changed.Changed);

        var again = await Partners.UpdateProfileAsync(anna.Id, profile, anna.Version);
        Assert.True(again.Succeeded && again.AlreadyRecorded, again.ToString());
        Assert.Equal(updated.Version, (await Partners.FindAsync(anna.Id))!.Version);
    }

    [Fact]
    public async Task A_profile_update_against_a_stale_version_is_partner_changed()
    {
        var anna = await _host.PartnerAsync("anna");
        await Partners.SuspendAsync(anna.Id, "review");

        var result = await Partners.UpdateProfileAsync(
            anna.Id,
            PartnerProfile.Of(anna) with
            {
                Name = "Anna B.",
            },
            anna.Version
        );

        Assert.Equal(AffiliateErrorCodes.PartnerChanged, result.Error?.Code);
        Assert.Equal("anna", (await Partners.FindAsync(anna.Id))!.Name);
    }

    public static TheoryData<string, string> BadProfiles =>
        new()
        {
            { "empty name", AffiliateErrorCodes.InvalidRequest },
            { "blank name", AffiliateErrorCodes.InvalidRequest },
            { "long name", AffiliateErrorCodes.InvalidRequest },
            { "long email", AffiliateErrorCodes.InvalidRequest },
            { "control", AffiliateErrorCodes.InvalidRequest },
            { "nul email", AffiliateErrorCodes.InvalidRequest },
            { "long segment", AffiliateErrorCodes.InvalidRequest },
            { "negative threshold", AffiliateErrorCodes.InvalidRequest },
            { "threshold currency", AffiliateErrorCodes.CurrencyMismatch },
            { "default currency", AffiliateErrorCodes.InvalidRequest },
        };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_profile_is_answered_with_a_code_and_writes_nothing(string bad, string code)
    {
        var anna = await _host.PartnerAsync("anna");
        var events = (await EventsAsync()).Count;
        var profile = PartnerProfile.Of(anna);
        profile = bad switch
        {
            "empty name" => profile with { Name = "" },
            "blank name" => profile with { Name = " \t " },
            "long name" => profile with { Name = new string('a', PartnerProfile.MaxNameLength + 1) },
            "long email" => profile with { Email = new string('a', 250) + "@example.org" },
            "control" => profile with { Name = "Anna\u0007" },
            "nul email" => profile with { Email = "anna\0@example.org" },
            "long segment" => profile with { Segment = new PartnerSegment(new string('s', 65)) },
            "negative threshold" => profile with { PayoutThreshold = Money.Of(-1m, "EUR") },
            "threshold currency" => profile with
            {
                PayoutCurrency = Currency.USD,
                PayoutThreshold = Money.Of(10m, "EUR"),
            },
            _ => profile with { PayoutCurrency = default(Currency) },
        };

        var result = await Partners.UpdateProfileAsync(anna.Id, profile);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(anna, await Partners.FindAsync(anna.Id));
        Assert.Equal(events, (await EventsAsync()).Count);
    }

    [Fact]
    public async Task An_unknown_partner_is_answered_with_unknown_partner_by_every_operation()
    {
        var nobody = new PartnerId("nobody");
        var profile = new PartnerProfile { Name = "Nobody" };

        AffiliateResult<Partner>[] results =
        [
            await Partners.UpdateProfileAsync(nobody, profile),
            await Partners.ChangeSponsorAsync(nobody, null),
            await Partners.ApproveAsync(nobody),
            await Partners.DeclineAsync(nobody),
            await Partners.SuspendAsync(nobody),
            await Partners.ReactivateAsync(nobody),
            await Partners.TerminateAsync(nobody),
        ];

        Assert.All(results, r => Assert.Equal(AffiliateErrorCodes.UnknownPartner, r.Error?.Code));
        Assert.Empty(await EventsAsync());
        // A default id passed as an argument is a programming error, as everywhere in the library.
        await Assert.ThrowsAsync<ArgumentException>(async () => await Partners.ApproveAsync(default(PartnerId)));
    }

    [Fact]
    public async Task Bad_registrations_and_reasons_are_answered_with_codes_and_write_nothing()
    {
        var anna = await _host.PartnerAsync("anna");
        var events = (await EventsAsync()).Count;

        var longName = await Partners.RegisterAsync(new PartnerApplication { Name = new string('x', 201) });
        var longEmail = await Partners.RegisterAsync(
            new PartnerApplication { Name = "B", Email = new string('e', 255) }
        );
        var longReason = await Partners.SuspendAsync(anna.Id, new string('r', PartnerProfile.MaxReasonLength + 1));
        var nulReason = await Partners.TerminateAsync(anna.Id, "fraud\0");

        Assert.All([longName, longEmail, longReason, nulReason], r =>
            Assert.Equal(AffiliateErrorCodes.InvalidRequest, r.Error?.Code)
        );
        Assert.Equal(anna, await Partners.FindAsync(anna.Id));
        Assert.Equal(events, (await EventsAsync()).Count);
        Assert.Single(await _host.Store.QueryAsync(new PartnerQuery(), default));
    }

    // ---- Sponsor ----------------------------------------------------------------------------------------------------

    /// <summary>A chain top, p1, p2... where each partner sponsors the next; returns them top first.</summary>
    private async Task<Partner[]> ChainAsync(int length)
    {
        var chain = new List<Partner> { await _host.PartnerAsync("top") };
        for (var i = 1; i < length; i++)
        {
            chain.Add(await _host.PartnerAsync($"p{i}", sponsorCode: chain[^1].Id.Value.ToUpperInvariant() + "10"));
        }

        return [.. chain];
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public async Task A_partner_in_the_downline_at_any_depth_cannot_become_the_sponsor(int depth)
    {
        var chain = await ChainAsync(depth + 1);
        var top = chain[0];
        var below = chain[depth];
        var events = (await EventsAsync()).Count;

        var result = await Partners.ChangeSponsorAsync(top.Id, below.Id, "loop");

        Assert.Equal(AffiliateErrorCodes.SponsorCycle, result.Error?.Code);
        Assert.Contains($"{depth} level(s)", result.Error!.Description, StringComparison.Ordinal);
        Assert.Null((await Partners.FindAsync(top.Id))!.SponsorId);
        Assert.Equal(events, (await EventsAsync()).Count);
    }

    [Fact]
    public async Task A_partner_cannot_sponsor_itself_nor_take_an_unknown_sponsor()
    {
        var anna = await _host.PartnerAsync("anna");

        var self = await Partners.ChangeSponsorAsync(anna.Id, anna.Id);
        var unknown = await Partners.ChangeSponsorAsync(anna.Id, new PartnerId("ghost"));
        var empty = await Partners.ChangeSponsorAsync(anna.Id, default(PartnerId));

        Assert.Equal(AffiliateErrorCodes.SponsorCycle, self.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.UnknownPartner, unknown.Error?.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, empty.Error?.Code);
        Assert.Equal(anna, await Partners.FindAsync(anna.Id));
    }

    [Fact]
    public async Task Moving_a_partner_under_another_branch_writes_the_sponsor_with_an_event_and_removing_it_too()
    {
        var chain = await ChainAsync(3);
        var ben = await _host.PartnerAsync("ben");
        var moved = chain[2];

        var result = await Partners.ChangeSponsorAsync(moved.Id, ben.Id, "moved team", moved.Version);

        Assert.Equal(ben.Id, result.GetValueOrThrow().SponsorId);
        var changed = Assert.IsType<PartnerSponsorChanged>((await EventsAsync())[^1]);
        Assert.Equal((chain[1].Id, ben.Id, "moved team"), (changed.From!.Value, changed.To!.Value, changed.Reason));

        var again = await Partners.ChangeSponsorAsync(moved.Id, ben.Id);
        Assert.True(again.AlreadyRecorded);

        // The moved partner's old sponsor is still below the top, so the top cannot go under it...
        var loop = await Partners.ChangeSponsorAsync(chain[0].Id, chain[1].Id);
        Assert.Equal(AffiliateErrorCodes.SponsorCycle, loop.Error?.Code);
        // ...but it may go under the moved partner, who left the top's downline for ben's.
        Assert.True((await Partners.ChangeSponsorAsync(chain[0].Id, moved.Id)).Succeeded);

        var removed = await Partners.ChangeSponsorAsync(chain[0].Id, null, "independent");
        Assert.Null(removed.GetValueOrThrow().SponsorId);
        Assert.Null(Assert.IsType<PartnerSponsorChanged>((await EventsAsync())[^1]).To);
    }

    // ---- List -------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task The_partner_list_of_the_read_side_pages_newest_first_and_filters_by_status()
    {
        foreach (var id in new[] { "a", "b", "c" })
        {
            await PendingAsync(id);
            _host.Clock.Advance(Duration.FromMinutes(1));
        }

        await Partners.ApproveAsync(new PartnerId("b"));

        var lists = _host.Services.GetRequiredService<AffiliateLists>();
        var all = new PartnerListFilter();
        var first = (await lists.PartnersAsync(all, new PageRequest { Size = 2 })).GetValueOrThrow();
        var second = (
            await lists.PartnersAsync(all, new PageRequest { Size = 2, Cursor = first.NextCursor })
        ).GetValueOrThrow();
        var pending = (
            await lists.PartnersAsync(new PartnerListFilter { Status = PartnerStatus.Pending }, new())
        ).GetValueOrThrow();
        var bad = await lists.PartnersAsync(new PartnerListFilter(), new PageRequest { Cursor = "not-a-cursor" });

        Assert.Equal(["c", "b", "a"], first.Items.Concat(second.Items).Select(p => p.Id.Value));
        Assert.Equal(["c", "a"], pending.Items.Select(p => p.Id.Value));
        Assert.Equal(AffiliateErrorCodes.InvalidCursor, bad.Error?.Code);
    }

    public void Dispose() => _host.Dispose();
}
