using Affiliate.EntityFrameworkCore;
using Affiliate.Samples.WebShop.Demo;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.Samples.WebShop.Data;

/// <summary>
/// Which database the shop uses: a SQLite file under the content root (<c>App_Data/shop.db</c>) by default, or
/// PostgreSQL when <c>--provider postgresql</c> (or <c>Shop:Provider</c>) is given, or when
/// <c>ConnectionStrings:Affiliates</c> holds a PostgreSQL connection string (<c>Host=...</c>).
/// </summary>
/// <param name="Provider"><c>sqlite</c> or <c>postgresql</c>.</param>
/// <param name="ConnectionString">The connection string.</param>
public sealed record ShopDatabase(string Provider, string ConnectionString)
{
    /// <summary>The SQLite file the shop made itself (App_Data/shop.db); null for a database it was given.</summary>
    public string? DefaultFile { get; init; }

    /// <summary>The SQLite provider's name.</summary>
    public const string Sqlite = "sqlite";

    /// <summary>The PostgreSQL provider's name.</summary>
    public const string PostgreSql = "postgresql";

    /// <summary>Reads the choice from configuration; a bad one throws at start with what to change.</summary>
    public static ShopDatabase FromConfiguration(IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connection = configuration.GetConnectionString("Affiliates");
        var provider = (configuration["provider"] ?? configuration["Shop:Provider"])?.Trim().ToLowerInvariant();
        provider ??= connection?.Contains("Host=", StringComparison.OrdinalIgnoreCase) == true ? PostgreSql : Sqlite;
        switch (provider)
        {
            case PostgreSql when string.IsNullOrWhiteSpace(connection):
                throw new InvalidOperationException(
                    "--provider postgresql needs a connection string: --ConnectionStrings:Affiliates "
                        + "\"Host=localhost;Database=shop;Username=...;Password=...\"."
                );
            case PostgreSql:
                return new ShopDatabase(PostgreSql, connection!);
            case Sqlite:
                if (!string.IsNullOrWhiteSpace(connection))
                {
                    return new ShopDatabase(Sqlite, connection);
                }

                var folder = Path.Combine(contentRoot, "App_Data");
                Directory.CreateDirectory(folder);
                var file = Path.Combine(folder, "shop.db");
                return new ShopDatabase(Sqlite, "Data Source=" + file) { DefaultFile = file };
            default:
                throw new InvalidOperationException(
                    $"Unknown database provider '{provider}': use --provider sqlite (the default) or postgresql."
                );
        }
    }

    /// <summary>Configures the shop's DbContext for this database.</summary>
    public void Configure(DbContextOptionsBuilder options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = Provider == PostgreSql ? options.UseNpgsql(ConnectionString) : options.UseSqlite(ConnectionString);
    }

    /// <summary>Where the data lives, for the start-up banner (without a password).</summary>
    public string Describe() =>
        Provider == PostgreSql
            ? "PostgreSQL (" + string.Join(';', ConnectionString.Split(';').Where(p => !IsSecret(p))) + ")"
            : "SQLite (" + ConnectionString + ")";

    /// <summary>
    /// Before the host starts: creates the tables, then either restores the demo clock's saved offset or, on the
    /// first run, sets the clock back 90 days for <see cref="DemoSeeder"/> to replay the history.
    /// </summary>
    /// <exception cref="InvalidOperationException">A first run was interrupted half-way.</exception>
    public async Task PrepareAsync(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (!await TryPrepareAsync(services) && DefaultFile is { } file)
        {
            // The shop's own demo file, left half-seeded (stopped during the first run): start it again.
            Console.WriteLine(
                $"The demo database {file} was left half-seeded by an interrupted first run: seeding anew."
            );
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }

            await TryPrepareAsync(services);
        }
    }

    /// <summary>False when the database was left half-seeded and the caller may start it anew.</summary>
    private async Task<bool> TryPrepareAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        await ShopSchema.EnsureCreatedAsync(db);
        var settings = scope.ServiceProvider.GetRequiredService<ShopSettings>();
        var clock = services.GetRequiredService<DemoClock>();
        if (await settings.IsSeededAsync())
        {
            clock.StartAt(await settings.ClockOffsetAsync());
            return true;
        }

        if (await db.Products.AnyAsync())
        {
            return DefaultFile is not null
                ? false
                : throw new InvalidOperationException(
                    $"The demo database {Describe()} was left half-seeded by an interrupted first run. Empty it (drop "
                        + "the database, or delete the file) and start again."
                );
        }

        services.GetRequiredService<DemoState>().NeedsSeed = true;
        clock.StartAt(-TimeSpan.FromDays(DemoSeeder.Days + 1));
        return true;
    }

    private static bool IsSecret(string part) =>
        part.TrimStart().StartsWith("Password", StringComparison.OrdinalIgnoreCase)
        || part.TrimStart().StartsWith("Pwd", StringComparison.OrdinalIgnoreCase);
}
