using Affiliate.Tests.Support;

namespace Affiliate.Tests.Touches;

/// <summary>
/// What the minted-id hints of <see cref="ClickRequest"/> change: a visitor id made for the request reads no stored
/// count, yet the visitor's earlier clicks in the same batch still count; a click id said to be new is not looked
/// up, and were it taken the store's duplicate check still answers the replay.
/// </summary>
public sealed class MintedIdTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    [Fact]
    public async Task A_new_visitor_is_not_counted_from_the_store_but_its_clicks_in_the_batch_are()
    {
        using var host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10);
            o.Fraud.VisitorVelocity.MaxClicks = 1;
        });
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "v-1", ip: null);

        // One by one, v-1 is over its limit of one click; said to be new, the stored click is not read.
        var known = await host.Clicks.RecordAsync(Request("v-1", isNew: false));
        var minted = await host.Clicks.RecordManyAsync([Request("v-1", isNew: true), Request("v-1", isNew: true)]);

        Assert.False(known.GetValueOrThrow().Attributable);
        Assert.True(minted[0].GetValueOrThrow().Attributable);
        Assert.False(minted[1].GetValueOrThrow().Attributable);
        Assert.Equal([FraudCodes.ClickVelocityVisitor], minted[1].Value!.FraudCodes);
    }

    [Fact]
    public async Task A_click_id_said_to_be_new_but_taken_is_still_answered_as_a_replay()
    {
        using var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10));
        await host.PartnerAsync("anna");
        var first = await host.Clicks.RecordAsync(Request("v-1", isNew: false) with { ClickId = new ClickId("c-1") });

        var again = Request("v-1", isNew: false) with { ClickId = new ClickId("c-1"), ClickIdIsNew = true };
        var one = await host.Clicks.RecordAsync(again);
        var many = await host.Clicks.RecordManyAsync([again]);

        Assert.True(one.AlreadyRecorded);
        Assert.True(many[0].AlreadyRecorded);
        Assert.Equal(first.Value!.Id, many[0].Value!.Id);
    }

    private static ClickRequest Request(string visitor, bool isNew) =>
        new()
        {
            ReferralCode = "ANNA10",
            VisitorId = visitor,
            VisitorIsNew = isNew,
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            OccurredAt = Start,
        };
}
