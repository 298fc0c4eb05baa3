using System.Globalization;
using System.Net;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// What the benchmarks seed is defined in this file, on purpose: the core's write records are changing (rollup
// properties, Payout.LineIds becoming a count, set-based jobs), and one file is one place to adapt. BulkSeeder.cs
// writes the same history in bulk; --check-seeder says when a change here needs a change there.

namespace Affiliate.Benchmarks.Data;

/// <summary>
/// Writes the benchmarks' data through the library's own write paths, so that every table the library derives from
/// its writes stays consistent: partners through <see cref="PartnerDirectory"/>, jobs through
/// <see cref="CommissionLedger"/> and <see cref="PayoutProcessor"/>, and the bulk of the history through the stores
/// (<see cref="ITouchStore.AddClickAsync"/>, <see cref="IConversionStore.RecordAsync"/>) with records built here,
/// because recording 100,000 conversions through <see cref="ConversionRecorder"/> costs more the more there are.
/// </summary>
public interface ISeeder
{
    /// <summary>Registers the program's partners, active, in their sponsor tree.</summary>
    Task PartnersAsync(BenchHost host);

    /// <summary>
    /// Sales spread over the 30 days before <see cref="BenchProgram.Now"/>, each with the visitor's click five
    /// minutes before, priced by the plan (seller and up to two sponsors), pending: until there are
    /// <paramref name="conversions"/> sales, or <paramref name="lines"/> commission lines, whichever is given.
    /// </summary>
    Task HistoryAsync(BenchHost host, int? conversions = null, int? lines = null);

    /// <summary>Clicks of visitors <c>shopper-0</c>... who buy during the benchmarks, ten minutes before now.</summary>
    Task ShoppersAsync(BenchHost host, int visitors);

    /// <summary>Approves every due line, as the approval job does at <see cref="BenchProgram.JobsRunAt"/>.</summary>
    Task ApproveAsync(BenchHost host);

    /// <summary>Creates the payouts of every partner over the threshold, as the payout run does.</summary>
    Task CreatePayoutsAsync(BenchHost host);
}

/// <summary>The data sets the benchmarks copy, each a <see cref="Template"/> seeded by <see cref="Seeder"/>.</summary>
public static class DataSets
{
    /// <summary>Visitors with a click ready to buy in the conversion benchmarks (more than one iteration
    /// records).</summary>
    public const int Shoppers = 100;

    // The history in bulk (minutes instead of hours at a million lines), the rest through the library; --check-seeder
    // proves the bulk history equal to the library's. The interface is the point: the seeder is the piece to swap.
#pragma warning disable CA1859
    private static readonly ISeeder Seed = new BulkSeeder();
#pragma warning restore CA1859

    /// <summary>Partners only: the clicks benchmarks start from it.</summary>
    public static Template Partners() => new("partners", BenchProgram.PartnerCount, Seed.PartnersAsync);

    /// <summary><paramref name="conversions"/> prior sales in the 30-day window, plus shoppers' clicks.</summary>
    public static Template Sales(int conversions) => new("sales", conversions, async host =>
        {
            await Seed.HistoryAsync(host, conversions: conversions);
            await Seed.ShoppersAsync(host, Shoppers);
        }) { Base = Partners() };

    /// <summary>
    /// Sales with <paramref name="lines"/> pending commission lines, all due at <see cref="BenchProgram.JobsRunAt"/>;
    /// the reads run on it too.
    /// </summary>
    public static Template PendingLines(int lines) =>
        new("pending-lines", lines, host => Seed.HistoryAsync(host, lines: lines)) { Base = Partners() };

    /// <summary><see cref="PendingLines"/> after the approval job.</summary>
    public static Template ApprovedLines(int lines) =>
        new("approved-lines", lines, Seed.ApproveAsync) { Base = PendingLines(lines) };

    /// <summary><see cref="ApprovedLines"/> after the payout run: one pending payout per partner.</summary>
    public static Template Payouts(int lines) =>
        new("payouts", lines, Seed.CreatePayoutsAsync) { Base = ApprovedLines(lines) };
}

