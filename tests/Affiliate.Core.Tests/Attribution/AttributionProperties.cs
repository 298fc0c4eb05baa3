using Affiliate.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using Property = Affiliate.Tests.Support.Property;

namespace Affiliate.Tests.Attribution;

/// <summary>Properties of the attribution engine, each over at least 1,000 generated requests.</summary>
public sealed class AttributionProperties
{
    private static readonly Instant T = Instant.FromUtc(2026, 6, 15, 12, 0);

    private static readonly PartnerId[] Pool = new[] { "A", "B", "C", "D", "E" }
        .Select(p => new PartnerId(p))
        .ToArray();

    /// <summary>A request and the clicks it holds (kept as an array so the counterexample prints them).</summary>
    private sealed record Case(AttributionRequest Request)
    {
        public override string ToString()
        {
            var p = Request.Policy;
            var clicks = string.Join(
                ", ",
                Request.Clicks.Select(c =>
                    $"{c.Id}:{c.PartnerId}@{(c.OccurredAt - T).TotalMinutes}m{(c.Attributable ? string.Empty : "!")}"
                )
            );
            var binding = Request.Binding is { } b ? $"{b.PartnerId}@{(b.BoundAt - T).TotalDays}d" : "none";
            var excluded = string.Join(",", Request.ExcludedPartners ?? new HashSet<PartnerId>());
            return $"{p.Model} window {p.Window.TotalMinutes}m, couponFirst {p.CouponPrecedence}, lifetime "
                + $"{p.LifetimeCustomers}/{p.LifetimeMonths}, position "
                + $"{p.PositionFirstPercent}/{p.PositionLastPercent}, half-life {p.TimeDecayHalfLife.TotalMinutes}m; "
                + $"clicks [{clicks}], coupon {Request.CouponPartner?.ToString() ?? "none"}, binding {binding}, "
                + $"excluded [{excluded}]";
        }
    }

    private static Gen<bool> Bools { get; } = Gen.Elements(true, false);

    private static Gen<PartnerId> Partners { get; } = Gen.Elements(Pool);

    private static Gen<AttributionPolicy> Policies { get; } =
        from windowMinutes in Gen.Frequency((3, Gen.Choose(1, 60).Select(d => d * 1_440)), (1, Gen.Choose(1, 100_000)))
        from model in Gen.Elements(Enum.GetValues<AttributionModel>())
        from couponPrecedence in Bools
        from lifetime in Bools
        from months in Gen.Frequency((1, Gen.Constant<int?>(null)), (2, Gen.Choose(1, 24).Select(m => (int?)m)))
        from firstTenths in Gen.Choose(0, 1_000)
        from lastTenths in Gen.Choose(0, 1_000 - firstTenths)
        from halfLifeMinutes in Gen.Frequency((4, Gen.Choose(60, 20_160)), (1, Gen.Choose(1, 10)))
        select new AttributionPolicy
        {
            Window = Duration.FromMinutes(windowMinutes),
            Model = model,
            CouponPrecedence = couponPrecedence,
            LifetimeCustomers = lifetime,
            LifetimeMonths = months,
            PositionFirstPercent = firstTenths / 10m,
            PositionLastPercent = lastTenths / 10m,
            TimeDecayHalfLife = Duration.FromMinutes(halfLifeMinutes),
        };

    /// <summary>
    /// Minutes from the conversion: anywhere from one and a half windows before to an hour after, on whole days (ties),
    /// or right on the window's edges.
    /// </summary>
    private static Gen<long> Offsets(long windowMinutes) =>
        Gen.Frequency(
            (4, Gen.Choose(-(int)(windowMinutes * 3 / 2), 60).Select(m => (long)m)),
            (2, Gen.Choose(-(int)(windowMinutes / 1_440) - 2, 0).Select(d => d * 1_440L)),
            (1, Gen.Elements(-windowMinutes, -windowMinutes + 1, 0L, 1L))
        );

