using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>
/// A host whose context retries on failure (<c>EnableRetryOnFailure</c> on PostgreSQL, a retrying strategy of the
/// test's on SQLite): the store's own transactions run inside the strategy, a transient failure is retried from
/// scratch and counted once, and inside the host's own transaction the store joins it.
/// </summary>
public abstract class RetryOnFailureTests
{
    /// <summary>A host's database: a retrying strategy, <paramref name="fault"/> among the interceptors.</summary>
    protected abstract Task<Action<DbContextOptionsBuilder>> DatabaseAsync(
        bool testStrategy,
        RetryLog log,
        TransientFault? fault
    );

    protected async Task AllWritesAsync(bool testStrategy)
    {
        var log = new RetryLog();
        await using var services = RetryHost.Build(await DatabaseAsync(testStrategy, log, fault: null));
        await RetryHost.CreateTablesAsync(services);

        // Schema creation again (nothing to apply), partner, click, sale, refund, approval, payout run, paid.
        var again = await RetryHost.InScopeAsync(services, async sp =>
            await AffiliateSchema.EnsureCreatedAsync(sp.GetRequiredService<ShopDbContext>())
        );
        Assert.Empty(again);
        await RetryHost.RegisterAnnaAndClickAsync(services);
        var sale = await RetryHost.SellAsync(services, "order-1");
        Assert.Equal(10m, Assert.Single(sale.Lines).Amount.Amount);
        var halfBack = new RefundRequest
        {
            ConversionId = new ConversionId("order-1"),
            RefundId = "refund-1",
            Amount = Money.Of(50m, "EUR"),
        };
        await RetryHost.InScopeAsync(services, async sp =>
            (await sp.GetRequiredService<ConversionRecorder>().RefundAsync(halfBack)).GetValueOrThrow()
        );
        var approved = await RetryHost.InScopeAsync(services, async sp =>
            await sp.GetRequiredService<CommissionLedger>().ApproveDueAsync(asOf: RetryHost.Now + Duration.FromDays(1))
        );
        Assert.True(approved > 0);
        var run = await RetryHost.InScopeAsync(services, async sp =>
            (
                await sp.GetRequiredService<PayoutProcessor>()
                    .CreatePayoutsAsync(asOf: RetryHost.Now + Duration.FromDays(2))
            ).GetValueOrThrow()
        );
        var payout = Assert.Single(run.Payouts);
        Assert.Equal(Money.Of(5m, "EUR"), payout.Amount);
        var paid = await RetryHost.InScopeAsync(services, async sp =>
            (await sp.GetRequiredService<PayoutProcessor>().MarkPaidAsync(payout.Id, "bank-1")).GetValueOrThrow()
        );
        Assert.Equal(PayoutStatus.Paid, paid.Status);

        // Job locks and the click maintenance jobs.
        await RetryHost.InScopeAsync(services, async sp =>
        {
            var locks = sp.GetRequiredService<IJobLockStore>();
            var held = await locks.TryAcquireAsync("retry-test", CancellationToken.None);
            Assert.NotNull(held);
            await held.DisposeAsync();
            var context = sp.GetRequiredService<ShopDbContext>();
            await ClickPartitions.EnsureMonthsAsync(context, RetryHost.Now, monthsAhead: 1);
            var cutoff = RetryHost.Now - Duration.FromDays(400);
            var retention = await ClickPartitions.DeleteClicksOlderThanAsync(context, cutoff);
            Assert.Equal(0, retention.RowsDeleted);
            return 0;
        });

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var balance = await db.Set<PartnerBalanceRow>().AsNoTracking().SingleAsync();
        Assert.Equal(
            (0L, 0L, 0L, 500L),
            (balance.PendingMinor, balance.ApprovedMinor, balance.InPayoutMinor, balance.PaidMinor)
        );
        Assert.Equal(0, log.Retries);
    }

    protected async Task TransientFailureAsync()
    {
        var log = new RetryLog();
        var fault = new TransientFault(sql =>
            sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
            && sql.Contains("commission_lines", StringComparison.Ordinal)
        );
        await using var services = RetryHost.Build(await DatabaseAsync(testStrategy: true, log, fault));
        await RetryHost.CreateTablesAsync(services);
        await RetryHost.RegisterAnnaAndClickAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var result = await scope
                .ServiceProvider.GetRequiredService<ConversionRecorder>()
                .RecordAsync(RetryHost.Sale("order-1", 100m));
            Assert.False(result.AlreadyRecorded);
            Assert.Equal(10m, Assert.Single(result.GetValueOrThrow().Lines).Amount.Amount);

            // The failed attempt's rows were detached before the retry; the retry's after it.
            Assert.Empty(scope.ServiceProvider.GetRequiredService<ShopDbContext>().ChangeTracker.Entries());
        }

