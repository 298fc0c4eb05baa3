using System.Text.Json;

namespace Affiliate.Tests.Serialization;

public sealed class PlanJsonTests
{
    private static readonly Instant V1Start = Instant.FromUtc(2024, 1, 1, 0, 0);
    private static readonly Instant V2Start = Instant.FromUtc(2025, 1, 1, 0, 0);
    private static readonly Instant V2End = Instant.FromUtc(2030, 1, 1, 0, 0) + Duration.FromNanoseconds(1);
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
    private static readonly PartnerTier Gold = new("gold");

    private static Money Eur(decimal amount) => Money.Of(amount, "EUR");

    /// <summary>
    /// A plan with every feature: tiers, recurring, bonuses, multi-level with a cap, conditions and two bounded
    /// versions.
    /// </summary>
    internal static CommissionPlan RealisticPlan()
    {
        var version1 = new PlanVersion
        {
            Number = 1,
            EffectiveFrom = V1Start,
            EffectiveUntil = V2Start,
            Rules =
            [
                new CommissionRule
                {
                    Id = "default",
                    Name = "Standard",
                    Rate = CommissionRate.Percent(10),
                },
            ],
        };

        var version2 = new PlanVersion
        {
            Number = 2,
            EffectiveFrom = V2Start,
            EffectiveUntil = V2End,
            Precedence = RulePrecedence.MostSpecific,
            Basis = new SaleBasisOptions { IncludeShipping = true },
            Rounding = MidpointRounding.ToEven,
            Rules =
            [
                new CommissionRule
                {
                    Id = "volume",
                    Name = "Volume",
                    AppliesTo = [ConversionKind.Sale],
                    Tiers = new VolumeTiers
                    {
                        Measure = TierMeasure.Count,
                        Window = VolumeWindow.CalendarMonth,
                        Steps =
                        [
                            new(1, CommissionRate.Percent(10)),
                            new(11, CommissionRate.Percent(12.50m), "Silver"),
                            new(51, CommissionRate.Percent(15), "Gold"),
                        ],
                    },
                },
                new CommissionRule
                {
                    Id = "books",
                    Name = "Books for creators",
                    Rate = CommissionRate.Percent(7.25m),
                    Priority = 3,
                    When = new RuleConditions
                    {
                        Categories = ["books"],
                        Countries = ["DE", "AT"],
                        Segments = [PartnerSegment.ContentCreator],
                        SaleType = SaleType.New,
                    },
                },
                new CommissionRule
                {
                    Id = "widget",
                    Rate = CommissionRate.FlatPerItem(Eur(0.75m)),
                    When = new RuleConditions { Products = ["sku-widget"], CouponUsed = false },
                },
                new CommissionRule
                {
                    Id = "vip-revenue",
                    Name = "VIP revenue",
                    AppliesTo = [ConversionKind.Sale],
                    When = new RuleConditions { Tiers = [Gold], CouponCodes = ["VIP10"] },
                    Tiers = new VolumeTiers
                    {
                        Measure = TierMeasure.Revenue,
                        Window = VolumeWindow.Rolling(30),
                        RevenueCounting = RevenueTierCounting.BeforeThisConversion,
                        Steps =
                        [
                            new(0m, CommissionRate.Percent(8)),
                            new(1000.00m, CommissionRate.Percent(9.5m), "Thousand club"),
                        ],
                    },
                },
                new CommissionRule
                {
                    Id = "subscriptions",
                    Name = "Subscriptions",
                    AppliesTo = [ConversionKind.Renewal],
                    Recurring = new RecurringSchedule
                    {
                        Unit = RecurringUnit.Months,
                        Steps =
                        [
                            new(CommissionRate.Percent(40), For: 3),
                            new(CommissionRate.Percent(20), For: 9),
                            new(CommissionRate.Percent(5)),
                        ],
                    },
                },
                new CommissionRule
                {
                    Id = "cpl",
                    Name = "Leads",
                    AppliesTo = [ConversionKind.Lead],
                    Rate = CommissionRate.Flat(Eur(2.50m)),
                },
                new CommissionRule
                {
                    Id = "webinar",
                    AppliesTo = [ConversionKind.Custom],
                    Rate = CommissionRate.Flat(Eur(1m)),
                    When = new RuleConditions { EventNames = ["webinar-signup"] },
                },
            ],
            MultiLevel = new MultiLevelPolicy
            {
                Levels = [new(2, CommissionRate.Percent(2.5m)), new(3, CommissionRate.Flat(Eur(0.50m)))],
                Basis = UplineBasis.Sale,
                Payment = UplinePayment.InAddition,
                InactiveUplines = InactiveUplines.Forfeit,
                Cap = new MultiLevelCap(MaxPercentOfSale: 30m, MaxAmount: Eur(500.00m)),
            },
            Bonuses =
            [
                new BonusRule
                {
                    Id = "first-sale",
                    Name = "Welcome",
                    Milestone = Milestone.FirstConversion,
                    Reward = Eur(5m),
                },
                new BonusRule
                {
                    Id = "tenth",
                    Milestone = Milestone.NthConversion(10),
                    Window = VolumeWindow.CalendarMonth,
                    Reward = Eur(25.00m),
                },
                new BonusRule
                {
                    Id = "revenue-1000",
                    Milestone = Milestone.RevenueReached(1000.50m),
                    Window = VolumeWindow.Rolling(30),
                    Reward = Eur(50m),
                    When = new RuleConditions { Countries = ["DE"] },
                    AppliesTo = [ConversionKind.Sale, ConversionKind.Renewal],
                },
            ],
            PerformanceTiers = new PerformanceTierPolicy
            {
                Period = VolumeWindow.CalendarMonth,
                Levels =
                [
                    new PerformanceTierLevel { Tier = new PartnerTier("bronze") },
                    new PerformanceTierLevel
                    {
                        Tier = new PartnerTier("silver"),
                        PromoteWhen = new PerformanceCriteria { MinConversions = 10 },
                        KeepWhen = new PerformanceCriteria { MinConversions = 5 },
                    },
                    new PerformanceTierLevel
                    {
                        Tier = Gold,
                        PromoteWhen = new PerformanceCriteria
                        {
                            MinRevenue = 10_000.00m,
                            MaxRefundRatePercent = 5.5m,
                            MinConversionRatePercent = 2.25m,
                        },
                    },
                ],
            },
        };

        // Listed out of order: the Versions setter sorts, and the copy must sort the same way.
        return new CommissionPlan
        {
            Id = new PlanId("plan-partners"),
            Name = "Partners",
            Currency = Currency.EUR,
            Versions = [version2, version1],
        };
    }