    private static Gen<Click> ClickWithin(long windowMinutes) =>
        from partner in Partners
        from offset in Offsets(windowMinutes)
        from attributable in Gen.Frequency((4, Gen.Constant(true)), (1, Gen.Constant(false)))
        from prefix in Gen.Elements("a", "b", "Z", "z")
        select new Click
        {
            Id = new ClickId(prefix),
            ProgramId = new ProgramId("program"),
            PartnerId = partner,
            VisitorId = "visitor",
            OccurredAt = T + Duration.FromMinutes(offset),
            Attributable = attributable,
        };

    /// <summary>
    /// Up to ten clicks; the random id prefix shuffles the id order against the input order, the index keeps ids
    /// unique.
    /// </summary>
    private static Gen<Click[]> Clicks(long windowMinutes) =>
        Gen.Choose(0, 10)
            .SelectMany(count => Gen.ArrayOf(ClickWithin(windowMinutes), count))
            .Select(clicks => clicks.Select((c, i) => c with { Id = new ClickId($"{c.Id}{i}") }).ToArray());

    private static Gen<CustomerBinding?> Bindings { get; } =
        Gen.Frequency(
            (2, Gen.Constant<CustomerBinding?>(null)),
            (
                1,
                from partner in Partners
                from days in Gen.Choose(-800, 10)
                select (CustomerBinding?)
                    new CustomerBinding(
                        new ProgramId("program"),
                        new CustomerId("customer"),
                        partner,
                        T + Duration.FromDays(days),
                        new ConversionId("first")
                    )
            )
        );

    private static Gen<PartnerId?> Coupons { get; } =
        Gen.Frequency((2, Gen.Constant<PartnerId?>(null)), (1, Partners.Select(p => (PartnerId?)p)));

    private static Gen<IReadOnlySet<PartnerId>?> Exclusions { get; } =
        Gen.Frequency(
            (2, Gen.Constant<IReadOnlySet<PartnerId>?>(null)),
            (
                2,
                Gen.ArrayOf(Gen.Frequency((3, Gen.Constant(false)), (1, Gen.Constant(true))), Pool.Length)
                    .Select(flags => (IReadOnlySet<PartnerId>?)Pool.Where((_, i) => flags[i]).ToHashSet())
            )
        );

    private static Gen<Case> Cases { get; } =
        from policy in Policies
        from clicks in Clicks((long)policy.Window.TotalMinutes)
        from coupon in Coupons
        from binding in Bindings
        from excluded in Exclusions
        select new Case(
            new AttributionRequest
            {
                Policy = policy,
                ConversionAt = T,
                Clicks = clicks,
                CouponPartner = coupon,
                Binding = binding,
                ExcludedPartners = excluded,
            }
        );

    private static Arbitrary<Case> CasesArb { get; } = Cases.ToArbitrary();

    /// <summary>Requests that only clicks can decide: no coupon, no binding.</summary>
    private static Arbitrary<Case> ClickOnlyCasesArb { get; } =
        Cases.Select(c => c with { Request = c.Request with { CouponPartner = null, Binding = null } }).ToArbitrary();

    private static bool Eligible(Click click, AttributionRequest request) =>
        click.Attributable
        && click.OccurredAt <= request.ConversionAt
        && request.ConversionAt < click.OccurredAt + request.Policy.Window
        && !(request.ExcludedPartners?.Contains(click.PartnerId) ?? false);

    [Fact]
    public void Fractions_Sum_To_One_Meets_Specification() => Property.Check(Prop.ForAll(CasesArb, c =>
            {
                var result = AttributionEngine.Attribute(c.Request);
                if (!result.IsAttributed)
                {
                    Assert.Empty(result.Shares);
                    Assert.True(result.Reason is AttributionReason.None or AttributionReason.SelfReferral);
                    return;
                }

                var sum = result.Shares.Sum(s => s.Fraction);
                if (
                    result.Shares.Count == 1
                    || c.Request.Policy.Model is AttributionModel.LastClick or AttributionModel.FirstClick
                )
                {
                    Assert.Equal(1m, sum);
                }
                else
                {
                    Assert.True(Math.Abs(sum - 1m) <= 1e-20m, $"fractions add up to {sum}");
                }

                Assert.All(result.Shares, s => Assert.True(s.Weight > 0m && s.Fraction > 0m));
                Assert.Equal(result.Shares.Count, result.Shares.Select(s => s.PartnerId).Distinct().Count());
            }));

