using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

public sealed class PricingErrorTests
{
    private static readonly CommissionPlan TenPercent = Plan(Percent(10));
    private static readonly Partner Seller = Partner("seller");

    private static string? Code(ConversionFacts conversion, Partner? seller = null) =>
        Price(TenPercent, conversion, seller ?? Seller).Error?.Code;

    [Fact]
    public void A_conversion_in_another_currency_is_refused_with_a_stable_code()
    {
        var result = Price(TenPercent, Sale(100m, currency: "USD"), Seller);

        Assert.Equal(PricingErrorCodes.CurrencyMismatch, result.Error!.Code);
        Assert.Contains("Convert it to EUR", result.Error.Message, StringComparison.Ordinal);
        Assert.Empty(result.Lines);
    }

    [Fact]
    public void Inconsistent_facts_are_refused()
    {
        var at = Instant.FromUtc(2026, 6, 1, 0, 0);
        var item = new LineItem { ProductId = "x", UnitPrice = Eur(10m) };
        ConversionFacts Facts() =>
            new()
            {
                Id = new ConversionId("o"),
                OccurredAt = at,
                Items = [item],
            };

        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Sale(-1m)));
        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Facts() with { Amount = Eur(10m) }));
        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Facts() with { Items = [item with { Quantity = 0 }] }));
        Assert.Equal(
            PricingErrorCodes.InvalidConversion,
            Code(Facts() with { Items = [item with { Discount = Eur(11m) }] })
        );
        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Facts() with { OrderDiscount = Eur(10.01m) }));
        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Facts() with { OrderDiscount = Eur(1.005m) }));
        Assert.Equal(
            PricingErrorCodes.InvalidConversion,
            Code(new ConversionFacts { Id = new ConversionId("o"), OccurredAt = at })
        );
        Assert.Equal(PricingErrorCodes.InvalidConversion, Code(Sale(10m) with { Kind = ConversionKind.Renewal }));
        Assert.Equal(
            PricingErrorCodes.InvalidConversion,
            Code(Sale(10m) with { Subscription = new("s", 1, at + Duration.FromDays(1)) })
        );
        Assert.Equal(
            PricingErrorCodes.InvalidConversion,
            Code(
                new ConversionFacts
                {
                    Id = new ConversionId("o"),
                    OccurredAt = at,
                    Kind = ConversionKind.Custom,
                }
            )
        );
        Assert.Equal(PricingErrorCodes.CurrencyMismatch, Code(Facts() with { Shipping = Money.Of(1m, "USD") }));
    }

    [Fact]
    public void A_partner_who_is_not_active_does_not_earn()
    {
        foreach (var status in new[] { PartnerStatus.Pending, PartnerStatus.Suspended, PartnerStatus.Terminated })
        {
            Assert.Equal(PricingErrorCodes.PartnerNotActive, Code(Sale(100m), Seller with { Status = status }));
        }
    }

    [Fact]
    public void A_conversion_no_rule_matches_succeeds_with_no_lines()
    {
        var booksOnly = Plan(
            new CommissionRule
            {
                Id = "books",
                Rate = CommissionRate.Percent(10),
                When = new() { Categories = ["books"] },
            }
        );

        var result = Price(booksOnly, Sale(100m), Seller);

        Assert.True(result.Succeeded);
        Assert.False(result.Commissionable);
        Assert.Empty(result.Lines);
    }
}
