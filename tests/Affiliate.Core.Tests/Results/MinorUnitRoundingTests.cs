using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Results;

/// <summary>
/// One rule for sales and refunds: amounts finer than the currency's minor unit are rounded by the plan's rounding
/// before pricing, so what is priced is what is stored.
/// </summary>
public sealed class MinorUnitRoundingTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 10, 12, 0);

    private static AffiliateHost Host(MidpointRounding rounding) => new(Start, o =>
        {
            o.DefaultCurrency = "BHD";
            o.Plan = new CommissionPlan
            {
                Id = new PlanId("plan"),
                Name = "Dinar",
                Currency = Currency.FromCode("BHD"),
                Versions =
                [
                    new PlanVersion
                    {
                        Number = 1,
                        EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                        Rounding = rounding,
                        Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(10) }],
                    },
                ],
            };
        });

    private static async Task<ConversionOutcome> SellAsync(AffiliateHost host, ConversionFacts facts)
    {
        (
            await host
                .Services.GetRequiredService<PartnerDirectory>()
                .RegisterAsync(
                    new PartnerApplication
                    {
                        Id = new PartnerId("anna"),
                        Name = "Anna",
                        ReferralCodes = ["ANNA"],
                        AutoApprove = true,
                    }
                )
        ).GetValueOrThrow();
        return (
            await host
                .Services.GetRequiredService<ConversionRecorder>()
                .RecordAsync(new ConversionRequest { Facts = facts, ReferralCode = "ANNA" })
        ).GetValueOrThrow();
    }

    [Theory]
    [InlineData(MidpointRounding.AwayFromZero, 1.235, 0.124)]
    [InlineData(MidpointRounding.ToZero, 1.234, 0.123)]
    public async Task A_sale_finer_than_the_minor_unit_is_priced_on_the_rounded_amount_it_is_stored_with(
        MidpointRounding rounding,
        double stored,
        double commission
    )
    {
        using var host = Host(rounding);
        var sale = await SellAsync(
            host,
            ConversionFacts.Sale(new ConversionId("order-1"), Start, Money.Of(1.2345m, "BHD"))
        );

        Assert.Equal(Money.Of((decimal)stored, "BHD"), sale.Conversion.Amount);
        Assert.Equal(Money.Of((decimal)commission, "BHD"), Assert.Single(sale.Lines).Amount);
    }

    [Fact]
    public async Task Item_prices_discounts_and_shipping_are_rounded_the_same_way()
    {
        using var host = Host(MidpointRounding.AwayFromZero);
        var sale = await SellAsync(
            host,
            new ConversionFacts
            {
                Id = new ConversionId("order-2"),
                OccurredAt = Start,
                Items =
                [
                    new LineItem
                    {
                        ProductId = "a",
                        UnitPrice = Money.Of(0.3335m, "BHD"),
                        Quantity = 3,
                        Discount = Money.Of(0.0004m, "BHD"),
                    },
                ],
                Shipping = Money.Of(0.0005m, "BHD"),
            }
        );

        // 0.3335 -> 0.334 per unit, 3 units = 1.002; the discount rounds to nothing.
        Assert.Equal(Money.Of(1.002m, "BHD"), sale.Conversion.Amount);
        Assert.Equal(Money.Of(0.100m, "BHD"), Assert.Single(sale.Lines).Amount);
    }

    [Fact]
    public async Task A_refund_finer_than_the_minor_unit_is_rounded_before_it_is_compared_and_recorded()
    {
        using var host = Host(MidpointRounding.AwayFromZero);
        await SellAsync(host, ConversionFacts.Sale(new ConversionId("order-3"), Start, Money.Of(10m, "BHD")));
        var recorder = host.Services.GetRequiredService<ConversionRecorder>();
        var request = new RefundRequest
        {
            ConversionId = new ConversionId("order-3"),
            RefundId = "refund-1",
            Amount = Money.Of(2.0005m, "BHD"),
        };

        var refund = (await recorder.RefundAsync(request)).GetValueOrThrow();
        Assert.Equal(Money.Of(2.001m, "BHD"), refund.Refund.Amount);
        Assert.Equal(Money.Of(2.001m, "BHD"), refund.Conversion.Refunded);

        // The same request again is a replay: its amount is compared rounded, as it was recorded.
        var again = await recorder.RefundAsync(request);
        Assert.True(again.AlreadyRecorded, again.ToString());

        // A refund that rounds to nothing is refused.
        var nothing = await recorder.RefundAsync(
            request with
            {
                RefundId = "refund-2",
                Amount = Money.Of(0.0004m, "BHD"),
            }
        );
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, nothing.Error?.Code);
    }
}