    [Fact]
    public void Split_Conserves_The_Amount_Meets_Specification() =>
        Property.Check(Prop.ForAll(CasesArb, MoneyGenerators.RoundedMoneyArb, (c, amount) =>
            {
                var result = AttributionEngine.Attribute(c.Request);
                var parts = result.Split(amount);

                Assert.Equal(result.Shares.Count, parts.Length);
                if (result.IsAttributed)
                {
                    Assert.Equal(amount, Money.Sum(parts, amount.Currency));
                    Assert.All(parts, p => Assert.True(p.IsRounded));
                }
            }));

    [Fact]
    public void Excluded_Partners_Never_Get_A_Share_Meets_Specification() => Property.Check(Prop.ForAll(CasesArb, c =>
            {
                var result = AttributionEngine.Attribute(c.Request);
                var excluded = c.Request.ExcludedPartners ?? new HashSet<PartnerId>();

                return result.Shares.All(s => !excluded.Contains(s.PartnerId));
            }));

    [Fact]
    public void Credited_Clicks_Are_Inside_The_Window_Meets_Specification() => Property.Check(Prop.ForAll(CasesArb, c =>
            {
                var result = AttributionEngine.Attribute(c.Request);

                foreach (var share in result.Shares.Where(s => s.ClickId is not null))
                {
                    var click = Assert.Single(c.Request.Clicks, k => k.Id == share.ClickId);
                    Assert.Equal(share.PartnerId, click.PartnerId);
                    Assert.True(Eligible(click, c.Request), $"click {click.Id} at {click.OccurredAt} was credited");
                }
            }));

    [Fact]
    public void Last_Click_Credits_The_Latest_Eligible_Click_Meets_Specification() =>
        Property.Check(Prop.ForAll(ClickOnlyCasesArb, c =>
            {
                var request = c.Request with { Policy = c.Request.Policy with { Model = AttributionModel.LastClick } };
                var latest = request
                    .Clicks.Where(k => Eligible(k, request))
                    .OrderBy(k => k.OccurredAt)
                    .ThenBy(k => k.Id.Value, StringComparer.Ordinal)
                    .LastOrDefault();

                var result = AttributionEngine.Attribute(request);

                if (latest is null)
                {
                    Assert.False(result.IsAttributed);
                }
                else
                {
                    var share = Assert.Single(result.Shares);
                    Assert.Equal((latest.PartnerId, latest.Id), (share.PartnerId, share.ClickId));
                }
            }));

    [Fact]
    public void The_Order_Of_The_Clicks_Does_Not_Matter_Meets_Specification() =>
        Property.Check(Prop.ForAll(CasesArb, c =>
            {
                var forward = AttributionEngine.Attribute(c.Request);
                var backward = AttributionEngine.Attribute(
                    c.Request with
                    {
                        Clicks = c.Request.Clicks.Reverse().ToArray(),
                    }
                );

                Assert.Equal(forward.Reason, backward.Reason);
                Assert.Equal(forward.Shares, backward.Shares);
                Assert.Equal(forward.Describe(), backward.Describe());
            }));

    [Fact]
    public void Shares_Are_Ordered_By_First_Touch_Meets_Specification() =>
        Property.Check(Prop.ForAll(ClickOnlyCasesArb, c =>
            {
                var request = c.Request with { Policy = c.Request.Policy with { Model = AttributionModel.Linear } };
                var expected = request
                    .Clicks.Where(k => Eligible(k, request))
                    .OrderBy(k => k.OccurredAt)
                    .ThenBy(k => k.Id.Value, StringComparer.Ordinal)
                    .Select(k => k.PartnerId)
                    .Distinct();

                Assert.Equal(expected, AttributionEngine.Attribute(request).Shares.Select(s => s.PartnerId));
            }));
}
