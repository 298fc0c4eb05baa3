using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// Several simulated servers (<see cref="Instance"/>s) over ONE database, sharing one <see cref="FakeClock"/>: what a
/// host scaled out behind a load balancer looks like. The instances differ in how they register the context
/// (<c>AddDbContext</c>, <c>AddDbContextPool</c>, <c>AddDbContextFactory</c>) and, on PostgreSQL, each has its own
/// connection pool (its own application name), as separate machines would.
/// </summary>
public sealed class Fleet : IAsyncDisposable
{
    public static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 9, 0);

    private static readonly ContextRegistration[] Registrations =
    [
        ContextRegistration.Scoped,
        ContextRegistration.Pooled,
        ContextRegistration.FactoryOnly,
        ContextRegistration.Scoped,
    ];

    /// <summary>
    /// How long the racers wait for each other at the start line before the test fails (never reached when all is
    /// well).
    /// </summary>
    private static readonly TimeSpan GateTimeout = TimeSpan.FromSeconds(60);

    private readonly Action<DbContextOptionsBuilder> _assertionDatabase;
    private readonly Func<ValueTask> _release;

    private Fleet(
        IReadOnlyList<Instance> instances,
        FakeClock clock,
        Collisions collisions,
        Action<DbContextOptionsBuilder> assertionDatabase,
        Func<ValueTask> release
    )
    {
        Instances = instances;
        Clock = clock;
        Collisions = collisions;
        _assertionDatabase = assertionDatabase;
        _release = release;
    }

    public IReadOnlyList<Instance> Instances { get; }

    public FakeClock Clock { get; }

    /// <summary>
    /// The database errors the instances' stores met (and turned into results) since the last summary.
    /// </summary>
    public Collisions Collisions { get; }

    /// <summary>
    /// <paramref name="count"/> instances over a new PostgreSQL database of <paramref name="server"/>, the schema
    /// created once.
    /// </summary>
    public static async Task<Fleet> PostgresAsync(
        PostgresServer server,
        int count = 4,
        Action<AffiliateOptions>? configure = null
    )
    {
        ArgumentNullException.ThrowIfNull(server);
        var database = await server.CreateDatabaseAsync();
        string For(string application) =>
            new NpgsqlConnectionStringBuilder(database) { ApplicationName = application }.ConnectionString;

        var clock = new FakeClock(Start);
        var collisions = new Collisions();
        var connectionStrings = new List<string> { For("assertions") };
        var instances = new List<Instance>();
        for (var i = 0; i < count; i++)
        {
            var name = $"instance-{i + 1}";
            var connectionString = For(name);
            connectionStrings.Add(connectionString);
            instances.Add(
                new Instance(
                    name,
                    Registrations[i % Registrations.Length],
                    o => o.UseNpgsql(connectionString).AddInterceptors(collisions.Interceptors),
                    clock,
                    configure
                )
            );
        }

        var fleet = new Fleet(
            instances,
            clock,
            collisions,
            o => o.UseNpgsql(connectionStrings[0]),
            () =>
            {
                // Idle connections of this test's pools would otherwise linger for minutes against max_connections.
                foreach (var connectionString in connectionStrings)
                {
                    using var connection = new NpgsqlConnection(connectionString);
                    NpgsqlConnection.ClearPool(connection);
                }

                return ValueTask.CompletedTask;
            }
        );
        await fleet.CreateSchemaAsync();
        return fleet;
    }

    /// <summary>
    /// <paramref name="count"/> instances over one new SQLite file (unpooled connections, each opening the file on its
    /// own, as separate processes would), the schema created once.
    /// </summary>
    public static async Task<Fleet> SqliteAsync(int count = 4, Action<AffiliateOptions>? configure = null)
    {
        var file = new SqliteFile(pooling: false);
        var clock = new FakeClock(Start);
        var collisions = new Collisions();
        var instances = Enumerable
            .Range(0, count)
            .Select(i => new Instance(
                $"instance-{i + 1}",
                Registrations[i % Registrations.Length],
                o => o.UseSqlite(file.ConnectionString).AddInterceptors(collisions.Interceptors),
                clock,
                configure
            ))
            .ToArray();
        var fleet = new Fleet(
            instances,
            clock,
            collisions,
            o =>
                o.UseSqlite(file.ConnectionString)
                    .AddInterceptors(new global::Affiliate.EntityFrameworkCore.AffiliateConnectionInterceptor()),
            file.DisposeAsync
        );
        await fleet.CreateSchemaAsync();
        return fleet;
    }

    /// <summary>A context of its own over the database, for reading rows in assertions.</summary>
    public AffiliateDbContext NewContext()
    {
        var options = new DbContextOptionsBuilder<AffiliateDbContext>();
        _assertionDatabase(options);
        return new AffiliateDbContext(options.Options);
    }

    /// <summary>
    /// Runs <paramref name="count"/> operations at once, operation i on instance i mod N, each in its own scope (its
    /// own DbContext and connection). Every racer first gets its scope, then waits at a start line until all have
    /// arrived, so the operations overlap as much as the machine allows. Any exception of any racer fails the race with
    /// all of them.
    /// </summary>
    public async Task<T[]> RaceAsync<T>(int count, Func<int, IServiceProvider, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = 0;
        var racers = Enumerable
            .Range(0, count)
            .Select(i =>
                Task.Run(() =>
                    Instances[i % Instances.Count]
                        .InScopeAsync(async services =>
                        {
                            if (Interlocked.Increment(ref arrived) == count)
                            {
                                start.SetResult();
                            }

                            await start.Task.WaitAsync(GateTimeout);
                            return await operation(i, services);
                        })
                )
            )
            .ToArray();

        try
        {
            return await Task.WhenAll(racers);
        }
        catch (Exception) when (racers.Any(r => r.IsFaulted))
        {
            // Task.WhenAll rethrows only the first: report every racer's exception (with its stack).
            throw new AggregateException(
                $"{racers.Count(r => r.IsFaulted)} of {count} concurrent operations threw instead of answering with "
                    + "a result.",
                racers.Where(r => r.IsFaulted).SelectMany(r => r.Exception!.InnerExceptions)
            );
        }
    }

    /// <summary>
    /// <see cref="RaceAsync{T}(int, Func{int, IServiceProvider, Task{T}})"/> on a service resolved in each racer's
    /// scope.
    /// </summary>
    public Task<T[]> RaceAsync<TService, T>(int count, Func<int, TService, Task<T>> operation)
        where TService : notnull =>
        RaceAsync(count, (i, services) => operation(i, services.GetRequiredService<TService>()));

    /// <summary>
    /// Opens a few connections per instance and runs the library's first queries, so that races start on warm pools
    /// and compiled queries instead of measuring connection set-up.
    /// </summary>
    public async Task WarmUpAsync(int perInstance = 3) =>
        await RaceAsync<IPartnerStore, Partner?>(Instances.Count * perInstance, (i, partners) =>
            partners.FindAsync(new PartnerId($"warm-up-{i}"), default).AsTask()
        );

    /// <summary>
    /// Registers active partners, each with the referral code of its id in upper case followed by 10.
    /// </summary>
    public async Task<Partner[]> RegisterPartnersAsync(params string[] ids)
    {
        var partners = new List<Partner>();
        foreach (var id in ids)
        {
            var result = await Instances[partners.Count % Instances.Count]
                .RunAsync<PartnerDirectory, AffiliateResult<Partner>>(d =>
                    d.RegisterAsync(
                            new PartnerApplication
                            {
                                Id = new PartnerId(id),
                                Name = id,
                                ReferralCodes = [CodeOf(id)],
                                AutoApprove = true,
                            }
                        )
                        .AsTask()
                );
            partners.Add(result.GetValueOrThrow());
        }

        return [.. partners];
    }

    public static string CodeOf(string partnerId) => partnerId.ToUpperInvariant() + "10";

    /// <summary>
    /// A sale at the clock's time, credited to the owner of <paramref name="referralCode"/> (given at checkout).
    /// </summary>
    public ConversionRequest Sale(string orderId, decimal amount, string referralCode) =>
        new()
        {
            Facts = ConversionFacts.Sale(new ConversionId(orderId), Clock.Now, Money.Of(amount, "EUR")),
            ReferralCode = referralCode,
        };

    /// <summary>
    /// Records sales, spread over the instances (each instance records its share one after another); all must be new.
    /// </summary>
    public async Task<ConversionOutcome[]> RecordSalesAsync(IReadOnlyList<ConversionRequest> sales)
    {
        ArgumentNullException.ThrowIfNull(sales);
        var shares = await Task.WhenAll(
            Instances.Select(
                (instance, n) =>
                    Task.Run(async () =>
                    {
                        var outcomes = new List<ConversionOutcome>();
                        for (var i = n; i < sales.Count; i += Instances.Count)
                        {
                            var result = await instance.RunAsync<
                                ConversionRecorder,
                                AffiliateResult<ConversionOutcome>
                            >(r => r.RecordAsync(sales[i]).AsTask());
                            Assert.True(
                                result.Succeeded && !result.AlreadyRecorded,
                                $"sale {sales[i].Facts.Id}: {result}"
                            );
                            outcomes.Add(result.Value!);
                        }

                        return outcomes;
                    })
            )
        );
        return [.. shares.SelectMany(s => s)];
    }

    /// <summary>Every event in the outbox (none is dispatched in these tests), oldest first.</summary>
    public Task<IReadOnlyList<AffiliateEvent>> EventsAsync() =>
        Instances[0]
            .RunAsync<IOutboxStore, IReadOnlyList<AffiliateEvent>>(outbox =>
                outbox.PendingAsync(int.MaxValue, default).AsTask()
            );

    public Task<IReadOnlyList<CommissionLine>> LinesAsync(LineQuery? query = null) =>
        Instances[0]
            .RunAsync<ILedgerStore, IReadOnlyList<CommissionLine>>(ledger =>
                ledger.QueryLinesAsync(query ?? new LineQuery(), default).AsTask()
            );

    public Task<IReadOnlyList<Payout>> PayoutsAsync() =>
        Instances[0]
            .RunAsync<IPayoutStore, IReadOnlyList<Payout>>(payouts =>
                payouts.QueryAsync(new PayoutQuery(), default).AsTask()
            );

    private async Task CreateSchemaAsync()
    {
        await using var context = NewContext();
        await AffiliateSchema.EnsureCreatedAsync(context);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var instance in Instances)
        {
            await instance.DisposeAsync();
        }

        await _release();
    }
}