    private static Partner Seller { get; } =
        new()
        {
            Id = new PartnerId("anna"),
            Name = "Anna",
            Status = PartnerStatus.Active,
            Segment = PartnerSegment.ContentCreator,
            Tier = Gold,
            SponsorId = new PartnerId("ben"),
        };

    private static IReadOnlyList<Partner> Uplines { get; } =
    [
        new Partner
        {
            Id = new PartnerId("ben"),
            Name = "Ben",
            Status = PartnerStatus.Active,
            SponsorId = new PartnerId("cleo"),
        },
        new Partner
        {
            Id = new PartnerId("cleo"),
            Name = "Cleo",
            Status = PartnerStatus.Suspended,
        },
    ];

    public static TheoryData<string> Conversions => new(SampleConversions().Keys);

    private static Dictionary<string, (ConversionFacts Facts, IPartnerVolume Volume)> SampleConversions()
    {
        var at = Instant.FromUtc(2026, 6, 15, 10, 30) + Duration.FromNanoseconds(42);
        var history = new PartnerHistory(
            Enumerable.Range(1, 12).Select(i => (at - Duration.FromHours(i * 20), 95.40m))
        );
        return new()
        {
            ["cart"] = (
                new ConversionFacts
                {
                    Id = new ConversionId("order-1001"),
                    OccurredAt = at,
                    Country = "DE",
                    Items =
                    [
                        new LineItem
                        {
                            ProductId = "isbn-1",
                            Categories = ["books"],
                            UnitPrice = Eur(19.99m),
                            Quantity = 2,
                        },
                        new LineItem
                        {
                            ProductId = "sku-widget",
                            UnitPrice = Eur(12.00m),
                            Quantity = 3,
                            Discount = Eur(1.50m),
                        },
                        new LineItem
                        {
                            ProductId = "sku-lamp",
                            Categories = ["home"],
                            UnitPrice = Eur(49.95m),
                        },
                    ],
                    OrderDiscount = Eur(5.00m),
                    Shipping = Eur(4.90m),
                },
                history
            ),
            ["vip"] = (
                ConversionFacts.Sale(new ConversionId("order-1002"), at, Eur(333.33m)) with
                {
                    CouponCode = "vip10",
                    Country = "AT",
                },
                history
            ),
            ["first"] = (
                ConversionFacts.Sale(new ConversionId("order-1003"), at, Eur(80.05m)) with
                {
                    Country = "DE",
                },
                NoVolume.Instance
            ),
            ["renewal"] = (
                new ConversionFacts
                {
                    Id = new ConversionId("invoice-77"),
                    Kind = ConversionKind.Renewal,
                    OccurredAt = at,
                    Amount = Eur(29.99m),
                    Subscription = new SubscriptionFacts("sub-9", 5, Instant.FromUtc(2026, 1, 20, 8, 0)),
                },
                history
            ),
            ["lead"] = (
                new ConversionFacts
                {
                    Id = new ConversionId("lead-5"),
                    Kind = ConversionKind.Lead,
                    OccurredAt = at,
                },
                history
            ),
            ["custom"] = (
                new ConversionFacts
                {
                    Id = new ConversionId("evt-5"),
                    Kind = ConversionKind.Custom,
                    EventName = "Webinar-Signup",
                    OccurredAt = at,
                },
                history
            ),
            ["version-1"] = (
                ConversionFacts.Sale(
                    new ConversionId("order-old"),
                    Instant.FromUtc(2024, 12, 31, 23, 59, 59) + Duration.FromNanoseconds(999_999_999),
                    Eur(100.00m)
                ),
                history
            ),
            ["after-end"] = (ConversionFacts.Sale(new ConversionId("order-late"), V2End, Eur(100.00m)), history),
        };
    }

