using System.Data.Common;
using Affiliate.EntityFrameworkCore.PostgreSql;
using Affiliate.EntityFrameworkCore.Sqlite;
using Affiliate.EntityFrameworkCore.Tests.HostIntegration;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore.Tests.Packaging;

/// <summary>
/// The neutral package finds the provider package's implementation from the context's EF Core provider, and says
/// which package to reference when it is missing.
/// </summary>
public sealed class ProviderLookupTests
{
    private static ShopDbContext Sqlite(string connectionString = "Data Source=:memory:") =>
        new(new DbContextOptionsBuilder<ShopDbContext>().UseSqlite(connectionString).Options);

    // UseNpgsql connects lazily: the provider name is known without a server.
    private static ShopDbContext Postgres() =>
        new(new DbContextOptionsBuilder<ShopDbContext>().UseNpgsql("Host=localhost;Database=shop").Options);

    private static readonly AffiliateDatabases NothingResolves = new(_ => null);

    [Fact]
    public void A_sqlite_context_finds_the_sqlite_package()
    {
        using var context = Sqlite();

        var database = AffiliateDatabases.Default.For(context);

        Assert.IsType<SqliteAffiliateDatabase>(database);
        Assert.Equal(AffiliateSchema.Provider.Sqlite, database.Dialect);
    }

    [Fact]
    public void A_postgres_context_finds_the_postgresql_package()
    {
        using var context = Postgres();

        var database = AffiliateDatabases.Default.For(context);

        Assert.IsType<PostgreSqlAffiliateDatabase>(database);
        Assert.Equal(AffiliateSchema.Provider.PostgreSql, database.Dialect);
    }

    [Fact]
    public void A_sqlite_context_without_the_sqlite_package_is_told_to_reference_it()
    {
        using var context = Sqlite();

        var error = Assert.Throws<InvalidOperationException>(() => NothingResolves.For(context));

        Assert.Equal(
            "The context 'ShopDbContext' uses Microsoft.EntityFrameworkCore.Sqlite: reference the "
                + "'Affiliate.EntityFrameworkCore.Sqlite' package.",
            error.Message
        );
    }

    [Fact]
    public void A_postgres_context_without_the_postgresql_package_is_told_to_reference_it()
    {
        using var context = Postgres();

        var error = Assert.Throws<InvalidOperationException>(() => NothingResolves.For(context));

        Assert.Equal(
            "The context 'ShopDbContext' uses Npgsql.EntityFrameworkCore.PostgreSQL: reference the "
                + "'Affiliate.EntityFrameworkCore.PostgreSql' package.",
            error.Message
        );
    }

    [Fact]
    public void The_missing_package_is_asked_for_by_its_implementation_type_name()
    {
        var asked = new List<string>();
        var databases = new AffiliateDatabases(name =>
        {
            asked.Add(name);
            return null;
        });
        using var sqlite = Sqlite();
        using var postgres = Postgres();

        Assert.Throws<InvalidOperationException>(() => databases.For(sqlite));
        Assert.Throws<InvalidOperationException>(() => databases.For(postgres));

        // The names the neutral package knows are the provider packages' real types.
        Assert.Equal([Named(typeof(SqliteAffiliateDatabase)), Named(typeof(PostgreSqlAffiliateDatabase))], asked);
    }

    [Fact]
    public void Another_provider_is_not_supported()
    {
        var error = Assert.Throws<NotSupportedException>(() =>
            AffiliateDatabases.Default.For("Microsoft.EntityFrameworkCore.SqlServer", typeof(ShopDbContext))
        );

        Assert.Equal(
            "The affiliate schema supports SQLite and PostgreSQL; 'Microsoft.EntityFrameworkCore.SqlServer' is "
                + "neither. "
                + "Use Microsoft.EntityFrameworkCore.Sqlite or Npgsql.EntityFrameworkCore.PostgreSQL.",
            error.Message
        );
    }

    [Fact]
    public void A_provider_is_resolved_once_then_cached()
    {
        var resolved = 0;
        var databases = new AffiliateDatabases(name =>
        {
            resolved++;
            return Type.GetType(name, throwOnError: false);
        });
        using var first = Sqlite();
        using var second = Sqlite("Data Source=other.db");

        var one = databases.For(first);
        var two = databases.For(second);

        Assert.Same(one, two);
        Assert.Equal(1, resolved);
    }

    [Fact]
    public async Task The_connection_interceptor_sets_the_sqlite_pragmas_through_the_provider_package()
    {
        await using var file = new SqliteFile();
        await using var context = new ShopDbContext(
            new DbContextOptionsBuilder<ShopDbContext>()
                .UseSqlite(file.ConnectionString)
                .AddInterceptors(new AffiliateConnectionInterceptor())
                .Options
        );

        Assert.Equal("wal", await JournalModeAsync(context));
    }

    [Fact]
    public async Task The_connection_interceptor_leaves_a_context_alone_when_its_provider_package_is_missing()
    {
        await using var file = new SqliteFile();
        await using var context = new ShopDbContext(
            new DbContextOptionsBuilder<ShopDbContext>()
                .UseSqlite(file.ConnectionString)
                .AddInterceptors(new AffiliateConnectionInterceptor(NothingResolves))
                .Options
        );

        // The host's own queries keep working; only the affiliate stores would say what is missing.
        Assert.Equal("delete", await JournalModeAsync(context));
    }

    [Fact]
    public void Each_provider_package_ships_the_schema_versions_the_neutral_package_expects()
    {
        var sqlite = new SqliteAffiliateDatabase().Scripts;
        var postgres = new PostgreSqlAffiliateDatabase().Scripts;

        Assert.Equal(AffiliateSchema.Versions, sqlite.Select(s => s.Version));
        Assert.Equal(sqlite.Select(s => s.Description), postgres.Select(s => s.Description));
        Assert.All(sqlite.Concat(postgres), s => Assert.False(string.IsNullOrWhiteSpace(s.Sql), s.Description));
        Assert.NotEqual(sqlite.Select(s => s.Sql), postgres.Select(s => s.Sql));
    }

    [Fact]
    public void A_provider_package_of_another_schema_version_is_refused_with_what_to_do()
    {
        var error = Assert.Throws<InvalidOperationException>(() => AffiliateSchema.Scripts(new ScriptlessDatabase()));

        Assert.Contains(
            "'Affiliate.EntityFrameworkCore.Sqlite' ships schema versions []",
            error.Message,
            StringComparison.Ordinal
        );
        Assert.Contains("reference the same version of both packages", error.Message, StringComparison.Ordinal);
    }

    private static string Named(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    private static async Task<string?> JournalModeAsync(DbContext context)
    {
        var connection = context.Database.GetDbConnection();
        await context.Database.OpenConnectionAsync();
        try
        {
            await using DbCommand command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode";
            return (string?)await command.ExecuteScalarAsync();
        }
        finally
        {
            await context.Database.CloseConnectionAsync();
        }
    }

    /// <summary>A provider package that embeds no scripts (as one of another version might embed other ones).</summary>
    private sealed class ScriptlessDatabase : AffiliateDatabase
    {
        public override AffiliateSchema.Provider Dialect => AffiliateSchema.Provider.Sqlite;

        public override string PackageName => AffiliateDatabases.SqlitePackage;

        public override Task<int> WriteClicksAsync(
            DbConnection connection,
            AffiliateModelOptions options,
            IReadOnlyList<ClickWrite> clicks,
            CancellationToken cancellationToken
        ) => throw new NotSupportedException();

        protected override bool IsProviderCollision(Exception exception) => false;
    }
}
