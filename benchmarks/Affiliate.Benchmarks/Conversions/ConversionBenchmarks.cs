using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.Benchmarks.Infrastructure;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Affiliate.Benchmarks.Conversions;

/// <summary>
/// Recording sales end to end through the public services (<see cref="ConversionRecorder.RecordAsync"/> for a visitor
/// who clicked a partner's link: attribution, fraud rules, pricing, ledger, outbox) over 10,000 and 100,000 prior
/// sales in the 30-day window. Targets: per sale at 100,000 at most 1.2 times the time at 10,000 (Size Ratio
/// &lt;= 1.2), and at least half the speed of the hand-written inserts of the same rows (Ratio &lt;= 2.0).
/// Every iteration starts from a fresh copy of the seeded database and records <see cref="SalesPerInvocation"/> sales.
/// </summary>
[MemoryDiagnoser]
[BenchJob(JobWeight.Database)]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByParams)]
public class ConversionBenchmarks
{
    /// <summary>Sales per invocation (and iteration): fewer than <see cref="DataSets.Shoppers"/>, one warm-up sale
    /// aside.</summary>
    public const int SalesPerInvocation = 20;

    private ConversionRequest[] _sales = [];
    private IReadOnlyList<RecordedRow> _rows = [];
    private BenchDatabase? _database;
    private BenchHost? _host;
    private HandWrittenConversionWriter? _writer;

    /// <summary>The providers to measure (both unless <c>--providers</c> says otherwise).</summary>
    public static IEnumerable<Provider> Providers => ProviderChoice.Selected;

    /// <summary>The database.</summary>
    [ParamsSource(nameof(Providers))]
    public Provider Provider { get; set; }

    /// <summary>Sales already recorded in the 30 days before (nominal; a thousandth in smoke mode).</summary>
    [Params(10_000, 100_000)]
    public int PriorConversions { get; set; }

    private Template Data => DataSets.Sales(Sizes.Of(PriorConversions));

    /// <summary>Seeds (or finds) the template and builds the sales: shopper i buys 10.00 + i EUR, a minute after
    /// now.</summary>
    [GlobalSetup(Target = nameof(Library))]
    public void SetupLibrary() => _sales = Enumerable.Range(0, SalesPerInvocation + 1).Select(Sale).ToArray();

    /// <summary>Records one sale through the library on a scratch copy and captures the rows it wrote.</summary>
    [GlobalSetup(Target = nameof(HandWritten))]
    public void SetupHandWritten() =>
        SyncSetup.Run(async () =>
        {
            SetupLibrary();
            await using var database = await TemplateCache.CopyAsync(Provider, Data);
            await using var host = BenchHost.Create(database);
            var before = await RecordedRows.LastOutboxSequenceAsync(database);
            await RecordAsync(host, _sales[^1]);
            _rows = await RecordedRows.ReadAsync(database, _sales[^1].Facts.Id.Value, before);
        });

    /// <summary>A fresh copy and host; one unmeasured sale warms the connection pool and the database's
    /// pages.</summary>
    [IterationSetup(Target = nameof(Library))]
    public void StartLibraryIteration() =>
        SyncSetup.Run(async () =>
        {
            _database = await TemplateCache.CopyAsync(Provider, Data);
            _host = BenchHost.Create(_database);
            _host.Clock.Now = BenchProgram.Now + Duration.FromMinutes(1);
            await RecordAsync(_host, _sales[^1]);
        });

    /// <summary>A fresh copy and an open connection with prepared inserts; one unmeasured sale warms them up.</summary>
    [IterationSetup(Target = nameof(HandWritten))]
    public void StartHandWrittenIteration() =>
        SyncSetup.Run(async () =>
        {
            _database = await TemplateCache.CopyAsync(Provider, Data);
            _writer = await HandWrittenConversionWriter.OpenAsync(_database, _rows);
            await _writer.InsertAsync("warm-up");
        });

    /// <summary>Drops the copy.</summary>
    [IterationCleanup]
    public void EndIteration() =>
        SyncSetup.Run(async () =>
        {
            if (_writer is not null)
            {
                await _writer.DisposeAsync();
                _writer = null;
            }

            if (_host is not null)
            {
                await _host.DisposeAsync();
                _host = null;
            }

            if (_database is not null)
            {
                await _database.DisposeAsync();
                _database = null;
            }
        });

    /// <summary>The same rows inserted by hand: conversion, conversion_partners, lines, outbox; one transaction
    /// each.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = SalesPerInvocation)]
    public async Task HandWritten()
    {
        for (var i = 0; i < SalesPerInvocation; i++)
        {
            await _writer!.InsertAsync(i.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary><c>ConversionRecorder.RecordAsync</c>, one scope per sale as one request each.</summary>
    [Benchmark(OperationsPerInvoke = SalesPerInvocation)]
    public async Task Library()
    {
        for (var i = 0; i < SalesPerInvocation; i++)
        {
            await RecordAsync(_host!, _sales[i]);
        }
    }

    private static async Task RecordAsync(BenchHost host, ConversionRequest sale)
    {
        var result = await host.RunAsync<ConversionRecorder, AffiliateResult<ConversionOutcome>>(r =>
            r.RecordAsync(sale).AsTask()
        );
        if (
            !result.Succeeded
            || result.AlreadyRecorded
            || result.Value!.Conversion.Status != ConversionStatus.Attributed
        )
        {
            throw new InvalidOperationException($"Sale {sale.Facts.Id} was not recorded as attributed: {result}");
        }
    }

    /// <summary>Shopper <paramref name="i"/> (who clicked ten minutes before now) buys; the last one is the warm-up
    /// sale.</summary>
    private static ConversionRequest Sale(int i) =>
        new()
        {
            Facts = ConversionFacts.Sale(
                new ConversionId(string.Create(CultureInfo.InvariantCulture, $"bench-cnv-{i:D3}")),
                BenchProgram.Now + Duration.FromSeconds(i),
                Money.Of(10m + i, "EUR")
            ),
            VisitorId = Seeder.Shopper(i),
            CustomerId = new CustomerId(string.Create(CultureInfo.InvariantCulture, $"customer-{i:D3}")),
            CustomerEmail = string.Create(CultureInfo.InvariantCulture, $"customer{i}@shoppers.example"),
            IpAddress = string.Create(CultureInfo.InvariantCulture, $"198.19.200.{i}"),
            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0",
        };
}
