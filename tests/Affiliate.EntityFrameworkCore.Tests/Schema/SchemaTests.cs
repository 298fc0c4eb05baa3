using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Affiliate.EntityFrameworkCore;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Affiliate.EntityFrameworkCore.Tests.Schema;

/// <summary>
/// A fresh database and one upgraded version by version end in the same schema, and that schema is the one the EF
/// model expects (every table, column and nullability), on SQLite and PostgreSQL.
/// </summary>
public abstract partial class SchemaTests
{
    protected abstract Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync();

    protected abstract Task<IReadOnlyList<string>> DumpAsync(DbConnection connection);

    protected abstract Task<IReadOnlyList<(string Table, string Column, bool Nullable)>> ColumnsAsync(
        DbConnection connection
    );

    /// <summary>
    /// The versions of the embedded scripts in order: numbers are handed out to parallel work, so a version may be
    /// missing from a branch while its neighbours are there.
    /// </summary>
    protected static int[] ScriptVersions() =>
        [
            .. typeof(AffiliateSchema)
                .Assembly.GetManifestResourceNames()
                .Where(n =>
                    n.Contains(".Schema.Sqlite.", StringComparison.Ordinal)
                    && n.EndsWith(".sql", StringComparison.Ordinal)
                )
                .Select(n => n[(n.IndexOf(".Schema.Sqlite.", StringComparison.Ordinal) + 15)..])
                .Select(f =>
                    int.Parse(f.AsSpan(0, f.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture)
                )
                .Order(),
        ];

    [Fact]
    public async Task A_fresh_database_and_an_upgraded_one_end_in_the_same_schema()
    {
        await using var fresh = new AffiliateDbContext(await NewDatabaseAsync());
        Assert.Equal(AffiliateSchema.Versions, await AffiliateSchema.EnsureCreatedAsync(fresh));

        await using var upgraded = new AffiliateDbContext(await NewDatabaseAsync());
        Assert.Equal([1], await AffiliateSchema.EnsureCreatedAsync(upgraded, upToVersion: 1));
        Assert.Equal(1, await AffiliateSchema.VersionAsync(upgraded));

        // Data written under version 1 survives the upgrade.
        var store = new EntityFrameworkAffiliateStore(upgraded);
        var partner = new Partner
        {
            Id = new PartnerId("anna"),
            Name = "Anna",
            ReferralCodes = [ReferralCode.Parse("ANNA10")],
        };
        Assert.True((await store.CreateAsync(partner, [], default)).Succeeded);
        Assert.Equal(AffiliateSchema.Versions.Skip(1), await AffiliateSchema.EnsureCreatedAsync(upgraded));
        Assert.Equal("Anna", (await store.FindAsync(partner.Id, default))?.Name);

        Assert.Empty(await AffiliateSchema.EnsureCreatedAsync(upgraded));
        Assert.Equal(AffiliateSchema.LatestVersion, await AffiliateSchema.VersionAsync(fresh));
        Assert.Equal(await DumpAsync(await OpenAsync(fresh)), await DumpAsync(await OpenAsync(upgraded)));
    }

    [Fact]
    public async Task The_schema_has_every_table_and_column_the_model_maps_with_the_same_nullability()
    {
        await using var context = new AffiliateDbContext(await NewDatabaseAsync());
        await AffiliateSchema.EnsureCreatedAsync(context);
        var columns = (await ColumnsAsync(await OpenAsync(context))).ToHashSet();

        foreach (var entity in context.Model.GetEntityTypes())
        {
            var table = entity.GetTableName()!;
            var store = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
            foreach (var property in entity.GetProperties())
            {
                var column = property.GetColumnName(store)!;
                Assert.True(
                    columns.Contains((table, column, property.IsColumnNullable(store))),
                    $"{table}.{column} ({(property.IsColumnNullable(store) ? "null" : "not null")}) is mapped but "
                        + "the schema does not have it that way."
                );
            }
        }
    }

    [Fact]
    public async Task A_context_without_the_affiliate_model_is_told_what_to_call()
    {
        var options = await NewDatabaseAsync();
        await using var plain = new DbContext(Rebuild(options));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            AffiliateSchema.EnsureCreatedAsync(plain)
        );

        Assert.Contains("modelBuilder.UseAffiliates()", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The same provider and connection, for a plain DbContext with an empty model.</summary>
    private static DbContextOptions Rebuild(DbContextOptions<AffiliateDbContext> options)
    {
        var builder = new DbContextOptionsBuilder();
        foreach (var extension in options.Extensions)
        {
            (
                (Microsoft.EntityFrameworkCore.Infrastructure.IDbContextOptionsBuilderInfrastructure)builder
            ).AddOrUpdateExtension(extension);
        }

        return builder.Options;
    }

    protected static async Task<DbConnection> OpenAsync(DbContext context)
    {
        var connection = context.Database.GetDbConnection();
        if (connection.State != System.Data.ConnectionState.Open)
        {
            await connection.OpenAsync();
        }

        return connection;
    }

    protected static async Task<IReadOnlyList<string>> QueryAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(
                string.Join(
                    " | ",
                    Enumerable
                        .Range(0, reader.FieldCount)
                        .Select(i =>
                            reader.IsDBNull(i)
                                ? "null"
                                : Whitespace()
                                    .Replace(
                                        Convert.ToString(
                                            reader.GetValue(i),
                                            System.Globalization.CultureInfo.InvariantCulture
                                        )!,
                                        " "
                                    )
                        )
                )
            );
        }

        return rows;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}

public sealed class SqliteSchemaTests : SchemaTests, IAsyncLifetime
{
    private readonly List<SqliteFile> _files = [];

