using System.Collections.Concurrent;
using System.Data.Common;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Stores;
using Affiliate.Stores.Specification;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Affiliate.EntityFrameworkCore.Tests.Stores;

/// <summary>
/// Partner queries page in the database (ordinal order of ids, then OFFSET and LIMIT), not by loading every partner.
/// </summary>
public abstract class PartnerPagingTests
{
    // Ordinal order: digits, upper case, '_', lower case, '~', then non-ASCII; a linguistic collation would differ.
    private static readonly string[] Ids =
    [
        "b",
        "B",
        "a",
        "A",
        "_x",
        "Z",
        "aa",
        "a-b",
        "~",
        "0",
        "ä",
        "a_b",
        "ab",
        "Ab",
        "z9",
        "z10",
    ];

    protected abstract Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor);

    /// <summary>What the SQL of a paged partner query must hold, besides LIMIT and OFFSET.</summary>
    protected virtual string? OrderingSql => null;

    [Fact]
    public async Task Partners_page_in_ordinal_order_of_their_ids_in_the_database()
    {
        var commands = new CommandLog();
        await using var context = new AffiliateDbContext(await NewDatabaseAsync(commands));
        await AffiliateSchema.EnsureCreatedAsync(context);
        var store = new EntityFrameworkAffiliateStore(context);
        foreach (var (id, n) in Ids.Select((id, n) => (id, n)))
        {
            var partner = SpecData.NewPartner(id) with
            {
                Status = n % 4 == 3 ? PartnerStatus.Suspended : PartnerStatus.Active,
            };
            Assert.Equal(
                StoreWriteStatus.Written,
                (await store.CreateAsync(partner, [], CancellationToken.None)).Status
            );
        }

        commands.Clear();
        var paged = new List<string>();
        var pages = 0;
        for (var skip = 0; ; skip += 3, pages++)
        {
            var page = await store.QueryAsync(new PartnerQuery { Skip = skip, Take = 3 }, CancellationToken.None);
            Assert.True(page.Count <= 3);
            paged.AddRange(page.Select(p => p.Id.Value));
            if (page.Count < 3)
            {
                break;
            }
        }

        Assert.Equal(Ids.Order(StringComparer.Ordinal), paged);
        Assert.Equal(pages + 1, commands.Texts.Count);
        Assert.All(commands.Texts, sql =>
        {
            Assert.Contains("affiliate_partners", sql, StringComparison.Ordinal);
            Assert.Contains("LIMIT", sql, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("OFFSET", sql, StringComparison.OrdinalIgnoreCase);
            if (OrderingSql is { } ordering)
            {
                Assert.Contains(ordering, sql, StringComparison.Ordinal);
            }
        });

        var active = await store.QueryAsync(
            new PartnerQuery
            {
                Status = PartnerStatus.Active,
                Skip = 2,
                Take = 4,
            },
            CancellationToken.None
        );
        var expected = Ids.Where((_, n) => n % 4 != 3).Order(StringComparer.Ordinal).Skip(2).Take(4);
        Assert.Equal(expected, active.Select(p => p.Id.Value));
        Assert.Empty(await store.QueryAsync(new PartnerQuery { Skip = Ids.Length }, CancellationToken.None));
    }

    /// <summary>The text of every command the context runs.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        private readonly ConcurrentQueue<string> _texts = new();

        public IReadOnlyList<string> Texts => [.. _texts];

        public void Clear() => _texts.Clear();

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command,
            CommandEventData eventData,
            InterceptionResult<DbDataReader> result,
            CancellationToken cancellationToken = default
        )
        {
            _texts.Enqueue(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqlitePartnerPagingTests : PartnerPagingTests, IAsyncLifetime
{
    private readonly SqliteFile _file = new();

    protected override Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor) =>
        Task.FromResult(
            new DbContextOptionsBuilder<AffiliateDbContext>()
                .UseSqlite(_file.ConnectionString)
                .AddInterceptors(interceptor)
                .Options
        );

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _file.DisposeAsync();
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresPartnerPagingTests(PostgresServer server) : PartnerPagingTests
{
    protected override string OrderingSql => "COLLATE \"C\"";

    protected override async Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync(IInterceptor interceptor) =>
        new DbContextOptionsBuilder<AffiliateDbContext>()
            .UseNpgsql(await server.CreateDatabaseAsync())
            .AddInterceptors(interceptor)
            .Options;
}
