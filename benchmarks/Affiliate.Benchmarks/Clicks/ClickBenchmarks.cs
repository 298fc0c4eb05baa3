using System.Globalization;
using System.Net;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using Affiliate.EntityFrameworkCore;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Benchmarks.Clicks;

/// <summary>
/// Recording <see cref="ClicksPerInvocation"/> clicks, each from its own visitor and IP address, until every one is
/// written (the benchmarks that buffer flush inside the measurement; every iteration then counts the rows). Targets,
/// one category each (Ratio is against the category's baseline):
/// <list type="bullet">
/// <item>"Tracker / bulk writer": <c>ClickTracker.RecordAsync</c> with every built-in click rule on and
/// <c>UseBulkClickWriter</c>, at least 0.8 times as fast as enqueuing ready <see cref="Click"/>s (Ratio &lt;=
/// 1.25).</item>
/// <item>"Bulk writer / raw": the bulk writer at least 0.7 times as fast as the provider's raw bulk path (Ratio &lt;=
/// 1.43).</item>
/// <item>"Tracker / naive": the tracker at least 20 times as fast as one <c>SaveChanges</c> per click (Ratio &lt;=
/// 0.05).</item>
/// </list>
/// Every iteration starts from a fresh copy of a database holding only the partners.
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Database)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams)]
[CategoriesColumn]
public class ClickBenchmarks
{
    /// <summary>Clicks per invocation (nominal; the per-click times of a smoke run, which writes a thousandth, mean
    /// nothing).</summary>
    public const int ClicksPerInvocation = 2_000;

    private const string TrackerVsBulk = "Tracker / bulk writer";
    private const string BulkVsRaw = "Bulk writer / raw";
    private const string TrackerVsNaive = "Tracker / naive";

    private ClickRequest[] _requests = [];
    private Click[] _clicks = [];
    private RollupChange[] _rollups = [];
    private ClickRow[] _rows = [];
    private BenchDatabase? _database;
    private BenchHost? _host;
    private BulkClickWriter? _writer;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>Builds the clicks: as requests for the tracker, as stored clicks and rows for the others.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var count = Sizes.Of(ClicksPerInvocation);
        var options = new AffiliateOptions();
        BenchProgram.Configure(options);
        var anonymizer = new IpAddressAnonymizer(options.IpHashKeyBytes());
        _requests = new ClickRequest[count];
        _clicks = new Click[count];
        for (var i = 0; i < count; i++)
        {
            var partner = i % BenchProgram.PartnerCount;
            var ip = Seeder.BenchmarkAddress(i);
            _requests[i] = new ClickRequest
            {
                ReferralCode = BenchProgram.Code(partner),
                VisitorId = string.Create(CultureInfo.InvariantCulture, $"bench-v-{i:D6}"),
                LinkId = "spring-campaign",
                SubIds = ["newsletter"],
                LandingUrl = "https://shop.example/products/espresso-machine",
                Referrer = "https://blog.example/reviews/espresso",
                UserAgent = Seeder.UserAgent,
                IpAddress = ip.ToString(),
                Country = "DE",
                OccurredAt = BenchProgram.Now + Duration.FromMilliseconds(i),
            };
            _clicks[i] = new Click
            {
                Id = new ClickId(string.Create(CultureInfo.InvariantCulture, $"bench-clk-{i:D6}")),
                ProgramId = BenchProgram.ProgramId,
                PartnerId = BenchProgram.Partner(partner),
                LinkId = _requests[i].LinkId,
                SubIds = _requests[i].SubIds,
                LandingUrl = _requests[i].LandingUrl,
                Referrer = _requests[i].Referrer,
                UserAgent = _requests[i].UserAgent,
                VisitorId = _requests[i].VisitorId,
                OccurredAt = _requests[i].OccurredAt!.Value,
                AnonymizedIp = anonymizer.Anonymize(ip),
                IpHash = anonymizer.Hash(ip),
                Country = "DE",
            };
        }

        _rows = _clicks.Select(ClickRows.Row).ToArray();