/// <summary>The one <see cref="ISeeder"/>: deterministic data (fixed ids, instants and amounts) for every
/// run.</summary>
public sealed class Seeder : ISeeder
{
    /// <summary>Raise when the seeded data changes, so cached templates are seeded again.</summary>
    public const int DataVersion = 4;

    /// <summary>Sales per transaction: large batches keep seeding fast (SQLite syncs once per commit).</summary>
    private const int Batch = 500;

    /// <summary>The browser every seeded and benchmarked click comes from.</summary>
    public const string UserAgent =
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    /// <inheritdoc />
    public async Task PartnersAsync(BenchHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        await host.InScopeAsync(async services =>
        {
            // One transaction for all (each registration a savepoint in it): one sync to disk instead of 200.
            var context = services.GetRequiredService<AffiliateDbContext>();
            var directory = services.GetRequiredService<PartnerDirectory>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            for (var i = 0; i < BenchProgram.PartnerCount; i++)
            {
                var sponsor = BenchProgram.SponsorOf(i);
                var result = await directory.RegisterAsync(
                    new PartnerApplication
                    {
                        Id = BenchProgram.Partner(i),
                        Name = string.Create(CultureInfo.InvariantCulture, $"Partner {i}"),
                        Email = string.Create(CultureInfo.InvariantCulture, $"partner{i}@partners.example"),
                        ReferralCodes = [BenchProgram.Code(i)],
                        SponsorCode = sponsor < 0 ? null : BenchProgram.Code(sponsor),
                        AutoApprove = true,
                    }
                );
                Expect(result.Succeeded, $"registering partner {i}: {result}");
            }

            await transaction.CommitAsync();
            return BenchProgram.PartnerCount;
        });
    }

    /// <inheritdoc />
    public async Task HistoryAsync(BenchHost host, int? conversions = null, int? lines = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var partners = await PartnersOfAsync(host);
        var anonymizer = host.Services.GetRequiredService<IpAddressAnonymizer>();
        foreach (var sales in Sales(partners, Sellers(conversions, lines), anonymizer, withRollups: true).Chunk(Batch))
        {
            await host.InScopeAsync(async services =>
            {
                // One transaction per batch; each store write is a savepoint inside it, as in a host's own transaction.
                var context = services.GetRequiredService<AffiliateDbContext>();
                var touches = services.GetRequiredService<ITouchStore>();
                var store = services.GetRequiredService<IConversionStore>();
                await using var transaction = await context.Database.BeginTransactionAsync();
                foreach (var (click, record) in sales)
                {
                    Expect(
                        (
                            await touches.AddClickAsync(
                                click,
                                new RollupChange().Click(click, DateTimeZone.Utc),
                                default
                            )
                        ).Succeeded,
                        $"click {click.Id}"
                    );
                    Expect((await store.RecordAsync(record, default)).Succeeded, $"conversion {record.Conversion.Id}");
                }

                await transaction.CommitAsync();
                return sales.Length;
            });
        }
    }

    /// <summary>The program's partners, as registered by <see cref="PartnersAsync"/>.</summary>
    internal static Task<Partner[]> PartnersOfAsync(BenchHost host) =>
        host.InScopeAsync(async services =>
        {
            var store = services.GetRequiredService<IPartnerStore>();
            var found = new Partner[BenchProgram.PartnerCount];
            for (var i = 0; i < found.Length; i++)
            {
                found[i] = await store.FindAsync(BenchProgram.Partner(i), default)
                    ?? throw new InvalidOperationException("Seed the partners first.");
            }

            return found;
        });

    /// <summary>
    /// The history's sales in time order, each with its visitor's click: the one definition both seeders write.
    /// Lazy, so that a million lines never sit in memory at once. <paramref name="withRollups"/> false leaves each
    /// record's <see cref="ConversionRecord.Rollups"/> empty, for a writer that computes the read side itself.
    /// </summary>
    internal static IEnumerable<(Click Click, ConversionRecord Record)> Sales(
        Partner[] partners,
        List<int> sellers,
        IpAddressAnonymizer anonymizer,
        bool withRollups
    )
    {
        var volume = new VolumeBook();
        var start = BenchProgram.Now - BenchProgram.Window + Duration.FromHours(1);
        var span = (BenchProgram.Window - Duration.FromHours(2)).BclCompatibleTicks;
        for (var n = 0; n < sellers.Count; n++)
        {
            var at = start + Duration.FromTicks((long)((decimal)span * n / sellers.Count));
            yield return Sale(n, at, partners, sellers[n], volume, anonymizer, withRollups);
        }
    }

