using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.MultiInstance;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Affiliate.EntityFrameworkCore.Tests.Model;

/// <summary>
/// The library as a host wires it for one history: <c>AddAffiliates(...).UseEntityFrameworkCore</c> over a fresh
/// database (a new SQLite file, or a new PostgreSQL database), the <see cref="ModelProgram"/> plan and options, a
/// <see cref="FakeClock"/>, and a host fraud rule that holds the sales the history sends to review. Every call runs
/// in a new scope, as one request would.
/// </summary>
public sealed class ModelHost : IAsyncDisposable
{
    public static readonly PlanId PlanId = new("model-plan");

    private readonly Func<ValueTask> _release;

    private ModelHost(Action<DbContextOptionsBuilder> useDatabase, Func<ValueTask> release)
    {
        _release = release;
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IClock>(Clock);
        services.AddDbContext<AffiliateDbContext>(useDatabase);
        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = Instance.IpHashKey;
                o.Plan = Plan();
                o.AttributionWindow = ModelProgram.Window;
                o.HoldPeriod = ModelProgram.Hold;
                o.PlanLeadTime = ModelProgram.LeadTime;
                o.Payouts = new PayoutPolicy
                {
                    Thresholds = [Money.OfMinor(ModelProgram.ThresholdCents, Currency.EUR)],
                    AllowClawback = true,
                };

                // The model knows no heuristics: only the host rule below holds, nothing rejects.
                var fraud = o.Fraud;
                FraudRuleOptions[] heuristics =
                [
                    fraud.BotUserAgents,
                    fraud.IpVelocity,
                    fraud.VisitorVelocity,
                    fraud.SelfReferral,
                    fraud.ClickToConversion,
                    fraud.DuplicateOrders,
                    fraud.ConversionRateAnomaly,
                    fraud.RefundRate,
                    fraud.CookieStuffing,
                ];
                foreach (var rule in heuristics)
                {
                    rule.Enabled = false;
                }
            })
            .AddConversionFraudRule<ReviewMarkedSales>()
            .UseEntityFrameworkCore<AffiliateDbContext>()
            .ValidateOnStart();
        Services = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }
        );
    }

    public FakeClock Clock { get; } = new(ModelProgram.Start);

    public ServiceProvider Services { get; }

    /// <summary>
    /// A host over a new SQLite file, its schema created and the partners registered: a copy of a template file made
    /// once per test run, so each history pays for a file copy instead of the schema scripts. The files live in
    /// /dev/shm where there is one: the same SQLite files (WAL, synchronous=FULL), without a shared disk's fsyncs.
    /// </summary>
    public static async Task<ModelHost> SqliteAsync()
    {
        var template = await SqliteTemplate.Value;
        var directory = NewSqliteDirectory();
        var path = Path.Combine(directory, "model.db");
        File.Copy(template, path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = 30,
        }.ConnectionString;
        return new ModelHost(o => o.UseSqlite(connectionString), () => DeleteSqlite(directory, connectionString));
    }

    /// <summary>
    /// A host over a new database of <paramref name="server"/>, its schema created and the partners registered: a
    /// <c>CREATE DATABASE ... TEMPLATE</c> copy of a database prepared once per server, instead of the schema scripts.
    /// </summary>
    public static async Task<ModelHost> PostgresAsync(PostgresServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var template = await PostgresTemplateAsync(server);
        var name = "model_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(server.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                $"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"",
                connection
            );
            await command.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server.ConnectionString)
        {
            Database = name,
        }.ConnectionString;
        return new ModelHost(o => o.UseNpgsql(connectionString), () => ClearPostgresPool(connectionString));
    }

    private static readonly SemaphoreSlim PostgresTemplateGate = new(1, 1);
    private static (PostgresServer Server, string Name)? _postgresTemplate;

    private static async Task<string> PostgresTemplateAsync(PostgresServer server)
    {
        await PostgresTemplateGate.WaitAsync();
        try
        {
            if (_postgresTemplate is { } made && made.Server == server)
            {
                return made.Name;
            }

            var name = "model_template_" + Guid.NewGuid().ToString("N")[..8];
            var connectionString = await server.CreateDatabaseAsync(name);

            // A template is copied only while nobody is connected to it: the pool is cleared when the host is done.
            await (
                await StartAsync(
                    new ModelHost(o => o.UseNpgsql(connectionString), () => ClearPostgresPool(connectionString))
                )
            ).DisposeAsync();
            _postgresTemplate = (server, name);
            return name;
        }
        finally
        {
            PostgresTemplateGate.Release();
        }
    }

    private static ValueTask ClearPostgresPool(string connectionString)
    {
        // Idle connections of this history's pool would otherwise hold on to max_connections.
        using var connection = new NpgsqlConnection(connectionString);
        NpgsqlConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static readonly Lazy<Task<string>> SqliteTemplate = new(CreateSqliteTemplateAsync);

    private static async Task<string> CreateSqliteTemplateAsync()
    {
        var directory = NewSqliteDirectory();
        var path = Path.Combine(directory, "template.db");
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
        }.ConnectionString;

        // Closing the last unpooled connection checkpoints the WAL, so the file alone is the whole database.
        await (
            await StartAsync(new ModelHost(o => o.UseSqlite(connectionString), () => ValueTask.CompletedTask))
        ).DisposeAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
        return path;
    }

    private static string NewSqliteDirectory()
    {
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Path.Combine(root, "affiliate-model-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }

    private static ValueTask DeleteSqlite(string directory, string connectionString)
    {
        using (var connection = new SqliteConnection(connectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        Directory.Delete(directory, recursive: true);
        return ValueTask.CompletedTask;
    }

    /// <summary>Runs <paramref name="operation"/> on a service resolved in a new scope.</summary>
    public async Task<T> RunAsync<TService, T>(Func<TService, ValueTask<T>> operation)
        where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await operation(scope.ServiceProvider.GetRequiredService<TService>());
    }

    /// <summary>The plan's first version, in force since long before the history starts.</summary>
    public static CommissionPlan Plan() =>
        new()
        {
            Id = PlanId,
            Name = "Model",
            Currency = Currency.EUR,
            Versions =
            [
                Version(
                    1,
                    ModelProgram.FirstVersionFrom,
                    ModelProgram.FirstSellerPercent,
                    ModelProgram.FirstUplinePercent
                ),
            ],
        };

    /// <summary>A version paying the seller and the seller's sponsor (level 2) percentages of the sale.</summary>
    public static PlanVersion Version(int number, Instant from, decimal seller, decimal upline) =>
        new()
        {
            Number = number,
            EffectiveFrom = from,
            Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(seller) }],
            MultiLevel = upline > 0 ? new MultiLevelPolicy { Levels = [new(2, CommissionRate.Percent(upline))] } : null,
        };

    private static async Task<ModelHost> StartAsync(ModelHost host)
    {
        try
        {
            await using (var scope = host.Services.CreateAsyncScope())
            {
                await AffiliateSchema.EnsureCreatedAsync(
                    scope.ServiceProvider.GetRequiredService<AffiliateDbContext>()
                );
            }

            for (var i = 0; i < ModelProgram.Partners.Length; i++)
            {
                var application = new PartnerApplication
                {
                    Id = new PartnerId(ModelProgram.Partners[i]),
                    Name = ModelProgram.Partners[i],
                    ReferralCodes = [ModelProgram.Code(i)],
                    SponsorCode = ModelProgram.Sponsors[i] is { } sponsor ? ModelProgram.Code(sponsor) : null,
                    AutoApprove = true,
                };
                var registered = await host.RunAsync<PartnerDirectory, AffiliateResult<Partner>>(d =>
                    d.RegisterAsync(application)
                );
                registered.GetValueOrThrow();
            }

            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await _release();
    }

    /// <summary>The host's own fraud rule: sales whose id ends in <c>-review</c> wait for a review.</summary>
    private sealed class ReviewMarkedSales : IConversionFraudRule
    {
        public ValueTask<FraudVerdict> EvaluateAsync(
            ConversionFraudContext context,
            CancellationToken cancellationToken
        ) =>
            ValueTask.FromResult(
                context.Conversion.Id.Value.EndsWith("-review", StringComparison.Ordinal)
                    ? FraudVerdict.Hold("model_review", "The history sends this sale to review.")
                    : FraudVerdict.Allow
            );
    }
}