        // What the tracker hands the writer with each click; made here so the writer alone measures only writing.
        _rollups = _clicks.Select(c => new RollupChange().Click(c, DateTimeZone.Utc)).ToArray();
    }

    /// <summary>A fresh copy of the partners' database, and the library with the bulk writer started.</summary>
    [IterationSetup]
    public void StartIteration() =>
        SyncSetup.Run(async () =>
        {
            _database = await TemplateCache.CopyAsync(Provider, DataSets.Partners());
            _host = BenchHost.Create(_database, b =>
                b.UseBulkClickWriter<AffiliateDbContext>(o => o.Capacity = Math.Max(10_000, _clicks.Length))
            );
            _writer = _host.Services.GetRequiredService<BulkClickWriter>();
            await _writer.StartAsync(CancellationToken.None);
        });

    /// <summary>Stops the writer, checks that every click was written, and drops the copy.</summary>
    [IterationCleanup]
    public void EndIteration() =>
        SyncSetup.Run(async () =>
        {
            await _writer!.StopAsync(CancellationToken.None);
            var written = await _database!.ScalarAsync($"SELECT COUNT(*) FROM {BenchDatabase.Table("clicks")}");
            await _host!.DisposeAsync();
            await _database.DisposeAsync();
            if (written != _clicks.Length)
            {
                throw new InvalidOperationException($"{written} of {_clicks.Length} clicks were written.");
            }
        });

    /// <summary>Ready clicks enqueued in the bulk writer, then flushed.</summary>
    [BenchmarkCategory(TrackerVsBulk)]
    [Benchmark(Baseline = true, OperationsPerInvoke = ClicksPerInvocation, Description = "Bulk writer")]
    public Task BulkWriterForTracker() => EnqueueAsync();

    /// <summary>The tracker: referral code, IP anonymising and hashing, every click rule, the buffered store; then
    /// flushed.</summary>
    [BenchmarkCategory(TrackerVsBulk)]
    [Benchmark(OperationsPerInvoke = ClicksPerInvocation, Description = "Tracker")]
    public Task TrackerForBulk() => TrackAsync();

    /// <summary>The raw bulk path.</summary>
    [BenchmarkCategory(BulkVsRaw)]
    [Benchmark(Baseline = true, OperationsPerInvoke = ClicksPerInvocation, Description = "Raw bulk insert")]
    public Task Raw() => RawClickWriter.WriteAsync(_database!, _rows);

    /// <summary>The bulk writer (the same as in the first category, measured again against its own baseline).</summary>
    [BenchmarkCategory(BulkVsRaw)]
    [Benchmark(OperationsPerInvoke = ClicksPerInvocation, Description = "Bulk writer")]
    public Task BulkWriterForRaw() => EnqueueAsync();

    /// <summary>One DbContext and one <c>SaveChanges</c> per click, as a request per click would do it.</summary>
    [BenchmarkCategory(TrackerVsNaive)]
    [Benchmark(Baseline = true, OperationsPerInvoke = ClicksPerInvocation, Description = "Naive SaveChanges")]
    public async Task Naive()
    {
        foreach (var row in _rows)
        {
            await using var scope = _host!.Services.CreateAsyncScope();
            var context = scope.ServiceProvider.GetRequiredService<AffiliateDbContext>();
            context.Add(row);
            await context.SaveChangesAsync();
        }
    }

    /// <summary>The tracker (the same as in the first category, measured again against its own baseline).</summary>
    [BenchmarkCategory(TrackerVsNaive)]
    [Benchmark(OperationsPerInvoke = ClicksPerInvocation, Description = "Tracker")]
    public Task TrackerForNaive() => TrackAsync();

    private async Task EnqueueAsync()
    {
        for (var i = 0; i < _clicks.Length; i++)
        {
            var click = _clicks[i];
            if (!await _writer!.TryWriteAsync(click, _rollups[i]))
            {
                throw new InvalidOperationException($"The bulk writer refused click {click.Id}.");
            }
        }

        await _writer!.FlushAsync();
    }

    private async Task TrackAsync()
    {
        foreach (var request in _requests)
        {
            await using var scope = _host!.Services.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<ClickTracker>().RecordAsync(request);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"The tracker refused a click of {request.VisitorId}: {result}");
            }
        }

        await _writer!.FlushAsync();
    }
}
