using Affiliate.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using static Affiliate.Tests.Support.TestPlans;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Commissions;

/// <summary>Properties of the pricing engine, each over at least 1,000 generated cases.</summary>
public sealed class PricingProperties
{
    private static readonly Instant At = Instant.FromUtc(2026, 6, 15, 12, 0);

    /// <summary>A volume that answers the same totals for any window.</summary>
    private sealed class FixedVolume(VolumeTotals totals) : IPartnerVolume
    {
        public VolumeTotals Between(Instant? from, Instant until) => totals;
    }

    private static Gen<decimal> Percent(int maxHundredths) => Gen.Choose(0, maxHundredths).Select(h => h / 100m);

    private static Gen<Money> SaleAmount { get; } =
        Gen.Frequency(
            (3, Gen.Choose(1, 100_000).Select(c => Eur(c / 100m))),
            (1, Gen.Choose(1, 1_000_000_000).Select(c => Eur(c / 100m)))
        );

    private static Gen<PartnerStatus> UplineStatus { get; } =
        Gen.Elements(
            PartnerStatus.Active,
            PartnerStatus.Active,
            PartnerStatus.Active,
            PartnerStatus.Suspended,
            PartnerStatus.Pending,
            PartnerStatus.Terminated
        );

    // ---- Multi-level -------------------------------------------------------------------------------------------

    private sealed record MultiLevelCase(
        decimal SellerPercent,
        MultiLevelPolicy Policy,
        PartnerStatus[] Chain,
        Money Sale
    )
    {
        public override string ToString() =>
            $"seller {SellerPercent}%, levels [{string.Join(", ", Policy.Levels.Select(l => l.Rate.Describe()))}], "
            + $"{Policy.Basis}, {Policy.Payment}, {Policy.InactiveUplines}, cap {Policy.Cap}, chain "
            + $"[{string.Join(", ", Chain)}], sale {Sale}";
    }

    private static Gen<MultiLevelCase> MultiLevelCases { get; } =
        from sellerPercent in Percent(6_000)
        from depth in Gen.Choose(1, 5)
        from levelRates in Gen.ArrayOf(Percent(3_000), depth)
        from basis in Gen.Elements(UplineBasis.Sale, UplineBasis.SellerCommission)
        from payment in Gen.Elements(UplinePayment.InAddition, UplinePayment.DeductedFromSeller)
        from inactive in Gen.Elements(InactiveUplines.Compress, InactiveUplines.Forfeit)
        from capPercent in Gen.OneOf(
            Gen.Constant<decimal?>(null),
            Gen.Choose(1, 10_000).Select(h => (decimal?)(h / 100m))
        )
        from capAmount in Gen.OneOf(
            Gen.Constant<Money?>(null),
            Gen.Choose(1, 100_000).Select(c => (Money?)Eur(c / 100m))
        )
        from chain in Gen.Choose(0, 7).SelectMany(n => Gen.ArrayOf(UplineStatus, n))
        from sale in SaleAmount
        select new MultiLevelCase(
            sellerPercent,
            new MultiLevelPolicy
            {
                Levels = levelRates.Select((rate, i) => new UplineLevel(i + 2, CommissionRate.Percent(rate))).ToArray(),
                Basis = basis,
                Payment = payment,
                InactiveUplines = inactive,
                Cap =
                    capPercent is null && capAmount is null
                        ? new MultiLevelCap(MaxPercentOfSale: 100m)
                        : new MultiLevelCap(capPercent, capAmount),
            },
            chain,
            sale
        );