    private static PricingResult Price(CommissionPlan plan, ConversionFacts facts, IPartnerVolume volume) =>
        PricingEngine.Price(
            new PricingRequest
            {
                Plan = plan,
                Conversion = facts,
                Seller = Seller,
                Uplines = Uplines,
                Volume = volume,
                TimeZone = Berlin,
            }
        );

    [Fact]
    public void The_realistic_plan_is_valid_before_and_after()
    {
        var plan = RealisticPlan();
        var copy = Json.StableRoundTrip(plan);

        Assert.Empty(PlanValidator.Validate(plan));
        Assert.Empty(PlanValidator.Validate(copy));
    }

    [Fact]
    public void A_complete_plan_round_trips_field_by_field()
    {
        var plan = RealisticPlan();

        var copy = Json.StableRoundTrip(plan);

        Assert.Equal((plan.Id, plan.Name, plan.Currency), (copy.Id, copy.Name, copy.Currency));
        Assert.Equal([1, 2], copy.Versions.Select(v => v.Number));
        Assert.Equal(
            plan.Versions.Select(v => (v.EffectiveFrom, v.EffectiveUntil)),
            copy.Versions.Select(v => (v.EffectiveFrom, v.EffectiveUntil))
        );
        Assert.Equal(V2End, copy.Versions[1].EffectiveUntil);

        var (original, read) = (plan.Versions[1], copy.Versions[1]);
        Assert.Equal(
            (original.Precedence, original.Basis, original.Rounding, original.AllowTotalOverHundredPercent),
            (read.Precedence, read.Basis, read.Rounding, read.AllowTotalOverHundredPercent)
        );
        Assert.Equal(
            original.Rules.Select(r =>
                (
                    r.Id,
                    r.Name,
                    r.Rate,
                    r.Priority,
                    r.Tiers?.Measure,
                    r.Tiers?.Window,
                    r.Tiers?.RevenueCounting,
                    r.Recurring?.Unit
                )
            ),
            read.Rules.Select(r =>
                (
                    r.Id,
                    r.Name,
                    r.Rate,
                    r.Priority,
                    r.Tiers?.Measure,
                    r.Tiers?.Window,
                    r.Tiers?.RevenueCounting,
                    r.Recurring?.Unit
                )
            )
        );
        Assert.Equal(original.Rules.Select(r => r.AppliesTo), read.Rules.Select(r => r.AppliesTo));
        Assert.Equal(
            original.Rules.SelectMany(r => r.Tiers?.Steps ?? []),
            read.Rules.SelectMany(r => r.Tiers?.Steps ?? [])
        );
        Assert.Equal(
            original.Rules.SelectMany(r => r.Recurring?.Steps ?? []),
            read.Rules.SelectMany(r => r.Recurring?.Steps ?? [])
        );
        Assert.Equal(original.Rules.Select(r => r.When.Specificity), read.Rules.Select(r => r.When.Specificity));
        Assert.Equal(original.Rules[1].When.Segments, read.Rules[1].When.Segments);
        Assert.Equal(original.Rules[2].When.CouponUsed, read.Rules[2].When.CouponUsed);
        Assert.Equal(original.Rules[3].When.Tiers, read.Rules[3].When.Tiers);
        Assert.Equal(original.MultiLevel!.Levels, read.MultiLevel!.Levels);
        Assert.Equal(original.MultiLevel.Cap, read.MultiLevel.Cap);
        Assert.Equal(
            (original.MultiLevel.Basis, original.MultiLevel.Payment, original.MultiLevel.InactiveUplines),
            (read.MultiLevel.Basis, read.MultiLevel.Payment, read.MultiLevel.InactiveUplines)
        );
        Assert.Equal(
            original.Bonuses.Select(b => (b.Id, b.Name, b.Milestone, b.Window, b.Reward)),
            read.Bonuses.Select(b => (b.Id, b.Name, b.Milestone, b.Window, b.Reward))
        );
        Assert.Equal(original.Bonuses[2].AppliesTo, read.Bonuses[2].AppliesTo);
        Assert.Equal(original.PerformanceTiers!.Levels, read.PerformanceTiers!.Levels);
        Assert.Same(VolumeWindow.CalendarMonth, read.Rules[0].Tiers!.Window);
        Assert.Same(VolumeWindow.Lifetime, read.Bonuses[0].Window);
    }