    protected override Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync()
    {
        var file = new SqliteFile();
        _files.Add(file);
        return Task.FromResult(
            new DbContextOptionsBuilder<AffiliateDbContext>().UseSqlite(file.ConnectionString).Options
        );
    }

    protected override Task<IReadOnlyList<string>> DumpAsync(DbConnection connection) =>
        QueryAsync(
            connection,
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name <> "
                + "'affiliate_schema_version' ORDER BY type, name"
        );

    protected override async Task<IReadOnlyList<(string Table, string Column, bool Nullable)>> ColumnsAsync(
        DbConnection connection
    )
    {
        var rows = await QueryAsync(
            connection,
            "SELECT m.name, p.name, p.\"notnull\" FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type "
                + "= 'table'"
        );
        return rows.Select(r => r.Split(" | ")).Select(p => (p[0], p[1], p[2] == "0")).ToArray();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var file in _files)
        {
            await file.DisposeAsync();
        }
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresServer server) : SchemaTests
{
    protected override async Task<DbContextOptions<AffiliateDbContext>> NewDatabaseAsync() =>
        new DbContextOptionsBuilder<AffiliateDbContext>().UseNpgsql(await server.CreateDatabaseAsync()).Options;

    protected override async Task<IReadOnlyList<string>> DumpAsync(DbConnection connection) =>
        [
            .. await QueryAsync(
                connection,
                "SELECT table_name, column_name, data_type, is_nullable, column_default FROM "
                    + "information_schema.columns WHERE table_schema = 'public' AND table_name <> "
                    + "'affiliate_schema_version' ORDER BY table_name, ordinal_position"
            ),
            .. await QueryAsync(
                connection,
                "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> "
                    + "'affiliate_schema_version' ORDER BY tablename, indexname"
            ),
            .. await QueryAsync(
                connection,
                "SELECT c.relname, p.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class "
                    + "p ON p.oid = i.inhparent ORDER BY 1"
            ),
        ];

    protected override async Task<IReadOnlyList<(string Table, string Column, bool Nullable)>> ColumnsAsync(
        DbConnection connection
    )
    {
        var rows = await QueryAsync(
            connection,
            "SELECT table_name, column_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public'"
        );
        return rows.Select(r => r.Split(" | ")).Select(p => (p[0], p[1], p[2] == "YES")).ToArray();
    }

    [PostgresFact]
    public async Task Instances_creating_the_schema_in_a_database_schema_of_its_own_at_once_all_succeed()
    {
        const int instances = 8;
        for (var round = 0; round < 3; round++)
        {
            var options = new DbContextOptionsBuilder<OwnSchemaContext>()
                .UseNpgsql(await server.CreateDatabaseAsync())
                .Options;

            var applied = await AtOnce.RunAsync(instances, async _ =>
            {
                await using var context = new OwnSchemaContext(options);
                return await AffiliateSchema.EnsureCreatedAsync(context);
            });

            // One instance applied every script; the others found them applied.
            Assert.Single(applied, a => a.Count > 0);
            Assert.Equal(AffiliateSchema.Versions, applied.Single(a => a.Count > 0));
            await using var check = new OwnSchemaContext(options);
            Assert.Equal(AffiliateSchema.LatestVersion, await AffiliateSchema.VersionAsync(check));
            var tables = await QueryAsync(
                await OpenAsync(check),
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'aff' AND table_name = "
                    + "'affiliate_partners'"
            );
            Assert.Equal(["1"], tables);

            // Schema 14 dropped two click indexes by their schema-qualified names (an unqualified DROP INDEX IF EXISTS
            // would have found nothing in "aff" and passed silently).
            var clickIndexes = await QueryAsync(
                await OpenAsync(check),
                "SELECT indexname FROM pg_indexes WHERE schemaname = 'aff' AND tablename = 'affiliate_clicks' "
                    + "AND indexname IN ('ix_affiliate_clicks_time', 'ix_affiliate_clicks_partner', "
                    + "'ix_affiliate_clicks_list') ORDER BY 1"
            );
            Assert.Equal(["ix_affiliate_clicks_list"], clickIndexes);

            var store = new EntityFrameworkAffiliateStore(check);
            Assert.True(
                (
                    await store.CreateAsync(new Partner { Id = new PartnerId("anna"), Name = "Anna" }, [], default)
                ).Succeeded
            );
            Assert.Equal("Anna", (await store.FindAsync(new PartnerId("anna"), default))?.Name);
        }
    }

    /// <summary>A host context that keeps the affiliate tables in the PostgreSQL schema <c>aff</c>.</summary>
    private sealed class OwnSchemaContext(DbContextOptions<OwnSchemaContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder)
        {
            base.OnModelCreating(modelBuilder);
            modelBuilder.UseAffiliates(o => o.Schema = "aff");
        }
    }
}
