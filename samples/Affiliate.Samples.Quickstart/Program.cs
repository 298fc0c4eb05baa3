// A small runnable tour of the pricing engine: define a plan, price a few conversions, print what each partner
// earns and why. Run it with ./build.sh sample.
using Affiliate;
using NodaTime;

var eur = Currency.EUR;
var berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];
var launch = Instant.FromUtc(2026, 1, 1, 0, 0);

var plan = new CommissionPlan
{
    Id = new PlanId("partners"),
    Name = "Partner program",
    Currency = eur,
    Versions =
    [
        new PlanVersion
        {
            Number = 1,
            EffectiveFrom = launch,
            Rules =
            [
                // 10% on everything, 15% from the 21st sale of the month.
                new CommissionRule
                {
                    Id = "volume",
                    Name = "Monthly volume",
                    Tiers = new VolumeTiers
                    {
                        Measure = TierMeasure.Count,
                        Window = VolumeWindow.CalendarMonth,
                        Steps = [new(1, CommissionRate.Percent(10)), new(21, CommissionRate.Percent(15), "Pro")],
                    },
                },
                // Books pay a flat 1.50 per copy, whatever the volume.
                new CommissionRule
                {
                    Id = "books",
                    Name = "Books",
                    Rate = CommissionRate.FlatPerItem(Money.Of(1.50m, "EUR")),
                    When = new RuleConditions { Categories = ["books"] },
                },
            ],
            MultiLevel = new MultiLevelPolicy
            {
                Levels = [new(2, CommissionRate.Percent(20)), new(3, CommissionRate.Percent(10))],
                Basis = UplineBasis.SellerCommission,
            },
            Bonuses =
            [
                new BonusRule
                {
                    Id = "first-sale",
                    Name = "Welcome bonus",
                    Milestone = Milestone.FirstConversion,
                    Reward = Money.Of(25m, "EUR"),
                },
            ],
        },
    ],
};

var problems = PlanValidator.Validate(plan);
Console.WriteLine(problems.Count == 0 ? "Plan is valid." : string.Join(Environment.NewLine, problems));

var anna = new Partner
{
    Id = new PartnerId("anna"),
    Name = "Anna",
    Status = PartnerStatus.Active,
    ReferralCodes = [ReferralCode.Parse("ANNA")],
};
var ben = new Partner
{
    Id = new PartnerId("ben"),
    Name = "Ben",
    Status = PartnerStatus.Active,
    SponsorId = anna.Id,
};
var cleo = new Partner
{
    Id = new PartnerId("cleo"),
    Name = "Cleo",
    Status = PartnerStatus.Active,
    SponsorId = ben.Id,
};

var cart = new ConversionFacts
{
    Id = new ConversionId("order-1001"),
    OccurredAt = Instant.FromUtc(2026, 3, 14, 15, 30),
    Country = "DE",
    Items =
    [
        new LineItem
        {
            ProductId = "headphones",
            Categories = ["electronics"],
            UnitPrice = Money.Of(89.90m, "EUR"),
        },
        new LineItem
        {
            ProductId = "novel",
            Categories = ["books"],
            UnitPrice = Money.Of(12.00m, "EUR"),
            Quantity = 2,
        },
    ],
    OrderDiscount = Money.Of(10m, "EUR"),
    Shipping = Money.Of(4.90m, "EUR"),
};

// Cleo's first sale of all time (welcome bonus), and then her 21st sale of a month.
Print(
    "Cleo's first sale",
    PricingEngine.Price(
        new PricingRequest
        {
            Plan = plan,
            Conversion = cart,
            Seller = cleo,
            Uplines = [ben, anna],
            TimeZone = berlin,
        }
    )
);

var twentyEarlier = new PartnerHistory(
    Enumerable.Range(1, 20).Select(i => (cart.OccurredAt - Duration.FromHours(i), 50m))
);
Print(
    "Cleo's 21st sale this month",
    PricingEngine.Price(
        new PricingRequest
        {
            Plan = plan,
            Conversion = cart with { Id = new ConversionId("order-1002") },
            Seller = cleo,
            Uplines = [ben, anna],
            Volume = twentyEarlier,
            TimeZone = berlin,
        }
    )
);

var shared = Money.Of(10.00m, "EUR").Allocate(1, 1, 1);
Console.WriteLine($"10.00 EUR shared by three partners: {string.Join(", ", shared)}");

static void Print(string title, PricingResult result)
{
    Console.WriteLine();
    Console.WriteLine(title);
    if (!result.Succeeded)
    {
        Console.WriteLine($"  not priced: {result.Error}");
        return;
    }

    foreach (var line in result.Lines)
    {
        Console.WriteLine($"  {line.PartnerId, -5} {line.Amount, 12}  {line.Explanation.ToSentence()}");
    }
}
