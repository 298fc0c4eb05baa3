using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>A shop's own DbContext with the affiliate tables joined in, as a host wires it.</summary>
public sealed class ShopDbContext(DbContextOptions<ShopDbContext> options) : DbContext(options)
{
    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Order>().ToTable("orders").HasKey(o => o.Id);
        modelBuilder.UseAffiliates();
    }
}

public sealed class Order
{
    public string Id { get; set; } = "";

    public decimal Total { get; set; }
}

public sealed class HostContextTests : IAsyncLifetime
{
    private readonly SqliteFile _file = new(pooling: true);

    private static readonly CommissionPlan Plan = SpecData.TenPercentPlan();

    private static ServiceProvider Build(Action<IServiceCollection> addContext)
    {
        var services = new ServiceCollection();
        services.AddSingleton(
            typeof(Microsoft.Extensions.Logging.ILogger<>),
            typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)
        );
        services.AddSingleton<IClock>(new FixedClock(Instant.FromUtc(2026, 5, 1, 12, 0)));
        addContext(services);
        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = "a-test-key-of-at-least-sixteen-bytes";
                o.Plan = Plan;
                o.Fraud.ClickToConversion.Enabled = false;
            })
            .UseEntityFrameworkCore<ShopDbContext>()
            .ValidateOnStart();
        return services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }
        );
    }

    private static async Task CreateSchemaAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetService<ShopDbContext>()
            ?? await scope
                .ServiceProvider.GetRequiredService<IDbContextFactory<ShopDbContext>>()
                .CreateDbContextAsync();
        await AffiliateSchema.EnsureCreatedAsync(context);
        await context.Database.ExecuteSqlRawAsync(
            "CREATE TABLE IF NOT EXISTS orders (id TEXT NOT NULL PRIMARY KEY, total TEXT NOT NULL)"
        );
    }

    private static async Task SellThroughAnnaAsync(IServiceProvider services, string orderId)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        if (await sp.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("anna")) is null)
        {
            (
                await sp.GetRequiredService<PartnerDirectory>()
                    .RegisterAsync(
                        new PartnerApplication
                        {
                            Id = new PartnerId("anna"),
                            Name = "Anna",
                            ReferralCodes = ["ANNA10"],
                            AutoApprove = true,
                        }
                    )
            ).GetValueOrThrow();
            (
                await sp.GetRequiredService<ClickTracker>()
                    .RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = "ANNA10",
                            VisitorId = "v1",
                            UserAgent = "Mozilla/5.0",
                        }
                    )
            ).GetValueOrThrow();
        }

        var outcome = (
            await sp.GetRequiredService<ConversionRecorder>()
                .RecordAsync(
                    new ConversionRequest
                    {
                        Facts = ConversionFacts.Sale(
                            new ConversionId(orderId),
                            Instant.FromUtc(2026, 5, 1, 12, 0),
                            Money.Of(100m, "EUR")
                        ),
                        VisitorId = "v1",
                    }
                )
        ).GetValueOrThrow();
        Assert.True(
            outcome.Lines.Count == 1,
            $"{outcome.Conversion.Status} {outcome.Conversion.AttributionReason} "
                + $"{string.Join(",", outcome.Conversion.FraudCodes)}"
        );
        Assert.Equal(10m, outcome.Lines[0].Amount.Amount);
    }

    [Fact]
    public async Task The_host_records_its_order_and_the_conversion_in_one_transaction()
    {
        await using var services = Build(s => s.AddDbContext<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString)));
        await CreateSchemaAsync(services);
        await SellThroughAnnaAsync(services, "warm-up");

        foreach (var commit in new[] { false, true })
        {
            await using var scope = services.CreateAsyncScope();
            var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await using var transaction = await shop.Database.BeginTransactionAsync();
            shop.Orders.Add(new Order { Id = $"order-{commit}", Total = 100m });
            await shop.SaveChangesAsync();
            (
                await scope
                    .ServiceProvider.GetRequiredService<ConversionRecorder>()
                    .RecordAsync(
                        new ConversionRequest
                        {
                            Facts = ConversionFacts.Sale(
                                new ConversionId($"order-{commit}"),
                                Instant.FromUtc(2026, 5, 1, 12, 0),
                                Money.Of(100m, "EUR")
                            ),
                            VisitorId = "v1",
                        }
                    )
            ).GetValueOrThrow();

            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }
        }

        await using var check = services.CreateAsyncScope();
        var context = check.ServiceProvider.GetRequiredService<ShopDbContext>();
        Assert.Equal(["order-True"], await context.Orders.Select(o => o.Id).ToListAsync());
        Assert.Equal(
            ["order-True", "warm-up"],
            (await context.Set<ConversionRow>().Select(c => c.Id).ToListAsync()).Order(StringComparer.Ordinal)
        );
        Assert.Equal(2, await context.Set<CommissionLineRow>().CountAsync());
    }

    [Fact]
    public async Task A_failed_affiliate_write_inside_the_hosts_transaction_leaves_the_hosts_work_alone()
    {
        await using var services = Build(s => s.AddDbContext<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString)));
        await CreateSchemaAsync(services);
        await SellThroughAnnaAsync(services, "order-1");

        await using var scope = services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await using var transaction = await shop.Database.BeginTransactionAsync();
        shop.Orders.Add(new Order { Id = "order-2", Total = 50m });
        await shop.SaveChangesAsync();

        // The same order id with other content: refused, and only the affiliate write is rolled back.
        var conflict = await scope
            .ServiceProvider.GetRequiredService<ConversionRecorder>()
            .RecordAsync(
                new ConversionRequest
                {
                    Facts = ConversionFacts.Sale(
                        new ConversionId("order-1"),
                        Instant.FromUtc(2026, 5, 1, 12, 0),
                        Money.Of(999m, "EUR")
                    ),
                    VisitorId = "v1",
                }
            );
        await transaction.CommitAsync();

        Assert.Equal(AffiliateErrorCodes.IdempotencyConflict, conflict.Error!.Code);
        Assert.Equal(["order-2"], await shop.Orders.AsNoTracking().Select(o => o.Id).ToListAsync());
    }

    [Fact]
    public async Task Pooled_contexts_work()
    {
        await using var services = Build(s =>
            s.AddDbContextPool<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString))
        );
        await CreateSchemaAsync(services);

        await SellThroughAnnaAsync(services, "order-1");
        await SellThroughAnnaAsync(services, "order-2");
    }

    [Fact]
    public async Task A_host_with_only_a_context_factory_works()
    {
        await using var services = Build(s =>
            s.AddDbContextFactory<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString))
        );
        await CreateSchemaAsync(services);

        await SellThroughAnnaAsync(services, "order-1");
    }

    [Fact]
    public async Task Sqlite_connections_run_in_wal_mode_with_full_sync()
    {
        await using var services = Build(s => s.AddDbContext<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString)));
        await CreateSchemaAsync(services);
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await context.Database.OpenConnectionAsync();

        Assert.Equal("wal", await Pragma(context, "journal_mode"));
        Assert.Equal("2", await Pragma(context, "synchronous"));
    }

    [Fact]
    public async Task Sqlite_pragmas_are_set_once_per_native_connection_not_on_every_open_from_the_pool()
    {
        await using var services = Build(s => s.AddDbContext<ShopDbContext>(o => o.UseSqlite(_file.ConnectionString)));
        await CreateSchemaAsync(services);
        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await context.Database.OpenConnectionAsync();
            Assert.Equal("2", await Pragma(context, "synchronous"));

            // Changed behind the interceptor's back: an open that ran the pragmas again would undo it.
            await Pragma(context, "synchronous = NORMAL");
            await context.Database.CloseConnectionAsync();
        }

        await using (var scope = services.CreateAsyncScope())
        {
            var context = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
            await context.Database.OpenConnectionAsync();
            Assert.Equal("1", await Pragma(context, "synchronous"));
            await Pragma(context, "synchronous = FULL");
        }
    }

    private static async Task<string?> Pragma(DbContext context, string name)
    {
        await using var command = context.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name}";
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _file.DisposeAsync();

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}

public sealed class BulkClickRegistrationTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_bulk_click_writer_stays_in_place_whichever_is_called_first(bool writerFirst)
    {
        await using var file = new SqliteFile();
        var services = new ServiceCollection();
        services.AddSingleton(
            typeof(Microsoft.Extensions.Logging.ILogger<>),
            typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)
        );
        services.AddDbContext<ShopDbContext>(o => o.UseSqlite(file.ConnectionString));
        var builder = services.AddAffiliates(o => o.IpHashKey = "a-test-key-of-at-least-sixteen-bytes");
        if (writerFirst)
        {
            builder.UseBulkClickWriter<ShopDbContext>().UseEntityFrameworkCore<ShopDbContext>();
        }
        else
        {
            builder.UseEntityFrameworkCore<ShopDbContext>().UseBulkClickWriter<ShopDbContext>();
        }

        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();

        Assert.IsType<Affiliate.EntityFrameworkCore.BufferedTouchStore>(
            scope.ServiceProvider.GetRequiredService<Affiliate.Stores.ITouchStore>()
        );
    }
}