    [Fact]
    public void Versions_are_in_force_at_the_same_instants()
    {
        var plan = RealisticPlan();
        var copy = Json.RoundTrip(plan);

        Instant[] instants =
        [
            V1Start - Duration.Epsilon,
            V1Start,
            V2Start - Duration.Epsilon,
            V2Start,
            V2End - Duration.Epsilon,
            V2End,
        ];
        Assert.Equal(instants.Select(i => plan.VersionAt(i)?.Number), instants.Select(i => copy.VersionAt(i)?.Number));
        Assert.Equal([null, 1, 1, 2, 2, null], instants.Select(i => copy.VersionAt(i)?.Number));
    }

    [Theory]
    [MemberData(nameof(Conversions))]
    public void The_plan_prices_identically_after_a_round_trip(string conversion)
    {
        var (facts, volume) = SampleConversions()[conversion];
        var plan = RealisticPlan();

        var before = Price(plan, facts, volume);
        var after = Price(Json.RoundTrip(plan), facts, volume);

        Assert.Equal(before.Succeeded, after.Succeeded);
        Assert.Equal(before.Error, after.Error);
        Assert.Equal(before.Commissionable, after.Commissionable);
        Assert.Equal(before.Version?.Number, after.Version?.Number);
        Assert.Equal(before.Forfeited, after.Forfeited);
        Assert.Equal(
            before.Lines.Select(l => (l.PartnerId, l.Kind, l.Level, l.Amount)),
            after.Lines.Select(l => (l.PartnerId, l.Kind, l.Level, l.Amount))
        );
        Assert.Equal(before.Lines.Select(l => l.Amount.Amount.Scale), after.Lines.Select(l => l.Amount.Amount.Scale));
        Assert.Equal(
            before.Lines.Select(l => l.Explanation.ToSentence()),
            after.Lines.Select(l => l.Explanation.ToSentence())
        );
        Assert.Equal(
            before.Lines.Select(l => AffiliateJson.Serialize(l.Explanation)),
            after.Lines.Select(l => AffiliateJson.Serialize(l.Explanation))
        );
    }

