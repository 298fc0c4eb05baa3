using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Stores.Specification.ReadSide;

/// <summary>
/// <see cref="ClickTracker.RecordManyAsync"/> is <see cref="ClickTracker.RecordAsync"/> one by one in order: random
/// histories and batches of clicks (shared IPs and visitors against tight velocity limits, times inside and outside
/// the windows, repeated click ids with the same or other content, unknown, malformed and pending partners' codes,
/// bad fields) give the same answers and leave the same stored clicks on two fresh stores, one fed each way.
/// </summary>
public abstract class ClickBatchSpecification
{
    private static readonly string[] Codes = ["ANNA10", "BEN10", "PENDING10", "NOBODY10", "bad code!"];

    /// <summary>One click request, by small numbers (see <see cref="Request"/>).</summary>
    public sealed record Spec(int Code, int Visitor, int Ip, int Id, int Minutes, int Landing);

    private static Gen<Spec> Specs { get; } =
        Gen.Zip(
                Gen.Zip(Gen.Frequency((8, Gen.Choose(0, 1)), (1, Gen.Choose(2, 4))), Gen.Choose(0, 4)),
                Gen.Zip(Gen.Zip(Gen.Choose(0, 3), Gen.Choose(0, 6)), Gen.Zip(Gen.Choose(-1, 70), Gen.Choose(0, 4)))
            )
            .Select(t => new Spec(
                t.Item1.Item1,
                t.Item1.Item2,
                t.Item2.Item1.Item1,
                t.Item2.Item1.Item2,
                t.Item2.Item2.Item1,
                t.Item2.Item2.Item2
            ));

    /// <summary>How many random cases to run (a real database runs fewer).</summary>
    protected virtual int Cases => 300;

    /// <summary>Starts the library over a fresh, empty store at <paramref name="start"/>.</summary>
    protected abstract Task<IReadSideHost> StartAsync(Instant start, Action<AffiliateOptions> configure);