    /// <inheritdoc />
    public async Task ShoppersAsync(BenchHost host, int visitors)
    {
        ArgumentNullException.ThrowIfNull(host);
        var anonymizer = host.Services.GetRequiredService<IpAddressAnonymizer>();
        await host.InScopeAsync(async services =>
        {
            var context = services.GetRequiredService<AffiliateDbContext>();
            var touches = services.GetRequiredService<ITouchStore>();
            await using var transaction = await context.Database.BeginTransactionAsync();
            for (var k = 0; k < visitors; k++)
            {
                var click = Click(
                    new ClickId(string.Create(CultureInfo.InvariantCulture, $"shopper-clk-{k:D5}")),
                    BenchProgram.Partner(1 + (k % (BenchProgram.PartnerCount - 1))),
                    Shopper(k),
                    BenchProgram.Now - Duration.FromMinutes(10),
                    100_000 + k,
                    anonymizer
                );
                Expect(
                    (
                        await touches.AddClickAsync(click, new RollupChange().Click(click, DateTimeZone.Utc), default)
                    ).Succeeded,
                    $"click {click.Id}"
                );
            }

            await transaction.CommitAsync();
            return visitors;
        });
    }

    /// <inheritdoc />
    public async Task ApproveAsync(BenchHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Clock.Now = BenchProgram.JobsRunAt;
        var approved = await host.RunAsync<CommissionLedger, int>(l =>
            l.ApproveDueAsync(BenchProgram.ProgramId, BenchProgram.JobsRunAt).AsTask()
        );
        Expect(approved > 0, "the approval job approved nothing");
    }

    /// <inheritdoc />
    public async Task CreatePayoutsAsync(BenchHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        host.Clock.Now = BenchProgram.JobsRunAt;
        var payouts = await host.RunAsync<PayoutProcessor, IReadOnlyList<Payout>>(async p =>
            (await p.CreatePayoutsAsync(BenchProgram.ProgramId, BenchProgram.JobsRunAt)).GetValueOrThrow().Payouts
        );
        Expect(payouts.Count > 0, "the payout run created no payout");
    }

    /// <summary>The visitor id of shopper number <paramref name="index"/>.</summary>
    public static string Shopper(int index) => string.Create(CultureInfo.InvariantCulture, $"shopper-{index:D5}");

    /// <summary>
    /// Who sells each sale, until the target is met. Sellers are drawn with a fixed seed and skewed towards the low
    /// partner numbers (a few partners bring most sales, as in real programs); a sale has one line for the seller and
    /// one per sponsor up to two levels.
    /// </summary>
    internal static List<int> Sellers(int? conversions, int? lines)
    {
        if (conversions is null == lines is null)
        {
            throw new ArgumentException("Give either a number of conversions or a number of lines.");
        }

#pragma warning disable CA5394 // Reproducible test data, not security.
        var random = new Random(20260620);
        var sellers = new List<int>();
        var lineCount = 0;
        while (conversions is { } c ? sellers.Count < c : lineCount < lines!.Value)
        {
            var u = random.NextDouble();
            var seller = (int)(u * u * BenchProgram.PartnerCount);
            sellers.Add(seller);
            lineCount += 1 + Math.Min(2, Depth(seller));
        }
#pragma warning restore CA5394

        return sellers;
    }

    private static int Depth(int partner)
    {
        var depth = 0;
        for (var p = partner; BenchProgram.SponsorOf(p) >= 0; p = BenchProgram.SponsorOf(p))
        {
            depth++;
        }

        return depth;
    }