    [Fact]
    public void The_sample_conversions_exercise_the_whole_plan()
    {
        // Guards the test above: the conversions must reach tiers, recurring steps, upline levels, forfeits and
        // bonuses.
        var plan = RealisticPlan();
        var results = SampleConversions().ToDictionary(c => c.Key, c => Price(plan, c.Value.Facts, c.Value.Volume));

        Assert.All(results.Where(r => r.Key != "after-end"), r =>
            Assert.True(r.Value.Succeeded, r.Key + ": " + r.Value.Error?.Message)
        );
        Assert.Equal(PricingErrorCodes.NoPlanInForce, results["after-end"].Error?.Code);
        var lines = results.Values.SelectMany(r => r.Lines).ToList();
        var parts = lines.SelectMany(l => l.Explanation.Parts).ToList();
        Assert.Contains(parts, p => p.Tier is { Name: "Silver" });
        Assert.Contains(parts, p => p.Tier is { Measure: TierMeasure.Revenue });
        Assert.Contains(parts, p => p.Recurring is { Unit: RecurringUnit.Months });
        Assert.Contains(parts, p => p.Rate is FlatPerItemRate);
        Assert.Contains(parts, p => p.RuleId == "books");
        Assert.Contains(lines, l => l.Kind == CommissionLineKind.Upline);
        Assert.Contains(lines, l => l.Kind == CommissionLineKind.Bonus);
        Assert.Contains(results.Values, r => r.Forfeited.Count > 0);
        Assert.Contains(results.Values, r => r.Version?.Number == 1);
        Assert.Contains(lines, l => l.Explanation.Rounded != l.Explanation.Unrounded);
    }

    [Fact]
    public void Computed_properties_are_not_written()
    {
        var json = AffiliateJson.Serialize(RealisticPlan());

        foreach (
            var computed in new[]
            {
                "\"specificity\"",
                "\"isItemLevel\"",
                "\"displayName\"",
                "\"depth\"",
                "\"fraction\"",
                "\"Id\"",
            }
        )
        {
            Assert.DoesNotContain(computed, json, StringComparison.Ordinal);
        }

        Assert.DoesNotContain('\n', json);
        Assert.StartsWith(
            """{"id":"plan-partners","name":"Partners","currency":"EUR","versions":[{"number":1,"effectiveFrom":"2"""
                + """024-01-01T00:00:00Z","effectiveUntil":"2025-01-01T00:00:00Z","rules":[{"id":"default","nam"""
                + """e":"Standard","appliesTo":["sale","renewal"],"when":{"segments":[],""",
            json,
            StringComparison.Ordinal
        );
    }

