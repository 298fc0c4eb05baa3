using Affiliate.Tests.Support;

namespace Affiliate.Tests.Scenarios;

/// <summary>
/// S6 and S8 of SCENARIOS.md, end to end: clicks and orders through the services, the ledger asserted.
/// </summary>
public sealed class AttributionScenarios
{
    private static readonly Instant June1 = Instant.FromUtc(2026, 6, 1, 0, 0);

    private static AffiliateHost Host(AttributionModel model = AttributionModel.LastClick) => new(June1, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.AttributionWindow = Duration.FromDays(30);
            o.AttributionModel = model;
            o.Fraud.ClickToConversion.Enabled = false;
        });

    [Fact]
    public async Task S6_a_click_credits_an_order_on_the_last_minute_of_the_window()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "visitor-1");

        host.Clock.Now = Instant.FromUtc(2026, 6, 30, 23, 59);
        var inside = (await host.SaleAsync("order-1", 100m, "visitor-1")).GetValueOrThrow();

        Assert.Equal(ConversionStatus.Attributed, inside.Conversion.Status);
        Assert.Equal(10.00m, Assert.Single(inside.Lines).Amount.Amount);
    }

    [Fact]
    public async Task S6_the_same_click_does_not_credit_an_order_when_the_window_has_closed()
    {
        using var host = Host();
        await host.PartnerAsync("anna");
        await host.ClickAsync("ANNA10", "visitor-1");

        host.Clock.Now = Instant.FromUtc(2026, 7, 1, 0, 0);
        var outside = (await host.SaleAsync("order-2", 100m, "visitor-1")).GetValueOrThrow();

        Assert.Equal(ConversionStatus.NotAttributed, outside.Conversion.Status);
        Assert.Empty(outside.Lines);
    }

    [Theory]
    [InlineData(AttributionModel.LastClick, "b")]
    [InlineData(AttributionModel.FirstClick, "a")]
    public async Task S6_clicks_from_A_on_day_1_and_B_on_day_5_credit_by_the_model(
        AttributionModel model,
        string credited
    )
    {
        using var host = Host(model);
        await host.PartnerAsync("a");
        await host.PartnerAsync("b");
        await host.ClickAsync("A10", "visitor-1");
        host.Clock.Now = June1 + Duration.FromDays(4);
        await host.ClickAsync("B10", "visitor-1");
        host.Clock.Now = June1 + Duration.FromDays(5);

        var outcome = (await host.SaleAsync("order-1", 100m, "visitor-1")).GetValueOrThrow();

        var line = Assert.Single(outcome.Lines);
        Assert.Equal(new PartnerId(credited), line.PartnerId);
        Assert.Equal(10.00m, line.Amount.Amount);
    }

    [Fact]
    public async Task S8_another_partners_coupon_beats_the_link_and_commission_is_on_the_subtotal_after_discount()
    {
        using var host = Host();
        await host.PartnerAsync("a");
        await host.PartnerAsync("b");
        await host.ClickAsync("A10", "visitor-1");
        host.Clock.Advance(Duration.FromHours(2));

        var outcome = (
            await host.SaleAsync("order-1", 100m, "visitor-1", coupon: "B10", discount: 10m)
        ).GetValueOrThrow();

        var line = Assert.Single(outcome.Lines);
        Assert.Equal((new PartnerId("b"), 9.00m), (line.PartnerId, line.Amount.Amount));
        Assert.Equal(AttributionReason.Coupon, outcome.Conversion.AttributionReason);
    }

    [Fact]
    public async Task S8_a_partners_own_coupon_after_their_own_link_credits_them_once()
    {
        using var host = Host();
        await host.PartnerAsync("a");
        await host.ClickAsync("A10", "visitor-1");
        host.Clock.Advance(Duration.FromHours(2));

        var outcome = (
            await host.SaleAsync("order-1", 100m, "visitor-1", coupon: "a10", discount: 10m)
        ).GetValueOrThrow();

        var line = Assert.Single(outcome.Lines);
        Assert.Equal((new PartnerId("a"), 9.00m), (line.PartnerId, line.Amount.Amount));
        Assert.Single(outcome.Conversion.Shares);
    }

    [Fact]
    public async Task S9_a_linear_commission_of_ten_euros_is_shared_3_34_3_33_3_33()
    {
        using var host = Host(AttributionModel.Linear);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await host.PartnerAsync(id);
            await host.ClickAsync(id.ToUpperInvariant() + "10", "visitor-1");
            host.Clock.Advance(Duration.FromHours(1));
        }

        var outcome = (await host.SaleAsync("order-1", 100m, "visitor-1")).GetValueOrThrow();

        Assert.Equal([3.34m, 3.33m, 3.33m], outcome.Lines.Select(l => l.Amount.Amount));
        Assert.All(outcome.Lines, l =>
            Assert.Contains("share of 33.33% under Linear attribution", l.Explanation, StringComparison.Ordinal)
        );
        Assert.All(outcome.Lines, l => Assert.Equal(l.Amount, l.Details!.Amount));
    }
}