        Assert.True(fault.Fired, "the fault never matched a command");
        Assert.Equal([0], log.TrackedAtRetry);
        await AssertSoldOnceAsync(services, "order-1");
    }

    protected async Task PersistentFailureAsync()
    {
        var log = new RetryLog();
        var fault = new TransientFault(
            sql =>
                sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
                && sql.Contains("commission_lines", StringComparison.Ordinal),
            times: 4
        );
        await using var services = RetryHost.Build(await DatabaseAsync(testStrategy: true, log, fault));
        await RetryHost.CreateTablesAsync(services);
        await RetryHost.RegisterAnnaAndClickAsync(services);

        await using var scope = services.CreateAsyncScope();
        var recorder = scope.ServiceProvider.GetRequiredService<ConversionRecorder>();
        var error = await Assert.ThrowsAsync<RetryLimitExceededException>(() =>
            recorder.RecordAsync(RetryHost.Sale("order-1", 100m)).AsTask()
        );

        Assert.IsType<TransientTestException>(error.InnerException?.InnerException ?? error.InnerException);
        Assert.Equal([0, 0, 0], log.TrackedAtRetry);
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Empty(db.ChangeTracker.Entries());
        Assert.Equal(0, await db.Set<ConversionRow>().CountAsync());
        Assert.Equal(0, await db.Set<CommissionLineRow>().CountAsync());
        Assert.Equal(0L, await db.Set<PartnerBalanceRow>().SumAsync(b => b.PendingMinor));
    }

    protected async Task HostTransactionAsync()
    {
        var log = new RetryLog();
        var fault = new TransientFault(sql =>
            sql.Contains("INSERT", StringComparison.OrdinalIgnoreCase)
            && sql.Contains("conversions", StringComparison.Ordinal)
        );
        await using var services = RetryHost.Build(await DatabaseAsync(testStrategy: true, log, fault));
        await RetryHost.CreateTablesAsync(services);
        await RetryHost.RegisterAnnaAndClickAsync(services);

        await using (var scope = services.CreateAsyncScope())
        {
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            var recorder = scope.ServiceProvider.GetRequiredService<ConversionRecorder>();
            var attempts = 0;

            // As EF documents it: the strategy around the whole unit of work, which starts clean on each attempt.
            await shop
                .Database.CreateExecutionStrategy()
                .ExecuteAsync(async () =>
                {
                    attempts++;
                    shop.ChangeTracker.Clear();
                    await using var transaction = await shop.Database.BeginTransactionAsync();
                    shop.Orders.Add(new Order { Id = "order-1", Total = 100m });
                    await shop.SaveChangesAsync();
                    (await recorder.RecordAsync(RetryHost.Sale("order-1", 100m))).GetValueOrThrow();
                    await transaction.CommitAsync();
                });

            Assert.Equal(2, attempts);
        }

        Assert.True(fault.Fired, "the fault never matched a command");
        Assert.Equal(1, log.Retries);
        await using (var check = services.CreateAsyncScope())
        {
            var shop = check.ServiceProvider.GetRequiredService<ShopDbContext>();
            Assert.Equal(["order-1"], await shop.Orders.AsNoTracking().Select(o => o.Id).ToListAsync());
        }

        await AssertSoldOnceAsync(services, "order-1");
    }

    protected async Task RefundInHostTransactionAsync()
    {
        var log = new RetryLog();
        await using var services = RetryHost.Build(await DatabaseAsync(testStrategy: true, log, fault: null));
        await RetryHost.CreateTablesAsync(services);
        await RetryHost.RegisterAnnaAndClickAsync(services);
        await RetryHost.SellAsync(services, "order-1");

        await using var scope = services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        var recorder = scope.ServiceProvider.GetRequiredService<ConversionRecorder>();
        var refund = await shop
            .Database.CreateExecutionStrategy()
            .ExecuteAsync(async () =>
            {
                await using var transaction = await shop.Database.BeginTransactionAsync();
                var result = (
                    await recorder.RefundAsync(
                        new RefundRequest { ConversionId = new ConversionId("order-1"), RefundId = "refund-1" }
                    )
                ).GetValueOrThrow();
                await transaction.CommitAsync();
                return result;
            });

        Assert.Equal(ConversionStatus.Reversed, refund.Conversion.Status);
        var conversion = await shop.Set<ConversionRow>().AsNoTracking().SingleAsync();
        Assert.Equal(10000L, conversion.RefundedMinor);
    }

    protected async Task BulkClicksAsync()
    {
        var log = new RetryLog();
        var database = await DatabaseAsync(testStrategy: true, log, fault: null);
        await using var services = RetryHost.Build(database, bulkClicks: true);
        await RetryHost.CreateTablesAsync(services);
        var writer = services.GetRequiredService<BulkClickWriter>();
        await writer.StartAsync(CancellationToken.None);
        try
        {
            await RetryHost.RegisterAnnaAndClickAsync(services);
            await writer.FlushAsync();
        }
        finally
        {
            await writer.StopAsync(CancellationToken.None);
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(1, await db.Set<ClickRow>().CountAsync());
        var sale = await RetryHost.SellAsync(services, "order-1");
        Assert.Equal(new PartnerId("anna"), Assert.Single(sale.Lines).PartnerId);
    }

    /// <summary>One conversion, one line of 10.00, 10.00 pending in the balance, one in the rollups.</summary>
    private static async Task AssertSoldOnceAsync(IServiceProvider services, string orderId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal([orderId], await db.Set<ConversionRow>().AsNoTracking().Select(c => c.Id).ToListAsync());
        var line = await db.Set<CommissionLineRow>().AsNoTracking().SingleAsync();
        Assert.Equal(1000L, line.AmountMinor);
        var balance = await db.Set<PartnerBalanceRow>().AsNoTracking().SingleAsync();
        Assert.Equal(1000L, balance.PendingMinor);
        var events = await db.Set<OutboxRow>().AsNoTracking().CountAsync(o => o.Type == "conversion.recorded");
        Assert.Equal(1, events);
        // The daily rollups hold the sale once in every dimension it counts in (the totals row among them).
        var conversions = await db.Set<DailyStatsRow>().AsNoTracking().Select(s => s.Conversions).ToListAsync();
        Assert.NotEmpty(conversions);
        Assert.All(conversions, c => Assert.Equal(1L, c));
    }
}

