using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore.Tests.Specification;

/// <summary>
/// A real database (a SQLite file or a PostgreSQL database) with the affiliate schema, and contexts over it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly List<DbContext> _contexts = [];
    private readonly Func<
        DbContextOptionsBuilder<AffiliateDbContext>,
        DbContextOptionsBuilder<AffiliateDbContext>
    > _configure;
    private readonly SqliteFile? _file;

    private TestDatabase(
        Func<DbContextOptionsBuilder<AffiliateDbContext>, DbContextOptionsBuilder<AffiliateDbContext>> configure,
        SqliteFile? file
    )
    {
        _configure = configure;
        _file = file;
    }

    public static async Task<TestDatabase> SqliteAsync()
    {
        var file = new SqliteFile(pooling: true);
        var database = new TestDatabase(o => o.UseSqlite(file.ConnectionString), file);
        await database.CreateSchemaAsync();
        return database;
    }

    public static async Task<TestDatabase> PostgresAsync(PostgresServer server)
    {
        var connectionString = await server.CreateDatabaseAsync();
        var database = new TestDatabase(o => o.UseNpgsql(connectionString), null);
        await database.CreateSchemaAsync();
        return database;
    }

    public AffiliateDbContext NewContext()
    {
        var options = _configure(new DbContextOptionsBuilder<AffiliateDbContext>())
            .AddInterceptors(new AffiliateConnectionInterceptor())
            .Options;
        var context = new AffiliateDbContext(options);
        lock (_contexts)
        {
            _contexts.Add(context);
        }

        return context;
    }

    public StoreUnderTest Stores() =>
        StoreUnderTest.ForSingleObject(new EntityFrameworkAffiliateStore(NewContext())) with
        {
            OpenAnotherAsync = () => Task.FromResult(Stores()),
        };

    private async Task CreateSchemaAsync()
    {
        await using var context = new AffiliateDbContext(
            _configure(new DbContextOptionsBuilder<AffiliateDbContext>()).Options
        );
        await AffiliateSchema.EnsureCreatedAsync(context);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }

        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