    [Fact]
    public void MultiLevel_Totals_Never_Exceed_The_Cap_Meets_Specification() =>
        Property.Check(Prop.ForAll(MultiLevelCases.ToArbitrary(), c =>
            {
                var seller = Partner("seller");
                var uplines = c.Chain.Select((status, i) => Partner($"up-{i}", status: status)).ToArray();
                var plan = Plan(
                    Version(TestPlans.Percent(c.SellerPercent)) with
                    {
                        MultiLevel = c.Policy,
                        AllowTotalOverHundredPercent = true,
                    }
                );

                var result = Price(
                    plan,
                    ConversionFacts.Sale(new ConversionId("o"), At, c.Sale),
                    seller,
                    uplines: uplines
                );

                var cap = c.Policy.Cap!;
                var limit = cap.MaxPercentOfSale is { } p
                    ? decimal.Round(c.Sale.Amount * p / 100m, 2, MidpointRounding.ToZero)
                    : decimal.MaxValue;
                if (cap.MaxAmount is { } amount)
                {
                    limit = Math.Min(limit, amount.Amount);
                }

                var paid = result
                    .Lines.Where(l => l.Kind is CommissionLineKind.Commission or CommissionLineKind.Upline)
                    .Sum(l => l.Amount.Amount);
                var sellerCommission = decimal.Round(
                    c.Sale.Amount * c.SellerPercent / 100m,
                    2,
                    MidpointRounding.AwayFromZero
                );
                var activeUplines = result
                    .Lines.Where(l => l.Kind == CommissionLineKind.Upline)
                    .Select(l => l.PartnerId)
                    .ToArray();

                return result.Succeeded
                    && paid <= limit
                    && result.Lines.All(l => l.Amount.IsPositive && l.Amount.IsRounded)
                    && (c.Policy.Payment == UplinePayment.InAddition || paid <= sellerCommission)
                    && result.Lines.Count(l => l.Kind == CommissionLineKind.Upline) <= c.Policy.Levels.Count
                    && activeUplines.All(id => uplines.Single(u => u.Id == id).CanEarn)
                    && activeUplines.Distinct().Count() == activeUplines.Length;
            }));

    // ---- Versions ----------------------------------------------------------------------------------------------

    private sealed record VersionCase(PlanVersion[] Versions, Instant Probe)
    {
        public override string ToString() => $"[{string.Join(", ", Versions.Select(Describe))}] at {Probe}";

        private static string Describe(PlanVersion v) =>
            $"v{v.Number} {v.EffectiveFrom}..{v.EffectiveUntil?.ToString() ?? "open"}";
    }

    private static readonly Instant Origin = Instant.FromUtc(2024, 1, 1, 0, 0);

    private static Gen<VersionCase> VersionCases { get; } =
        from count in Gen.Choose(1, 6)
        from gaps in Gen.ArrayOf(Gen.Choose(1, 1_000), count)
        from ends in Gen.ArrayOf(Gen.Frequency((2, Gen.Constant(0)), (1, Gen.Choose(1, 1_000))), count)
        from probe in Gen.Choose(-100, (count * 1_000) + 1_000)
        select Build(gaps, ends, Origin + Duration.FromHours(probe));

    private static VersionCase Build(int[] gaps, int[] ends, Instant probe)
    {
        var starts = new List<Instant>();
        var start = Origin;
        foreach (var gap in gaps)
        {
            starts.Add(start);
            start += Duration.FromHours(gap);
        }

        var versions = starts
            .Select(
                (s, i) =>
                {
                    // An explicit end never reaches past the next version's start (that would be an overlap).
                    Instant? until = ends[i] == 0 ? null : s + Duration.FromHours(Math.Min(ends[i], gaps[i]));
                    return Version(TestPlans.Percent(i + 1)) with
                    {
                        Number = i + 1,
                        EffectiveFrom = s,
                        EffectiveUntil = until,
                    };
                }
            )
            .ToArray();
        return new VersionCase(versions, probe);
    }

    [Fact]
    public void Version_In_Force_Meets_Specification() => Property.Check(Prop.ForAll(VersionCases.ToArbitrary(), c =>
            {
                var plan = Plan(c.Versions[0]) with { Versions = c.Versions.Reverse().ToArray() };

                // Brute force: the version whose own period holds the instant; periods end at an explicit end or the
                // next start.
                var expected = c
                    .Versions.Where(
                        (v, i) =>
                            v.EffectiveFrom <= c.Probe
                            && (v.EffectiveUntil is null || c.Probe < v.EffectiveUntil)
                            && (i + 1 == c.Versions.Length || c.Probe < c.Versions[i + 1].EffectiveFrom)
                    )
                    .ToArray();

                var chosen = plan.VersionAt(c.Probe);
                var priced = Price(plan, Sale(100m, c.Probe), Partner("p"));

                return PlanValidator.Validate(plan).Count == 0
                    && expected.Length <= 1
                    && ReferenceEquals(chosen, expected.SingleOrDefault())
                    && (
                        chosen is null
                            ? priced.Error?.Code == PricingErrorCodes.NoPlanInForce
                            : priced.Version == chosen && priced.Lines.Single().Amount.Amount == chosen.Number
                    );
            }));

    // ---- Tiers -------------------------------------------------------------------------------------------------