public sealed class SqliteRetryOnFailureTests : RetryOnFailureTests, IDisposable
{
    private readonly SqliteFile _file = new(pooling: true);

    protected override Task<Action<DbContextOptionsBuilder>> DatabaseAsync(
        bool testStrategy,
        RetryLog log,
        TransientFault? fault
    ) =>
        Task.FromResult<Action<DbContextOptionsBuilder>>(o =>
        {
            o.UseSqlite(_file.ConnectionString, x => x.ExecutionStrategy(d => new RetryingTestStrategy(d, log)));
            if (fault is not null)
            {
                o.AddInterceptors(fault);
            }
        });

    [Fact]
    public Task Every_kind_of_write_runs_under_a_retrying_strategy() => AllWritesAsync(true);

    [Fact]
    public Task A_transient_failure_in_a_write_is_retried_and_the_sale_counts_once() => TransientFailureAsync();

    [Fact]
    public Task A_failure_past_the_retry_limit_writes_and_tracks_nothing() => PersistentFailureAsync();

    [Fact]
    public Task The_host_runs_its_transaction_in_the_strategy_and_the_store_joins_it() => HostTransactionAsync();

    [Fact]
    public Task A_refund_in_the_hosts_transaction_takes_the_conversion_lock_there() => RefundInHostTransactionAsync();

    [Fact]
    public Task The_bulk_click_writer_writes_under_a_retrying_strategy() => BulkClicksAsync();

    public void Dispose() => _file.Dispose();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresRetryOnFailureTests(PostgresServer server) : RetryOnFailureTests
{
    protected override async Task<Action<DbContextOptionsBuilder>> DatabaseAsync(
        bool testStrategy,
        RetryLog log,
        TransientFault? fault
    )
    {
        var connectionString = await server.CreateDatabaseAsync();
        return o =>
        {
            o.UseNpgsql(connectionString, x =>
            {
                if (testStrategy)
                {
                    x.ExecutionStrategy(d => new RetryingTestStrategy(d, log));
                }
                else
                {
                    x.EnableRetryOnFailure();
                }
            });
            if (fault is not null)
            {
                o.AddInterceptors(fault);
            }
        };
    }

    [PostgresFact]
    public Task Every_kind_of_write_runs_under_EnableRetryOnFailure() => AllWritesAsync(false);

    [PostgresFact]
    public Task A_transient_failure_in_a_write_is_retried_and_the_sale_counts_once() => TransientFailureAsync();

    [PostgresFact]
    public Task A_failure_past_the_retry_limit_writes_and_tracks_nothing() => PersistentFailureAsync();

    [PostgresFact]
    public Task The_host_runs_its_transaction_in_the_strategy_and_the_store_joins_it() => HostTransactionAsync();

    [PostgresFact]
    public Task A_refund_in_the_hosts_transaction_takes_the_conversion_lock_there() => RefundInHostTransactionAsync();

    [PostgresFact]
    public Task The_bulk_click_writer_writes_under_a_retrying_strategy() => BulkClicksAsync();
}
