namespace Affiliate.Tests.Support;

/// <summary>Small builders so tests read like the scenarios they check.</summary>
internal static class TestPlans
{
    public static readonly Instant PlanStart = Instant.FromUtc(2020, 1, 1, 0, 0);

    public static Money Eur(decimal amount) => Money.Of(amount, "EUR");

    public static CommissionPlan Plan(PlanVersion version, string currency = "EUR") =>
        new()
        {
            Id = new PlanId("plan"),
            Name = "Test plan",
            Currency = Currency.FromCode(currency),
            Versions = [version],
        };

    public static CommissionPlan Plan(params CommissionRule[] rules) => Plan(Version(rules));

    public static PlanVersion Version(params CommissionRule[] rules) =>
        new()
        {
            Number = 1,
            EffectiveFrom = PlanStart,
            Rules = rules,
        };

    public static CommissionRule Percent(decimal percent, string id = "default") =>
        new() { Id = id, Rate = CommissionRate.Percent(percent) };

    public static Partner Partner(string id, PartnerId? sponsor = null, PartnerStatus status = PartnerStatus.Active) =>
        new()
        {
            Id = new PartnerId(id),
            Name = id,
            Status = status,
            SponsorId = sponsor,
        };

    public static ConversionFacts Sale(
        decimal amount,
        Instant? at = null,
        string id = "order-1",
        string currency = "EUR"
    ) =>
        ConversionFacts.Sale(
            new ConversionId(id),
            at ?? Instant.FromUtc(2026, 6, 1, 12, 0),
            Money.Of(amount, currency)
        );

    /// <summary>
    /// A history of <paramref name="count"/> earlier sales of <paramref name="amount"/>, one a minute before <paramref
    /// name="before"/>.
    /// </summary>
    public static PartnerHistory History(int count, decimal amount, Instant before) =>
        new(Enumerable.Range(1, count).Select(i => (before - Duration.FromMinutes(i), amount)));

    public static PricingResult Price(
        CommissionPlan plan,
        ConversionFacts sale,
        Partner seller,
        IPartnerVolume? volume = null,
        IReadOnlyList<Partner>? uplines = null,
        DateTimeZone? zone = null
    ) =>
        PricingEngine.Price(
            new PricingRequest
            {
                Plan = plan,
                Conversion = sale,
                Seller = seller,
                Volume = volume ?? NoVolume.Instance,
                Uplines = uplines ?? [],
                TimeZone = zone ?? DateTimeZone.Utc,
            }
        );

    /// <summary>The amount each partner earns, by partner id.</summary>
    public static Dictionary<string, decimal> Earnings(PricingResult result)
    {
        Assert.True(result.Succeeded, result.Error?.Message);
        return result.Lines.GroupBy(l => l.PartnerId.Value).ToDictionary(g => g.Key, g => g.Sum(l => l.Amount.Amount));
    }
}
