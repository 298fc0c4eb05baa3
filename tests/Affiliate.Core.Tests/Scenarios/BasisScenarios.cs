using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Scenarios;

/// <summary>S5 of SCENARIOS.md.</summary>
public sealed class BasisScenarios
{
    private static readonly Partner Seller = Partner("seller");

    private static ConversionFacts ThreeItemCart(
        Money? shipping = null,
        Money? tax = null,
        Money? orderDiscount = null
    ) =>
        new()
        {
            Id = new ConversionId("cart-1"),
            OccurredAt = Instant.FromUtc(2026, 6, 1, 12, 0),
            Items =
            [
                new LineItem { ProductId = "mug", UnitPrice = Eur(40m) },
                new LineItem { ProductId = "shirt", UnitPrice = Eur(40m) },
                new LineItem { ProductId = "cap", UnitPrice = Eur(40m) },
            ],
            Shipping = shipping,
            Tax = tax,
            OrderDiscount = orderDiscount,
        };

    private static decimal Earned(CommissionRate rate, ConversionFacts sale, SaleBasisOptions? basis = null)
    {
        var plan = Plan(
            Version(new CommissionRule { Id = "rule", Rate = rate }) with
            {
                Basis = basis ?? SaleBasisOptions.Default,
            }
        );
        return Price(plan, sale, Seller).TotalFor(Seller.Id, Currency.EUR).Amount;
    }

    [Fact]
    public void S5_flat_per_order_pays_once() =>
        Assert.Equal(10.00m, Earned(CommissionRate.Flat(Eur(10m)), ThreeItemCart()));

    [Fact]
    public void S5_flat_per_item_pays_for_each_item() =>
        Assert.Equal(30.00m, Earned(CommissionRate.FlatPerItem(Eur(10m)), ThreeItemCart()));

    [Fact]
    public void S5_percent_pays_on_the_subtotal() =>
        Assert.Equal(30.00m, Earned(CommissionRate.Percent(25m), ThreeItemCart()));

    [Fact]
    public void S5_flat_per_item_multiplies_by_quantity()
    {
        var oneLineOfThree = new ConversionFacts
        {
            Id = new ConversionId("cart-2"),
            OccurredAt = Instant.FromUtc(2026, 6, 1, 12, 0),
            Items =
            [
                new LineItem
                {
                    ProductId = "mug",
                    UnitPrice = Eur(40m),
                    Quantity = 3,
                },
            ],
        };

        Assert.Equal(15.00m, Earned(CommissionRate.FlatPerItem(Eur(5m)), oneLineOfThree));
    }

    [Fact]
    public void S5_shipping_and_tax_are_outside_the_basis_unless_the_plan_includes_them()
    {
        var cart = ThreeItemCart(shipping: Eur(10m), tax: Eur(20m));

        Assert.Equal(30.00m, Earned(CommissionRate.Percent(25m), cart));
        Assert.Equal(
            32.50m,
            Earned(CommissionRate.Percent(25m), cart, new SaleBasisOptions { IncludeShipping = true })
        );
        Assert.Equal(
            37.50m,
            Earned(
                CommissionRate.Percent(25m),
                cart,
                new SaleBasisOptions { IncludeShipping = true, IncludeTax = true }
            )
        );
    }

    [Fact]
    public void S5_discounts_are_subtracted_before_the_rate()
    {
        Assert.Equal(25.00m, Earned(CommissionRate.Percent(25m), ThreeItemCart(orderDiscount: Eur(20m))));

        var itemDiscount = ThreeItemCart() with
        {
            Items =
            [
                new LineItem
                {
                    ProductId = "mug",
                    UnitPrice = Eur(40m),
                    Quantity = 3,
                    Discount = Eur(12m),
                },
            ],
        };
        Assert.Equal(27.00m, Earned(CommissionRate.Percent(25m), itemDiscount));
    }
}
