using System.Globalization;

namespace Affiliate.Benchmarks.Data;

/// <summary>
/// The one program every benchmark runs: the README's plan (10%, 15% from a partner's 21st sale of the calendar
/// month, 2% and 1% to the two sponsors above the seller), in EUR and UTC, with a 30-day attribution window and hold
/// period, and <see cref="PartnerCount"/> partners in a sponsor tree (partner i is sponsored by partner (i - 1) / 2),
/// so most sales have three lines. UTC keeps the hand-written baselines' day buckets simple integer division.
/// </summary>
public static class BenchProgram
{
    /// <summary>How many partners the program has.</summary>
    public const int PartnerCount = 200;

    /// <summary>Ticks (100 ns) in a day, the day bucket of the hand-written reports (the program is in UTC).</summary>
    public const long TicksPerDay = 864_000_000_000;

    /// <summary>The IP hash key (tests and benchmarks only).</summary>
    public const string IpHashKey = "benchmark-ip-hash-key-0123456789";

    /// <summary>The benchmarks' "now": seeded history lies in the 30 days before it, measured calls happen at
    /// it.</summary>
    public static readonly Instant Now = Instant.FromUtc(2026, 6, 20, 12, 0);

    /// <summary>When the plan starts: well before any seeded conversion.</summary>
    public static readonly Instant PlanStart = Instant.FromUtc(2026, 1, 1, 0, 0);

    /// <summary>The attribution window and the history the benchmarks seed.</summary>
    public static readonly Duration Window = Duration.FromDays(30);

    /// <summary>How long lines stay pending before approval.</summary>
    public static readonly Duration HoldPeriod = Duration.FromDays(30);

    /// <summary>When the jobs run: every seeded line is past its hold period.</summary>
    public static readonly Instant JobsRunAt = Now + HoldPeriod + Duration.FromDays(1);

    /// <summary>The program's id (the default program).</summary>
    public static readonly ProgramId ProgramId = new("default");

    /// <summary>The README's three-level tiered plan.</summary>
    public static CommissionPlan Plan { get; } =
        new()
        {
            Id = new PlanId("partners"),
            Name = "Partner program",
            Currency = Currency.EUR,
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = PlanStart,
                    Rules =
                    [
                        new CommissionRule
                        {
                            Id = "volume",
                            Tiers = new VolumeTiers
                            {
                                Measure = TierMeasure.Count,
                                Window = VolumeWindow.CalendarMonth,
                                Steps = [new(1, CommissionRate.Percent(10)), new(21, CommissionRate.Percent(15))],
                            },
                        },
                        new CommissionRule
                        {
                            Id = "books",
                            Rate = CommissionRate.Percent(5),
                            When = new() { Categories = ["books"] },
                        },
                    ],
                    MultiLevel = new MultiLevelPolicy
                    {
                        Levels = [new(2, CommissionRate.Percent(2)), new(3, CommissionRate.Percent(1))],
                    },
                },
            ],
        };

    /// <summary>Partner number <paramref name="index"/>.</summary>
    public static PartnerId Partner(int index) =>
        new(string.Create(CultureInfo.InvariantCulture, $"partner-{index:D3}"));

    /// <summary>Partner number <paramref name="index"/>'s referral code.</summary>
    public static string Code(int index) => string.Create(CultureInfo.InvariantCulture, $"P{index:D3}REF");

    /// <summary>The sponsor of partner number <paramref name="index"/>, or -1 for the root.</summary>
    public static int SponsorOf(int index) => index == 0 ? -1 : (index - 1) / 2;

    /// <summary>The options of <c>AddAffiliates</c>: this program, every built-in fraud rule on (as by
    /// default).</summary>
    public static void Configure(AffiliateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.DefaultProgramId = ProgramId.Value;
        options.DefaultCurrency = "EUR";
        options.TimeZone = "UTC";
        options.AttributionWindow = Window;
        options.HoldPeriod = HoldPeriod;
        options.Plan = Plan;
        options.IpHashKey = IpHashKey;
        // A low threshold, so that every partner with sales is paid at every size, the thousandth of smoke mode
        // included.
        options.Payouts = new PayoutPolicy { Thresholds = [Money.Of(1m, "EUR")] };

        // The list rules are on by default but have nothing to check while their lists are empty: give them entries.
        options.Fraud.BlockedCountries.Countries.Add("XX");
        options.Fraud.BlockedReferrers.Hosts.Add("spam.example");
        options.Fraud.BlockedIpRanges.Ranges.Add("203.0.113.0/24");
    }
}