    /// <summary>Sale number <paramref name="n"/>, as <see cref="ConversionRecorder"/> would record it for a clicked
    /// visitor.</summary>
    private static (Click Click, ConversionRecord Record) Sale(
        int n,
        Instant at,
        Partner[] partners,
        int sellerIndex,
        VolumeBook volume,
        IpAddressAnonymizer anonymizer,
        bool withRollups
    )
    {
        var seller = partners[sellerIndex];
        var programId = BenchProgram.ProgramId;
        var click = Click(
            new ClickId(string.Create(CultureInfo.InvariantCulture, $"seed-clk-{n:D7}")),
            seller.Id,
            string.Create(CultureInfo.InvariantCulture, $"seed-v-{n:D7}"),
            at - Duration.FromMinutes(5),
            n,
            anonymizer
        );

        var amount = Money.Of(10m + (n % 4000 / 20m), "EUR");
        var id = new ConversionId(string.Create(CultureInfo.InvariantCulture, $"seed-cnv-{n:D7}"));
        var facts = ConversionFacts.Sale(id, at, amount);
        var prefetched = new PrefetchedVolume();
        foreach (var window in PricingEngine.VolumeWindowsFor(BenchProgram.Plan, at, DateTimeZone.Utc))
        {
            prefetched.Add(window, volume.Between(seller.Id, window.From, window.Until));
        }

        var uplines = new List<Partner>();
        for (var sponsor = BenchProgram.SponsorOf(sellerIndex); sponsor >= 0 && uplines.Count < 2; )
        {
            uplines.Add(partners[sponsor]);
            sponsor = BenchProgram.SponsorOf(sponsor);
        }

        var priced = PricingEngine.Price(
            new PricingRequest
            {
                Plan = BenchProgram.Plan,
                Conversion = facts,
                Seller = seller,
                Uplines = uplines,
                Volume = prefetched,
                TimeZone = DateTimeZone.Utc,
            }
        );
        Expect(priced.Succeeded, $"pricing sale {n}: {priced.Error}");
        volume.Add(seller.Id, at, amount.Amount);

        var recordedAt = at + Duration.FromSeconds(1);
        var conversion = new Conversion
        {
            Id = facts.Id,
            ProgramId = programId,
            Kind = facts.Kind,
            OccurredAt = at,
            RecordedAt = recordedAt,
            Amount = amount,
            ProgramAmount = amount,
            Status = ConversionStatus.Attributed,
            AttributionReason = AttributionReason.Clicks,
            Shares =
            [
                new AttributionShare(seller.Id, 1m, TouchKind.Click, click.Id) { Fraction = 1m, At = click.OccurredAt },
            ],
            ClickId = click.Id,
            SubIds = click.SubIds,
            VisitorId = click.VisitorId,
            IpHash = click.IpHash,
            FraudAction = FraudAction.Allow,
            Refunded = Money.Zero(Currency.EUR),
            Fingerprint = string.Create(CultureInfo.InvariantCulture, $"seed-{n:D7}"),
        };
        var lines = priced
            .Lines.Select(l => new CommissionLine
            {
                Id = new CommissionLineId(
                    string.Create(CultureInfo.InvariantCulture, $"seed-cml-{n:D7}-{l.Level}-{(int)l.Kind}")
                ),
                ProgramId = programId,
                PartnerId = l.PartnerId,
                ConversionId = facts.Id,
                Kind = l.Kind switch
                {
                    CommissionLineKind.Upline => LedgerEntryKind.Upline,
                    CommissionLineKind.Bonus => LedgerEntryKind.Bonus,
                    CommissionLineKind.PeriodAdjustment => LedgerEntryKind.PeriodAdjustment,
                    _ => LedgerEntryKind.Commission,
                },
                Level = l.Level,
                Amount = l.Amount,
                State = CommissionState.Pending,
                CreatedAt = recordedAt,
                ApprovableAt = at + BenchProgram.HoldPeriod,
                PlanId = l.Explanation.PlanId,
                PlanVersion = l.Explanation.PlanVersion,
                Explanation = l.Explanation.ToSentence(),
                Details = l.Explanation,
                Placement = new ReportPlacement(
                    at.InUtc().Date,
                    l.Kind == CommissionLineKind.Upline ? null : click.SubIds,
                    click.LinkId
                ),
            })
            .ToArray();

        // The read side the recorder would keep: the same contributions, computed by the core. The bulk seeder computes
        // them in SQL from the rows instead, and skips this.
        var rollups = new RollupChange();
        if (withRollups)
        {
            rollups.Conversion(conversion, DateTimeZone.Utc, Currency.EUR, ClickSources.From([click]));
            foreach (var line in lines)
            {
                rollups.Line(line);
            }
        }

        // Event ids are fixed too (a new event's own would be random), so that both seeders write the same outbox.
        var events = new List<AffiliateEvent>
        {
            new ConversionRecorded(conversion.Id, conversion.Status, [seller.Id], amount)
            {
                EventId = EventId(n, 0),
                OccurredAt = recordedAt,
                ProgramId = programId,
            },
        };
        events.AddRange(
            lines.Select(
                (l, i) =>
                    new CommissionLineCreated(l.Id, l.PartnerId, l.Kind, l.Amount, l.State)
                    {
                        EventId = EventId(n, i + 1),
                        OccurredAt = recordedAt,
                        ProgramId = programId,
                    }
            )
        );
        return (click, new ConversionRecord(conversion, lines, null, events) { Rollups = rollups });
    }

