using Affiliate.Benchmarks.Infrastructure;
using Affiliate.Stores;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Benchmarks.Web;

/// <summary>
/// The store reads the ASP.NET Core adapter added, over 10,000 and 100,000 prior rows in each table (see
/// <see cref="WebReadData"/>): a <c>/go</c> redirect's lookup, a partner's first page of links, a duplicate webhook
/// delivery, the waiting refunds of an order that arrives, a renewal's subscription history, and the outbox lag health
/// check. Each is one indexed seek
/// whose work does not depend on the table's size, so the target is a Size Ratio of about 1.0 for every row.
/// </summary>
/// <remarks>
/// Each benchmark makes <see cref="OperationsPerInvocation"/> calls per invocation, each in a scope of its own as one
/// request would, on rows drawn at random (a fixed seed) from those that exist; times are per call. Nothing is
/// written (the duplicate delivery's insert is refused by the store's existence check), so one copy of the seeded
/// database serves every iteration.
/// </remarks>
[MemoryDiagnoser]
[MedianColumn]
[BenchJob(JobWeight.Database)]
public class WebReadBenchmarks
{
    /// <summary>Calls per invocation: enough that one invocation is well above the timer's resolution.</summary>
    public const int OperationsPerInvocation = 500;

    /// <summary>Calls per invocation in smoke mode, whose times mean nothing: it only shows that every call
    /// works.</summary>
    private const int SmokeCalls = 20;

    private static readonly byte[] Body = "{}"u8.ToArray();

    private BenchDatabase? _database;
    private BenchHost? _host;
    private long[] _draws = [];
    private int _rows;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>Rows in each of the links, inbox and outbox tables (nominal; a thousandth in smoke mode).</summary>
    [Params(10_000, 100_000)]
    public int PriorRows { get; set; }

    /// <summary>A copy of the seeded rows, the random draws, and a check that each read finds what it should.</summary>
    [GlobalSetup]
    public async Task Setup()
    {
        _rows = Sizes.Of(PriorRows);
        _database = await TemplateCache.CopyAsync(Provider, WebReadData.Rows(_rows));
        _host = BenchHost.Create(_database);
        var random = new Random(20260620);
        _draws = Enumerable
            .Range(0, Sizes.Smoke ? SmokeCalls : OperationsPerInvocation)
            .Select(_ => (long)random.Next(1, _rows + 1))
            .ToArray();
        await CheckAsync();
    }