    [Fact]
    public void A_batch_records_what_one_by_one_records() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(Cases).WithQuietOnSuccess(true),
            Prop.ForAll(
                Gen.Zip(
                        Gen.Choose(0, 12).SelectMany(n => Gen.ArrayOf(Specs, n)),
                        Gen.Choose(1, 40).SelectMany(n => Gen.ArrayOf(Specs, n))
                    )
                    .ToArbitrary(),
                t => Task.Run(() => RunAsync(t.Item1, t.Item2)).GetAwaiter().GetResult()
            )
        );

    private async Task<bool> RunAsync(Spec[] history, Spec[] batch)
    {
        var start = Instant.FromUtc(2026, 3, 1, 12, 0);
        await using var oneByOne = await StartAsync(start, Configure);
        await using var together = await StartAsync(start, Configure);
        await PrepareAsync(oneByOne, history);
        await PrepareAsync(together, history);

        var requests = batch.Select(s => Request(s, start)).ToArray();
        var tracker = oneByOne.Services.GetRequiredService<ClickTracker>();
        var expected = new List<AffiliateResult<Click>>();
        foreach (var request in requests)
        {
            expected.Add(await tracker.RecordAsync(request));
        }

        var actual = await together.Services.GetRequiredService<ClickTracker>().RecordManyAsync(requests);

        Assert.Equal(requests.Length, actual.Count);
        for (var i = 0; i < requests.Length; i++)
        {
            var given = requests[i].ClickId is not null;
            Assert.True(
                Describe(expected[i], given) == Describe(actual[i], given),
                $"Request {i} of {requests.Length} ({batch[i]}): one by one {Describe(expected[i], given)}, "
                    + $"in a batch {Describe(actual[i], given)}."
            );
        }

        var storedOneByOne = await StoredAsync(oneByOne, start);
        var storedTogether = await StoredAsync(together, start);
        Assert.Equal(storedOneByOne, storedTogether);
        return true;
    }

    private static void Configure(AffiliateOptions o)
    {
        o.Plan = SpecData.TenPercentPlan();
        o.IpHashKey = "click-batch-ip-hash-key-0123456789";
        // Tight limits, so that a few clicks reach them and the windows' edges fall among the generated minutes.
        o.Fraud.IpVelocity.MaxClicks = 3;
        o.Fraud.IpVelocity.Window = Duration.FromMinutes(30);
        o.Fraud.VisitorVelocity.MaxClicks = 2;
        o.Fraud.VisitorVelocity.Window = Duration.FromMinutes(20);
    }

    /// <summary>The partners, then the history recorded one by one on this store.</summary>
    private static async Task PrepareAsync(IReadSideHost host, Spec[] history)
    {
        var partners = host.Services.GetRequiredService<PartnerDirectory>();
        foreach (var (id, approved) in new[] { ("anna", true), ("ben", true), ("pending", false) })
        {
            (
                await partners.RegisterAsync(
                    new PartnerApplication
                    {
                        Id = new PartnerId(id),
                        Name = id,
                        ReferralCodes = [id.ToUpperInvariant() + "10"],
                        AutoApprove = approved,
                    }
                )
            ).GetValueOrThrow();
        }

        var tracker = host.Services.GetRequiredService<ClickTracker>();
        foreach (var spec in history)
        {
            await tracker.RecordAsync(Request(spec, host.Now));
        }
    }

    /// <summary>
    /// A request: code by index; visitor 4 is empty (invalid); IP 3 is none; click id 0 to 2 is generated, 3 to 6
    /// one of four given ids; minutes -1 is "now" (no time given), else that many minutes before
    /// <paramref name="now"/>; landing 4 is another page (the same id with other content conflicts), 3 no user agent.
    /// </summary>
    private static ClickRequest Request(Spec spec, Instant now) =>
        new()
        {
            ReferralCode = Codes[spec.Code],
            VisitorId = spec.Visitor == 4 ? "" : $"visitor-{spec.Visitor}",
            IpAddress = spec.Ip == 3 ? null : $"198.51.100.{spec.Ip}",
            ClickId = spec.Id >= 3 ? new ClickId($"click-{spec.Id}") : null,
            OccurredAt = spec.Minutes < 0 ? null : now - Duration.FromMinutes(spec.Minutes),
            LandingUrl = spec.Landing == 4 ? "https://shop.example/other" : "https://shop.example/",
            SubIds = [],
            // A browser, but for landing 3: no user agent is a bot's, rejected by its own rule.
            UserAgent = spec.Landing == 3 ? null : "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
        };

    /// <summary>What a result says; a generated click id is left out (each store generates its own).</summary>
    private static string Describe(AffiliateResult<Click> result, bool idGiven) =>
        result.Error is { } error
            ? $"error {error.Code}"
            : $"{(result.AlreadyRecorded ? "replayed" : "recorded")} "
                + $"[{string.Join(",", result.Warnings.Select(w => w.Code))}] {Describe(result.Value!, idGiven)}";

    private static string Describe(Click click, bool idGiven) =>
        $"{(idGiven ? click.Id.Value : "(generated)")} {click.PartnerId} {click.VisitorId} {click.OccurredAt} "
        + $"{click.IpHash} {click.LandingUrl} attributable={click.Attributable} "
        + $"fraud=[{string.Join(",", click.FraudCodes)}]";

    private static async Task<List<string>> StoredAsync(IReadSideHost host, Instant start)
    {
        var program = host.Services.GetRequiredService<ProgramCatalog>().Find(null)!.Id;
        var touches = host.Services.GetRequiredService<ITouchStore>();
        var stored = new List<string>();
        await foreach (
            var click in touches.QueryClicksAsync(
                new ClickQuery
                {
                    ProgramId = program,
                    From = start - Duration.FromDays(1),
                    Until = start + Duration.FromDays(1),
                },
                CancellationToken.None
            )
        )
        {
            stored.Add(Describe(click, click.Id.Value.StartsWith("click-", StringComparison.Ordinal)));
        }

        // Clicks at the same instant are ordered by id, and generated ids differ between the stores.
        stored.Sort(StringComparer.Ordinal);
        return stored;
    }
}