    /// <summary>Event number <paramref name="k"/> of sale <paramref name="n"/>: a fixed id, version 7 like the
    /// library's own (<c>5eed0000-0000-7000-8000-nnnnnnnnkkkk</c>).</summary>
    private static Guid EventId(int n, int k) =>
        Guid.Parse(string.Create(CultureInfo.InvariantCulture, $"5eed0000-0000-7000-8000-{n:D8}{k:D4}"));

    /// <summary>A click as <see cref="ClickTracker"/> stores it, from an address of the 198.18.0.0/15 benchmarking
    /// range.</summary>
    private static Click Click(
        ClickId id,
        PartnerId partner,
        string visitor,
        Instant at,
        int address,
        IpAddressAnonymizer anonymizer
    )
    {
        var ip = BenchmarkAddress(address);
        return new Click
        {
            Id = id,
            ProgramId = BenchProgram.ProgramId,
            PartnerId = partner,
            LinkId = "spring-campaign",
            SubIds = ["newsletter"],
            LandingUrl = "https://shop.example/products/espresso-machine",
            Referrer = "https://blog.example/reviews/espresso",
            UserAgent = UserAgent,
            VisitorId = visitor,
            OccurredAt = at,
            AnonymizedIp = anonymizer.Anonymize(ip),
            IpHash = anonymizer.Hash(ip),
            Country = "DE",
        };
    }

    /// <summary>Address number <paramref name="n"/> of the 198.18.0.0/15 benchmarking range (RFC 2544).</summary>
    public static IPAddress BenchmarkAddress(int n) =>
        new([198, (byte)(18 + ((n >> 16) & 1)), (byte)((n >> 8) & 0xFF), (byte)(n & 0xFF)]);

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("Seeding failed: " + what);
        }
    }

    /// <summary>Each partner's seeded sales so far (seeded in time order), with running totals, to price volume
    /// tiers.</summary>
    private sealed class VolumeBook
    {
        private readonly Dictionary<PartnerId, (List<Instant> At, List<decimal> Running)> _sales = [];

        public void Add(PartnerId partner, Instant at, decimal revenue)
        {
            if (!_sales.TryGetValue(partner, out var sales))
            {
                _sales[partner] = sales = ([], []);
            }

            sales.At.Add(at);
            sales.Running.Add((sales.Running.Count == 0 ? 0m : sales.Running[^1]) + revenue);
        }

        public VolumeTotals Between(PartnerId partner, Instant? from, Instant until)
        {
            if (!_sales.TryGetValue(partner, out var sales))
            {
                return VolumeTotals.None;
            }

            var first = from is { } start ? FirstAtOrAfter(sales.At, start) : 0;
            var end = FirstAtOrAfter(sales.At, until);
            if (end <= first)
            {
                return VolumeTotals.None;
            }

            var before = first == 0 ? 0m : sales.Running[first - 1];
            return new VolumeTotals(end - first, sales.Running[end - 1] - before);
        }

        private static int FirstAtOrAfter(List<Instant> instants, Instant at)
        {
            var (low, high) = (0, instants.Count);
            while (low < high)
            {
                var middle = (low + high) / 2;
                if (instants[middle] < at)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle;
                }
            }

            return low;
        }
    }
}
