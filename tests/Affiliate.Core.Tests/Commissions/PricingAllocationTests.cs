using static Affiliate.Tests.Support.TestPlans;

namespace Affiliate.Tests.Commissions;

/// <summary>
/// Pricing allocates its result and nothing else: matching rules, precedence, tier lookup, rate arithmetic and the
/// upline walk allocate nothing. Checked by counting the bytes this thread allocates for a call on a warmed-up engine
/// and for building the same objects again (so no object size is written down here); no timing.
/// </summary>
public sealed class PricingAllocationTests
{
    private static readonly Instant At = Instant.FromUtc(2026, 6, 20, 12, 0);

    private static CommissionRule Books { get; } =
        new()
        {
            Id = "books",
            Rate = CommissionRate.Percent(5),
            When = new() { Categories = ["books"] },
        };

    [Fact]
    public void Pricing_a_sale_under_a_three_level_tiered_plan_allocates_only_the_result()
    {
        var volumeTiers = new VolumeTiers
        {
            Steps = [new(1, CommissionRate.Percent(10)), new(21, CommissionRate.Percent(15))],
        };
        var plan = Plan(
            Version(new CommissionRule { Id = "volume", Tiers = volumeTiers }, Books) with
            {
                MultiLevel = new MultiLevelPolicy
                {
                    Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                },
            }
        );
        var anna = Partner("anna");
        var ben = Partner("ben", anna.Id);
        var volume = new PrefetchedVolume();
        foreach (var window in PricingEngine.VolumeWindowsFor(plan, At, DateTimeZone.Utc))
        {
            volume.Add(window, new VolumeTotals(24, 2400m));
        }

        var sale = ConversionFacts.Sale(new ConversionId("order-1001"), At, Eur(123.45m));
        var (result, bytes) = PriceWarm(Request(plan, sale, Partner("cleo", ben.Id), [ben, anna], volume));

        Assert.Equal(3, result.Lines.Count);
        Assert.Equal(BytesOfResult(result), bytes);
    }

    [Fact]
    public void Pricing_a_cart_with_rules_steps_a_bonus_and_a_forfeited_level_allocates_only_the_result()
    {
        var months = new RecurringSchedule
        {
            Unit = RecurringUnit.Months,
            Steps = [new(CommissionRate.Percent(30), For: 3), new(CommissionRate.Percent(20))],
        };
        var plan = Plan(
            Version(
                new CommissionRule { Id = "default", Rate = CommissionRate.Percent(8) },
                Books,
                new CommissionRule
                {
                    Id = "sku-1",
                    Rate = CommissionRate.FlatPerItem(Eur(1m)),
                    When = new() { Products = ["sku-1"] },
                    Priority = 1,
                },
                new CommissionRule
                {
                    Id = "welcome",
                    Rate = CommissionRate.Flat(Eur(2m)),
                    When = new() { CouponUsed = true },
                },
                new CommissionRule
                {
                    Id = "subscription",
                    When = new() { Countries = ["DE"], Categories = ["software"] },
                    Recurring = months,
                },
                new CommissionRule
                {
                    Id = "gold",
                    Rate = CommissionRate.Percent(12),
                    When = new() { Tiers = [new PartnerTier("gold")] },
                }
            ) with
            {
                Basis = new SaleBasisOptions { IncludeShipping = true },
                MultiLevel = new MultiLevelPolicy
                {
                    Levels =
                    [
                        new(2, CommissionRate.Percent(3)),
                        new(3, CommissionRate.Percent(2)),
                        new(4, CommissionRate.Percent(1)),
                    ],
                    InactiveUplines = InactiveUplines.Forfeit,
                },
                Bonuses =
                [
                    new BonusRule
                    {
                        Id = "fifth",
                        Milestone = Milestone.NthConversion(5),
                        Reward = Eur(25m),
                        Window = VolumeWindow.CalendarMonth,
                    },
                ],
            }
        );
        var cart = new ConversionFacts
        {
            Id = new ConversionId("cart-7"),
            OccurredAt = At,
            Items =
            [
                new LineItem
                {
                    ProductId = "sku-1",
                    Categories = ["books"],
                    UnitPrice = Eur(12.50m),
                    Quantity = 2,
                },
                new LineItem
                {
                    ProductId = "sku-2",
                    Categories = ["books"],
                    UnitPrice = Eur(8m),
                    Discount = Eur(1m),
                },
                new LineItem
                {
                    ProductId = "sku-3",
                    Categories = ["software"],
                    UnitPrice = Eur(49.99m),
                },
                new LineItem
                {
                    ProductId = "sku-4",
                    Categories = ["home"],
                    UnitPrice = Eur(20m),
                },
            ],
            Shipping = Eur(4.90m),
            Country = "DE",
            CouponCode = "WELCOME",
            Subscription = new SubscriptionFacts("sub-1", 2, At - Duration.FromDays(40)),
        };
        var uplines = new[] { Partner("up-1"), Partner("up-2", status: PartnerStatus.Suspended), Partner("up-3") };
        var fourEarlier = new PartnerHistory(Enumerable.Range(1, 4).Select(h => (At - Duration.FromHours(h), 10m)));

        var (result, bytes) = PriceWarm(Request(plan, cart, Partner("seller"), uplines, fourEarlier));

        Assert.Equal(["Commission", "Upline", "Upline", "Bonus"], result.Lines.Select(l => l.Kind.ToString()));
        Assert.Single(result.Forfeited);
        var parts = result.Lines[0].Explanation.Parts;
        Assert.Equal(["sku-1", "books", "subscription", "welcome"], parts.Select(p => p.RuleId));
        Assert.Equal(BytesOfResult(result), bytes);
    }

