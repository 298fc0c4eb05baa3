using System.Data.Common;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>A failure the test strategy treats as transient (as Npgsql's does a broken connection).</summary>
public sealed class TransientTestException(string message) : Exception(message);

/// <summary>What the retrying strategies of one test did.</summary>
public sealed class RetryLog
{
    private readonly List<int> _trackedAtRetry = [];

    public int Retries
    {
        get
        {
            lock (_trackedAtRetry)
            {
                return _trackedAtRetry.Count;
            }
        }
    }

    /// <summary>How many entities the context tracked as each retry began: what a failed attempt left behind.</summary>
    public IReadOnlyList<int> TrackedAtRetry
    {
        get
        {
            lock (_trackedAtRetry)
            {
                return [.. _trackedAtRetry];
            }
        }
    }

    public void Retried(int tracked)
    {
        lock (_trackedAtRetry)
        {
            _trackedAtRetry.Add(tracked);
        }
    }
}

/// <summary>
/// A retrying execution strategy for SQLite (which has none of its own), like <c>EnableRetryOnFailure</c>: it refuses
/// user-initiated transactions outside <c>ExecuteAsync</c> just as Npgsql's does, and retries
/// <see cref="TransientTestException"/> at once (no delay: the tests do not sleep).
/// </summary>
public sealed class RetryingTestStrategy(ExecutionStrategyDependencies dependencies, RetryLog? log = null)
    : ExecutionStrategy(dependencies, maxRetryCount: 3, maxRetryDelay: TimeSpan.Zero)
{
    protected override bool ShouldRetryOn(Exception? exception) => exception is TransientTestException;

    protected override TimeSpan? GetNextDelay(Exception lastException) =>
        base.GetNextDelay(lastException) is null ? null : TimeSpan.Zero;

    protected override void OnRetry() =>
        log?.Retried(Dependencies.CurrentContext.Context.ChangeTracker.Entries().Count());
}

/// <summary>
/// Throws a <see cref="TransientTestException"/> right after each of the first <paramref name="times"/> commands that
/// match run (so the statement took effect in its transaction, as when a connection breaks before the answer
/// arrives), then stays quiet.
/// </summary>
public sealed class TransientFault(Func<string, bool> matches, int times = 1) : DbCommandInterceptor
{
    private int _armed = times;

    public bool Fired => Volatile.Read(ref _armed) <= 0;

    public string? FailedCommand { get; private set; }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(
        DbCommand command,
        CommandExecutedEventData eventData,
        DbDataReader result,
        CancellationToken cancellationToken = default
    )
    {
        FailIfArmed(command);
        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command,
        CommandExecutedEventData eventData,
        int result,
        CancellationToken cancellationToken = default
    )
    {
        FailIfArmed(command);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    private void FailIfArmed(DbCommand command)
    {
        if (matches(command.CommandText) && Interlocked.Decrement(ref _armed) >= 0)
        {
            FailedCommand = command.CommandText;
            throw new TransientTestException("The connection broke after: " + command.CommandText);
        }
    }
}

/// <summary>A host wired as the README says, over <see cref="ShopDbContext"/> on the database given.</summary>
public static class RetryHost
{
    public static readonly Instant Now = Instant.FromUtc(2026, 5, 1, 12, 0);

    public static ServiceProvider Build(Action<DbContextOptionsBuilder> useDatabase, bool bulkClicks = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton(
            typeof(Microsoft.Extensions.Logging.ILogger<>),
            typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)
        );
        services.AddSingleton<IClock>(new FixedClock(Now));
        services.AddDbContext<ShopDbContext>(useDatabase);
        var affiliates = services
            .AddAffiliates(o =>
            {
                o.IpHashKey = "a-test-key-of-at-least-sixteen-bytes";
                o.Plan = SpecData.TenPercentPlan();
                o.HoldPeriod = Duration.Zero;
                o.Fraud.ClickToConversion.Enabled = false;
            })
            .UseEntityFrameworkCore<ShopDbContext>()
            .ValidateOnStart();
        if (bulkClicks)
        {
            affiliates.UseBulkClickWriter<ShopDbContext>();
        }

        return services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }
        );
    }

    /// <summary>Creates the host's tables with EF, then the library's with its scripts.</summary>
    public static async Task CreateTablesAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await context.Database.EnsureCreatedAsync();
        await AffiliateSchema.EnsureCreatedAsync(context);
    }

    public static ConversionRequest Sale(string orderId, decimal amount) =>
        new()
        {
            Facts = ConversionFacts.Sale(new ConversionId(orderId), Now, Money.Of(amount, "EUR")),
            VisitorId = "v1",
        };

    public static async Task<T> InScopeAsync<T>(IServiceProvider services, Func<IServiceProvider, Task<T>> operation)
    {
        await using var scope = services.CreateAsyncScope();
        return await operation(scope.ServiceProvider);
    }

    public static async Task RegisterAnnaAndClickAsync(IServiceProvider services)
    {
        var anna = new PartnerApplication
        {
            Id = new PartnerId("anna"),
            Name = "Anna",
            ReferralCodes = ["ANNA10"],
            AutoApprove = true,
        };
        await InScopeAsync(services, async sp =>
            (await sp.GetRequiredService<PartnerDirectory>().RegisterAsync(anna)).GetValueOrThrow()
        );
        var click = new ClickRequest
        {
            ReferralCode = "ANNA10",
            VisitorId = "v1",
            UserAgent = "Mozilla/5.0",
        };
        await InScopeAsync(services, async sp =>
            (await sp.GetRequiredService<ClickTracker>().RecordAsync(click)).GetValueOrThrow()
        );
    }

    public static Task<ConversionOutcome> SellAsync(IServiceProvider services, string orderId) =>
        InScopeAsync(services, async sp =>
            (await sp.GetRequiredService<ConversionRecorder>().RecordAsync(Sale(orderId, 100m))).GetValueOrThrow()
        );

    private sealed class FixedClock(Instant now) : IClock
    {
        public Instant GetCurrentInstant() => now;
    }
}