    private sealed record TierCase(
        TierMeasure Measure,
        VolumeTier[] Steps,
        Money Sale,
        VolumeTotals Lower,
        VolumeTotals Higher
    )
    {
        public override string ToString() =>
            $"{Measure} [{string.Join(", ", Steps.Select(s => $"{s.From}:{s.Rate.Describe()}"))}] sale {Sale}, "
            + $"{Lower} vs {Higher}";
    }

    private static Gen<TierCase> TierCases { get; } =
        from measure in Gen.Elements(TierMeasure.Count, TierMeasure.Revenue)
        from count in Gen.Choose(1, 8)
        from thresholdSteps in Gen.ArrayOf(Gen.Choose(1, 50), count)
        from rateSteps in Gen.ArrayOf(Gen.Choose(0, 700), count)
        from sale in SaleAmount
        from a in Gen.Choose(0, 400)
        from b in Gen.Choose(0, 400)
        select new TierCase(
            measure,
            thresholdSteps
                .Select(
                    (_, i) =>
                        new VolumeTier(
                            measure == TierMeasure.Count
                                ? 1 + thresholdSteps.Take(i).Sum()
                                : 100m * thresholdSteps.Take(i).Sum(),
                            CommissionRate.Percent(rateSteps.Take(i + 1).Sum() / 100m)
                        )
                )
                .ToArray(),
            sale,
            new VolumeTotals(Math.Min(a, b), 10m * Math.Min(a, b)),
            new VolumeTotals(Math.Max(a, b), 10m * Math.Max(a, b))
        );

    [Fact]
    public void Higher_Tiers_Never_Pay_Less_Meets_Specification() =>
        Property.Check(Prop.ForAll(TierCases.ToArbitrary(), c =>
            {
                var plan = Plan(
                    new CommissionRule
                    {
                        Id = "tiers",
                        Tiers = new VolumeTiers { Measure = c.Measure, Steps = c.Steps },
                    }
                );
                var sale = ConversionFacts.Sale(new ConversionId("o"), At, c.Sale);
                var seller = Partner("p");

                var lower = Price(plan, sale, seller, new FixedVolume(c.Lower)).TotalFor(seller.Id, Currency.EUR);
                var higher = Price(plan, sale, seller, new FixedVolume(c.Higher)).TotalFor(seller.Id, Currency.EUR);

                return PlanValidator.Validate(plan).Count == 0 && lower <= higher;
            }));

    // ---- Explanations ------------------------------------------------------------------------------------------

    private sealed record ExplainedCase(
        CommissionPlan Plan,
        ConversionFacts Conversion,
        PartnerStatus[] Chain,
        int PriorCount
    )
    {
        public override string ToString() =>
            $"{Plan.Versions[0]} / {Conversion} / chain {Chain.Length} / prior {PriorCount}";
    }

    private static readonly string[] Categories = ["books", "electronics", "home"];

    private static Gen<LineItem> Items { get; } =
        from category in Gen.Elements(Categories)
        from product in Gen.Choose(1, 5)
        from cents in Gen.Choose(0, 50_000)
        from quantity in Gen.Choose(1, 5)
        from discountShare in Gen.Choose(0, 100)
        select new LineItem
        {
            ProductId = $"sku-{product}",
            Categories = [category],
            UnitPrice = Eur(cents / 100m),
            Quantity = quantity,
            Discount = Eur(decimal.Round(cents * quantity * discountShare / 10_000m / 4m, 2)),
        };

    private static Gen<CommissionRate> Rates { get; } =
        Gen.OneOf(
            Percent(5_000).Select(CommissionRate.Percent),
            Gen.Choose(0, 2_000).Select(c => CommissionRate.Flat(Eur(c / 100m))),
            Gen.Choose(0, 500).Select(c => CommissionRate.FlatPerItem(Eur(c / 100m)))
        );

    private static Gen<CommissionRule> Rules { get; } =
        from id in Gen.Choose(0, 1_000_000)
        from rate in Rates
        from kind in Gen.Choose(0, 3)
        from category in Gen.Elements(Categories)
        from product in Gen.Choose(1, 5)
        from tiered in Gen.Elements(false, false, true)
        select new CommissionRule
        {
            Id = $"r{id}",
            Rate = tiered ? null : rate,
            Tiers = tiered ? new VolumeTiers { Steps = [new(1, rate), new(5, rate)] } : null,
            When = kind switch
            {
                1 => new RuleConditions { Categories = [category] },
                2 => new RuleConditions { Products = [$"sku-{product}"] },
                3 => new RuleConditions { Countries = ["DE"] },
                _ => RuleConditions.Always,
            },
        };