    private static PricingRequest Request(
        CommissionPlan plan,
        ConversionFacts conversion,
        Partner seller,
        IReadOnlyList<Partner> uplines,
        IPartnerVolume volume
    ) =>
        new()
        {
            Plan = plan,
            Conversion = conversion,
            Seller = seller,
            Uplines = uplines,
            Volume = volume,
            TimeZone = DateTimeZone.Utc,
        };

    /// <summary>Prices on an engine that priced the request before (version index built, working state kept).</summary>
    private static (PricingResult Result, long Bytes) PriceWarm(PricingRequest request)
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.True(PricingEngine.Price(request).Succeeded);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = PricingEngine.Price(request);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        return (result, bytes);
    }

    /// <summary>
    /// The bytes of the objects a call creates for its result, measured by creating each of them again: the result,
    /// the arrays of lines and forfeited levels, and per line the line, its explanation, the array of parts and each
    /// part and tier or recurring step. Names, notes and rates come from the plan and are shared, not created.
    /// </summary>
    private static long BytesOfResult(PricingResult result)
    {
        // Adjustment reasons are formatted per call; these scenarios have none, so no string is counted.
        Assert.All(result.Lines, line => Assert.Empty(line.Explanation.Adjustments));
        var copies = new object[256];
        var count = 0;

        // Indexed loops: an enumerator over an IReadOnlyList would be counted too.
        var before = GC.GetAllocatedBytesForCurrentThread();
        copies[count++] = PricingResult.Priced(result.Version!, result.Lines, result.Forfeited, result.Commissionable);
        count = Array(copies, count, result.Lines);
        count = Array(copies, count, result.Forfeited);
        for (var f = 0; f < result.Forfeited.Count; f++)
        {
            copies[count++] = result.Forfeited[f] with { };
        }

        for (var l = 0; l < result.Lines.Count; l++)
        {
            var line = result.Lines[l];
            copies[count++] = line with { };
            copies[count++] = line.Explanation with { };
            count = Array(copies, count, line.Explanation.Parts);
            TierExplanation? tier = null;
            RecurringExplanation? recurring = null;
            for (var p = 0; p < line.Explanation.Parts.Count; p++)
            {
                var part = line.Explanation.Parts[p];
                copies[count++] = part with { };

                // One tier or step per rule, shared by the rule's parts.
                if (part.Tier is not null && !ReferenceEquals(part.Tier, tier))
                {
                    tier = part.Tier;
                    copies[count++] = tier with { };
                }

                if (part.Recurring is not null && !ReferenceEquals(part.Recurring, recurring))
                {
                    recurring = part.Recurring;
                    copies[count++] = recurring with { };
                }
            }
        }

        var bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(copies);
        return bytes;
    }

    /// <summary>An array like the engine's for a list: none when empty, else of exactly its length.</summary>
    private static int Array<T>(object[] copies, int count, IReadOnlyList<T> list)
    {
        if (list.Count > 0)
        {
            copies[count++] = new T[list.Count];
        }

        return count;
    }
}