    /// <summary>Drops the copy.</summary>
    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _host!.DisposeAsync();
        await _database!.DisposeAsync();
    }

    /// <summary><c>PartnerLinks.ResolveAsync(code, linkId)</c> for an existing link: the <c>/go</c> lookup.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "/go: PartnerLinks.ResolveAsync")]
    public async Task<int> Resolve()
    {
        var found = 0;
        foreach (var n in _draws)
        {
            var target = await _host!.RunAsync<PartnerLinks, LinkTarget?>(l =>
                l.ResolveAsync(WebReadData.Code(WebReadData.PartnerOfLink(n)), WebReadData.LinkId(n)).AsTask()
            );
            found += target?.Link is null ? 0 : 1;
        }

        return found;
    }

    /// <summary><c>PartnerLinks.ListAsync</c>: the first page (50) of the partner with the most links.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "PartnerLinks.ListAsync, first 50")]
    public async Task<int> FirstPage()
    {
        var items = 0;
        for (var i = 0; i < _draws.Length; i++)
        {
            var page = await _host!.RunAsync<PartnerLinks, AffiliateResult<Page<PartnerLink>>>(l =>
                l.ListAsync(WebReadData.Partner(0), new PageRequest { Size = 50 }).AsTask()
            );
            items += page.GetValueOrThrow().Items.Count;
        }

        return items;
    }

    /// <summary><c>WebhookInbox.ReceiveAsync</c> of an event already stored: the dedup read, nothing written.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "WebhookInbox.ReceiveAsync, duplicate")]
    public async Task<int> DuplicateDelivery()
    {
        var duplicates = 0;
        foreach (var n in _draws)
        {
            var receipt = await _host!.RunAsync<WebhookInbox, AffiliateResult<InboxReceipt>>(i =>
                i.ReceiveAsync(WebReadData.Source, WebReadData.EventId(n), "charge.refunded", Body).AsTask()
            );
            duplicates += receipt.GetValueOrThrow().Duplicate ? 1 : 0;
        }

        return duplicates;
    }

    /// <summary>
    /// The refunds waiting for an order that arrives: what <c>WebhookInbox</c> asks its store when it has recorded a
    /// sale (<c>ListInboxEventsAsync(Waiting, order, 100)</c>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "Inbox: refunds waiting for an order")]
    public async Task<int> WaitingRefunds()
    {
        var waiting = 0;
        foreach (var n in _draws)
        {
            var events = await _host!.RunAsync<IWebhookInboxStore, IReadOnlyList<InboxEvent>>(s =>
                s.ListInboxEventsAsync(InboxEventState.Waiting, Order(n), 100, CancellationToken.None).AsTask()
            );
            waiting += events.Count;
        }

        return waiting;
    }

    /// <summary>
    /// What <c>WebhookInbox</c> asks its store to price a renewal: how many payments of the subscription came before
    /// it and when the first was made (<c>FindSubscriptionHistoryAsync</c>).
    /// </summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "Inbox: a renewal's subscription history")]
    public async Task<int> SubscriptionHistory()
    {
        var before = 0;
        foreach (var n in _draws)
        {
            var payment = WebReadData.Payment(n);
            var history = await _host!.RunAsync<IWebhookInboxStore, SubscriptionHistory>(s =>
                s.FindSubscriptionHistoryAsync(WebReadData.Source, payment.SubscriptionId!, payment, default).AsTask()
            );
            before += history.PaymentsBefore;
        }

        return before;
    }

    /// <summary><c>OutboxDispatcher.OldestUndeliveredAsync</c>: the outbox lag health check.</summary>
    [Benchmark(OperationsPerInvoke = OperationsPerInvocation, Description = "OutboxDispatcher.OldestUndelivered")]
    public async Task<int> OldestUndelivered()
    {
        var seen = 0;
        for (var i = 0; i < _draws.Length; i++)
        {
            var oldest = await _host!.RunAsync<OutboxDispatcher, Instant?>(d => d.OldestUndeliveredAsync().AsTask());
            seen += oldest is null ? 0 : 1;
        }

        return seen;
    }

    /// <summary>The order of a waiting refund near <paramref name="n"/> (the nearest multiple of 33 at or below,
    /// at least 33): one that has refunds waiting.</summary>
    private string Order(long n) =>
        WebReadData.WaitingOrder(Math.Max(WebReadData.WaitingEvery, n - n % WebReadData.WaitingEvery));

    /// <summary>Reads that find nothing measure less than they claim: fail instead.</summary>
    private async Task CheckAsync()
    {
        var calls = _draws.Length;
        Expect("/go links resolved", await Resolve(), calls);
        Expect("links on the first page", await FirstPage(), calls * Math.Min(50, _rows / 10));
        Expect("duplicate deliveries", await DuplicateDelivery(), calls);
        if (_rows >= WebReadData.WaitingEvery)
        {
            var refunds = await WaitingRefunds();
            if (refunds < calls)
            {
                throw new InvalidOperationException(
                    $"Set-up check: {refunds} waiting refunds found for {calls} orders."
                );
            }
        }

        Expect(
            "payments before the drawn ones",
            await SubscriptionHistory(),
            _draws.Sum(n => WebReadData.PaymentsBefore(n, _rows))
        );
        Expect("undelivered outbox reads", await OldestUndelivered(), calls);
    }

    private static void Expect(string what, int actual, int expected)
    {
        if (actual != expected)
        {
            throw new InvalidOperationException($"Set-up check: {what}: {actual}, expected {expected}.");
        }
    }
}
