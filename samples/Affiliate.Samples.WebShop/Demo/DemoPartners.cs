namespace Affiliate.Samples.WebShop.Demo;

/// <summary>A partner of the demo program and how the seed simulates their audience.</summary>
/// <param name="Id">The partner id.</param>
/// <param name="Name">The display name.</param>
/// <param name="Email">The sign-in e-mail.</param>
/// <param name="Segment">The segment.</param>
/// <param name="Codes">The referral codes; a second code is a coupon the partner shares.</param>
/// <param name="Sponsor">The sponsor's partner id, for multi-level commissions.</param>
/// <param name="ClicksPerDay">The average clicks a day the seed simulates.</param>
/// <param name="ConversionRate">The share of clicks that buy.</param>
/// <param name="CouponSalesPerDay">The average coupon sales a day (without a click).</param>
/// <param name="Channels">The sub1 values their links carry (where the click came from).</param>
/// <param name="Pending">Applied but not yet approved: no traffic.</param>
public sealed record DemoPartner(
    string Id,
    string Name,
    string Email,
    PartnerSegment Segment,
    string[] Codes,
    string? Sponsor,
    double ClicksPerDay,
    double ConversionRate,
    double CouponSalesPerDay = 0,
    string[]? Channels = null,
    bool Pending = false
)
{
    /// <summary>The main referral code (links use it).</summary>
    public string Code => Codes[0];

    /// <summary>The product their links point to (one per partner, from the catalogue's slugs).</summary>
    public string FavouriteProduct =>
        Segment == PartnerSegment.ReviewSite ? "burr-grinder"
        : Segment == PartnerSegment.ContentCreator ? "brewing-at-home"
        : "gooseneck-kettle";

    /// <summary>The coupon code, when the partner has one.</summary>
    public string? Coupon => Codes.Length > 1 ? Codes[1] : null;
}

/// <summary>The demo program's twenty partners (sponsors listed before the partners they recruited).</summary>
public static class DemoPartners
{
    private static readonly string[] Social = ["instagram", "tiktok", "youtube"];
    private static readonly string[] Blog = ["article", "newsletter", "sidebar"];
    private static readonly string[] Reviews = ["review", "comparison", "best-of"];

    /// <summary>Every demo partner.</summary>
    public static IReadOnlyList<DemoPartner> All { get; } =
    [
        new(
            "mia",
            "Mia Hoffmann",
            "mia@partners.example",
            PartnerSegment.Influencer,
            ["MIA", "MIA10"],
            null,
            9,
            0.1,
            0.3,
            Social
        ),
        new(
            "leon",
            "Leon Bauer",
            "leon@partners.example",
            PartnerSegment.Influencer,
            ["LEON"],
            "mia",
            4,
            0.08,
            Channels: Social
        ),
        new(
            "sofia",
            "Sofia Rossi",
            "sofia@partners.example",
            PartnerSegment.Influencer,
            ["SOFIA", "SOFIA10"],
            null,
            6,
            0.09,
            0.2,
            Social
        ),
        new(
            "noah",
            "Noah Klein",
            "noah@partners.example",
            PartnerSegment.Influencer,
            ["NOAH"],
            "sofia",
            2.5,
            0.07,
            Channels: Social
        ),
        new(
            "kitchenlab",
            "The Kitchen Lab",
            "hello@kitchenlab.example",
            PartnerSegment.ContentCreator,
            ["KITCHENLAB"],
            "mia",
            5,
            0.11,
            Channels: Blog
        ),
        new(
            "brewbros",
            "Brew Brothers",
            "team@brewbros.example",
            PartnerSegment.ContentCreator,
            ["BREWBROS"],
            "kitchenlab",
            4,
            0.1,
            Channels: Blog
        ),
        new(
            "slowmornings",
            "Slow Mornings",
            "anna@slowmornings.example",
            PartnerSegment.ContentCreator,
            ["SLOWMORNINGS"],
            null,
            3,
            0.12,
            Channels: Blog
        ),
        new(
            "urbanhome",
            "Urban Home TV",
            "studio@urbanhome.example",
            PartnerSegment.ContentCreator,
            ["URBANHOME"],
            "slowmornings",
            2,
            0.09,
            Channels: Blog
        ),
        new(
            "gearverdict",
            "Gear Verdict",
            "editors@gearverdict.example",
            PartnerSegment.ReviewSite,
            ["GEARVERDICT"],
            null,
            7,
            0.09,
            Channels: Reviews
        ),
        new(
            "testhaus",
            "Testhaus",
            "redaktion@testhaus.example",
            PartnerSegment.ReviewSite,
            ["TESTHAUS"],
            null,
            4,
            0.1,
            Channels: Reviews
        ),
        new(
            "bestpicks",
            "Best Picks Daily",
            "deals@bestpicks.example",
            PartnerSegment.ReviewSite,
            ["BESTPICKS"],
            "gearverdict",
            3,
            0.08,
            Channels: Reviews
        ),
        new(
            "homecritic",
            "Home Critic",
            "team@homecritic.example",
            PartnerSegment.ReviewSite,
            ["HOMECRITIC"],
            null,
            1.5,
            0.1,
            Channels: Reviews
        ),
        new(
            "cashcow",
            "CashCow",
            "partners@cashcow.example",
            PartnerSegment.CashbackLoyalty,
            ["CASHCOW"],
            null,
            6,
            0.12
        ),
        new(
            "rewardly",
            "Rewardly",
            "affiliates@rewardly.example",
            PartnerSegment.CashbackLoyalty,
            ["REWARDLY"],
            null,
            4,
            0.11
        ),
        new(
            "bonusbuddy",
            "BonusBuddy",
            "ops@bonusbuddy.example",
            PartnerSegment.CashbackLoyalty,
            ["BONUSBUDDY"],
            "rewardly",
            2,
            0.1
        ),
        new(
            "dealdrop",
            "DealDrop",
            "coupons@dealdrop.example",
            PartnerSegment.CouponSite,
            ["DEALDROP", "SAVE10"],
            null,
            0.4,
            0.1,
            0.8
        ),
        new(
            "couponcove",
            "CouponCove",
            "team@couponcove.example",
            PartnerSegment.CouponSite,
            ["COUPONCOVE", "COVE10"],
            null,
            0.3,
            0.1,
            0.5
        ),
        new(
            "vouchervault",
            "VoucherVault",
            "hi@vouchervault.example",
            PartnerSegment.CouponSite,
            ["VOUCHERVAULT", "VAULT10"],
            "couponcove",
            0.3,
            0.1,
            0.4
        ),
        new(
            "brewlog",
            "Brew Log Newsletter",
            "editor@brewlog.example",
            PartnerSegment.ContentCreator,
            ["BREWLOG"],
            "brewbros",
            1.5,
            0.1,
            Channels: Blog
        ),
        new(
            "freshfinds",
            "Fresh Finds",
            "apply@freshfinds.example",
            PartnerSegment.ContentCreator,
            ["FRESHFINDS"],
            null,
            0,
            0,
            Pending: true
        ),
    ];

    /// <summary>The partner with <paramref name="email"/> (case-insensitive), or null.</summary>
    public static DemoPartner? ByEmail(string email) =>
        All.FirstOrDefault(p => string.Equals(p.Email, email.Trim(), StringComparison.OrdinalIgnoreCase));
}