    private static Gen<ExplainedCase> ExplainedCases { get; } =
        from rules in Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(Rules, n))
        from precedence in Gen.Elements(RulePrecedence.MostSpecific, RulePrecedence.Highest)
        from rounding in Gen.Elements(MidpointRounding.AwayFromZero, MidpointRounding.ToEven, MidpointRounding.ToZero)
        from multiLevel in Gen.Elements(false, true)
        from payment in Gen.Elements(UplinePayment.InAddition, UplinePayment.DeductedFromSeller)
        from cap in Gen.Choose(0, 60)
        from items in Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(Items, n))
        from shipping in Gen.Choose(0, 2_000)
        from includeShipping in Gen.Elements(false, true)
        from country in Gen.Elements("DE", "FR")
        from chain in Gen.Choose(0, 4).SelectMany(n => Gen.ArrayOf(UplineStatus, n))
        from prior in Gen.Choose(0, 12)
        select new ExplainedCase(
            Plan(
                Version(rules.DistinctBy(r => r.Id).ToArray()) with
                {
                    Precedence = precedence,
                    Rounding = rounding,
                    Basis = new SaleBasisOptions { IncludeShipping = includeShipping },
                    AllowTotalOverHundredPercent = true,
                    MultiLevel = multiLevel
                        ? new MultiLevelPolicy
                        {
                            Levels = [new(2, CommissionRate.Percent(3.33m)), new(3, CommissionRate.Percent(1.5m))],
                            Payment = payment,
                            Cap = cap == 0 ? null : new MultiLevelCap(MaxPercentOfSale: cap),
                        }
                        : null,
                    Bonuses =
                    [
                        new BonusRule
                        {
                            Id = "fifth",
                            Milestone = Milestone.NthConversion(5),
                            Reward = Eur(25m),
                        },
                    ],
                }
            ),
            new ConversionFacts
            {
                Id = new ConversionId("o"),
                OccurredAt = At,
                Items = items,
                Country = country,
                Shipping = Eur(shipping / 100m),
            },
            chain,
            prior
        );

    [Fact]
    public void Explanation_Amounts_Equal_Line_Amounts_Meets_Specification() =>
        Property.Check(Prop.ForAll(ExplainedCases.ToArbitrary(), c =>
            {
                var uplines = c.Chain.Select((status, i) => Partner($"up-{i}", status: status)).ToArray();
                var result = Price(
                    c.Plan,
                    c.Conversion,
                    Partner("seller"),
                    new FixedVolume(new VolumeTotals(c.PriorCount, 0m)),
                    uplines
                );
                var rounding = c.Plan.Versions[0].Rounding;

                return result.Succeeded
                    && result.Lines.All(line =>
                    {
                        var explanation = line.Explanation;
                        var parts = explanation.Parts.Sum(p => p.Amount.Amount);
                        var adjustments = explanation.Adjustments.Sum(a => a.Amount.Amount);
                        return line.Amount.IsRounded
                            && explanation.Unrounded.Amount == parts
                            && explanation.Rounded.Amount == decimal.Round(parts, 2, rounding)
                            && line.Amount.Amount == explanation.Rounded.Amount + adjustments
                            && explanation.Adjustments.All(a => a.Amount.IsRounded)
                            && explanation
                                .ToSentence()
                                .StartsWith(line.Amount.ToString() + " ", StringComparison.Ordinal);
                    });
            }));

    [Fact]
    public void Pricing_Is_Deterministic_Meets_Specification() =>
        Property.Check(Prop.ForAll(ExplainedCases.ToArbitrary(), c =>
            {
                var uplines = c.Chain.Select((status, i) => Partner($"up-{i}", status: status)).ToArray();
                var volume = new FixedVolume(new VolumeTotals(c.PriorCount, 0m));
                var first = Price(c.Plan, c.Conversion, Partner("seller"), volume, uplines);
                var second = Price(c.Plan, c.Conversion, Partner("seller"), volume, uplines);

                return first
                    .Lines.Select(l => (l.PartnerId, l.Amount, l.ToString()))
                    .SequenceEqual(second.Lines.Select(l => (l.PartnerId, l.Amount, l.ToString())));
            }));
}