    [Theory]
    [InlineData("name")]
    [InlineData("currency")]
    [InlineData("versions")]
    [InlineData("id")]
    public void A_plan_without_a_required_member_is_refused(string member)
    {
        var json = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(
            AffiliateJson.Serialize(RealisticPlan())
        )!;
        json.Remove(member);

        var error = Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<CommissionPlan>(JsonSerializer.Serialize(json))
        );
        Assert.Contains(member, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_members_deeper_down_are_refused_too()
    {
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<PlanVersion>("""{"number":1}"""));
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<CommissionRule>("""{"name":"x"}"""));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<BonusRule>("""{"id":"b","reward":{"amount":"1","currency":"EUR"}}""")
        );
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<VolumeTiers>("{}"));
        Assert.Throws<JsonException>(() =>
            AffiliateJson.Deserialize<CommissionPlan>("""{"id":"p","name":null,"currency":"EUR","versions":[]}""")
        );
        Assert.Throws<JsonException>(() => AffiliateJson.Deserialize<CommissionPlan>("null"));
    }

    [Fact]
    public void Defaults_of_omitted_optional_members_are_kept()
    {
        var rule = AffiliateJson.Deserialize<CommissionRule>("""{"id":"r","rate":{"kind":"percent","value":10}}""");

        Assert.Equal([ConversionKind.Sale, ConversionKind.Renewal], rule.AppliesTo);
        Assert.Same(RuleConditions.Always, rule.When);
        Assert.Equal(CommissionRate.Percent(10), rule.Rate);
    }

    [Fact]
    public void An_explanation_with_tier_recurring_and_adjustments_reads_the_same()
    {
        var explanation = new CommissionExplanation
        {
            PlanId = new PlanId("plan-partners"),
            PlanName = "Partners",
            PlanVersion = 2,
            ConversionId = new ConversionId("order-1001"),
            ConversionKind = ConversionKind.Renewal,
            LineKind = CommissionLineKind.Upline,
            Level = 2,
            SellerId = new PartnerId("anna"),
            Currency = Currency.EUR,
            Rounding = MidpointRounding.ToEven,
            Parts =
            [
                new ExplanationPart
                {
                    RuleId = "volume",
                    RuleName = "Volume",
                    BasisKind = BasisKind.Item,
                    Basis = Eur(38.98m),
                    Quantity = 2,
                    Rate = CommissionRate.Percent(12.5m),
                    Amount = Eur(4.8725m),
                    Tier = new TierExplanation(1, "Silver", TierMeasure.Count, 11m, VolumeWindow.CalendarMonth),
                },
                new ExplanationPart
                {
                    RuleId = "subscriptions",
                    RuleName = "Subscriptions",
                    BasisKind = BasisKind.Sale,
                    Basis = Eur(29.99m),
                    Rate = CommissionRate.Percent(20),
                    Amount = Eur(5.998m),
                    Recurring = new RecurringExplanation(RecurringUnit.Months, 5, 1),
                },
                new ExplanationPart
                {
                    RuleId = "revenue",
                    RuleName = "Revenue",
                    BasisKind = BasisKind.Shipping,
                    Basis = Eur(4.90m),
                    Rate = CommissionRate.Percent(9.5m),
                    Amount = Eur(0.4655m),
                    Tier = new TierExplanation(
                        1,
                        "Thousand club",
                        TierMeasure.Revenue,
                        1234.50m,
                        VolumeWindow.Rolling(30)
                    ),
                },
                new ExplanationPart
                {
                    RuleId = "widget",
                    RuleName = "widget",
                    BasisKind = BasisKind.Item,
                    Basis = Eur(34.50m),
                    Quantity = 3,
                    Rate = CommissionRate.FlatPerItem(Eur(0.75m)),
                    Amount = Eur(2.25m),
                },
                new ExplanationPart
                {
                    RuleId = "tenth",
                    RuleName = "tenth",
                    BasisKind = BasisKind.Conversion,
                    Basis = Eur(0m),
                    Rate = CommissionRate.Flat(Eur(25.00m)),
                    Amount = Eur(25.00m),
                    Note = "conversion number 10",
                },
            ],
            Adjustments =
            [
                new ExplanationAdjustment("upline_deduction", "paid to the upline", Eur(-1.25m)),
                new ExplanationAdjustment("cap", "capped at 30% of the sale", Eur(-0.10m)),
                new ExplanationAdjustment("seller_limit", "restored", Eur(0.05m)),
            ],
        };

        var copy = Json.StableRoundTrip(explanation);

        Assert.Equal(explanation.ToSentence(), copy.ToSentence());
        Assert.Equal(explanation.Parts, copy.Parts);
        Assert.Equal(explanation.Adjustments, copy.Adjustments);
        Assert.Equal(
            (explanation.Unrounded, explanation.Rounded, explanation.Amount),
            (copy.Unrounded, copy.Rounded, copy.Amount)
        );
        Assert.Equal(explanation with { Parts = copy.Parts, Adjustments = copy.Adjustments }, copy);
        Assert.Contains("Rounded from", copy.ToSentence(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"unrounded\"", AffiliateJson.Serialize(explanation), StringComparison.Ordinal);
    }
}
