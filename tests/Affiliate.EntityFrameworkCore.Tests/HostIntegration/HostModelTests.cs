using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.EntityFrameworkCore.Tests.HostIntegration;

/// <summary>A host's own entity, with the kinds of columns hosts have.</summary>
public sealed class Invoice
{
    public Guid Id { get; set; }

    public string Number { get; set; } = "";

    public decimal Total { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public InvoiceStatus Status { get; set; }

    public string? Note { get; set; }

    public long Version { get; set; }
}

public enum InvoiceStatus
{
    Open,
    Paid,
}

/// <summary>A host context with its own table, with or without the affiliate tables (one model per variant).</summary>
public sealed class InvoiceDbContext(
    DbContextOptions<InvoiceDbContext> options,
    bool affiliates,
    string? schema,
    bool inMigrations = false
) : DbContext(options)
{
    public bool Affiliates => affiliates;

    public string? AffiliateSchemaName => schema;

    /// <summary>The affiliate tables mapped into migrations again, as releases before the exclusion did.</summary>
    public bool InMigrations => inMigrations;

    public static InvoiceDbContext Create(
        bool postgres,
        bool affiliates,
        string? schema = null,
        bool inMigrations = false
    )
    {
        var builder = new DbContextOptionsBuilder<InvoiceDbContext>().ReplaceService<
            IModelCacheKeyFactory,
            VariantKeys
        >();
        var options = (
            postgres
                ? builder.UseNpgsql("Host=localhost;Database=never_opened")
                : builder.UseSqlite("Data Source=:memory:")
        ).Options;
        return new InvoiceDbContext(options, affiliates, schema, inMigrations);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        var invoice = modelBuilder.Entity<Invoice>();
        invoice.ToTable("invoices").HasKey(i => i.Id);
        invoice.Property(i => i.Number).HasMaxLength(32);
        invoice.Property(i => i.Version).IsConcurrencyToken();
        invoice.HasIndex(i => i.Number).IsUnique();
        if (affiliates)
        {
            modelBuilder.UseAffiliates(o => o.Schema = schema);
        }

        if (inMigrations)
        {
            foreach (var entity in modelBuilder.Model.GetEntityTypes().Where(e => e.ClrType != typeof(Invoice)))
            {
                entity.SetIsTableExcludedFromMigrations(false);
            }
        }
    }

    private sealed class VariantKeys : IModelCacheKeyFactory
    {
        public object Create(DbContext context, bool designTime) =>
            context is InvoiceDbContext invoices
                ? (
                    context.GetType(),
                    invoices.Affiliates,
                    invoices.AffiliateSchemaName,
                    invoices.InMigrations,
                    designTime
                )
                : (object)(context.GetType(), designTime);
    }
}

/// <summary>
/// The library's tables are left out of a host's migrations (the schema scripts own them), and joining them to the
/// host's context changes nothing of the host's own mapping.
/// </summary>
public sealed class HostModelTests
{
    /// <summary>What <c>dotnet ef migrations add</c> would emit for a first migration (no design package).</summary>
    private static IReadOnlyList<MigrationOperation> FirstMigration(DbContext context) =>
        context
            .GetService<IMigrationsModelDiffer>()
            .GetDifferences(null, context.GetService<IDesignTimeModel>().Model.GetRelationalModel());

    private static string? TableOf(MigrationOperation operation) =>
        operation switch
        {
            CreateTableOperation create => create.Name,
            CreateIndexOperation index => index.Table,
            AddForeignKeyOperation key => key.Table,
            _ => null,
        };

    [Theory]
    [InlineData(false, null)]
    [InlineData(true, null)]
    [InlineData(true, "affiliate")]
    public void A_hosts_first_migration_creates_only_the_hosts_table(bool postgres, string? schema)
    {
        using var context = InvoiceDbContext.Create(postgres, affiliates: true, schema);

        var operations = FirstMigration(context);

        Assert.Contains(operations, o => o is CreateTableOperation { Name: "invoices" });
        Assert.All(operations, o => Assert.True(TableOf(o) == "invoices", $"{o.GetType().Name} on {TableOf(o)}"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_host_that_migrated_the_tables_before_gets_no_migration_dropping_them(bool postgres)
    {
        using var before = InvoiceDbContext.Create(postgres, affiliates: true, inMigrations: true);
        using var now = InvoiceDbContext.Create(postgres, affiliates: true);
        Assert.Contains(FirstMigration(before), o => o is CreateTableOperation { Name: "affiliate_conversions" });

        var upgrade = before
            .GetService<IMigrationsModelDiffer>()
            .GetDifferences(
                before.GetService<IDesignTimeModel>().Model.GetRelationalModel(),
                now.GetService<IDesignTimeModel>().Model.GetRelationalModel()
            );

        Assert.Empty(upgrade);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_separate_affiliate_context_has_no_migration_at_all(bool postgres)
    {
        var builder = new DbContextOptionsBuilder<AffiliateDbContext>();
        using var context = new AffiliateDbContext(
            (
                postgres
                    ? builder.UseNpgsql("Host=localhost;Database=never_opened")
                    : builder.UseSqlite("Data Source=:memory:")
            ).Options
        );

        Assert.Empty(FirstMigration(context));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_hosts_own_mapping_is_the_same_with_and_without_the_affiliate_tables(bool postgres)
    {
        using var without = InvoiceDbContext.Create(postgres, affiliates: false);
        using var with = InvoiceDbContext.Create(postgres, affiliates: true, schema: postgres ? "affiliate" : null);

        Assert.Equal(Describe(without), Describe(with));
    }

    [Fact]
    public async Task EnsureCreated_makes_the_hosts_table_and_the_scripts_make_ours()
    {
        await using var file = new SqliteFile(pooling: true);
        await using var services = RetryHost.Build(o => o.UseSqlite(file.ConnectionString));

        // In this order: EF's EnsureCreated creates nothing when the database already has tables.
        await RetryHost.CreateTablesAsync(services);
        await RetryHost.RegisterAnnaAndClickAsync(services);
        var sale = await RetryHost.SellAsync(services, "order-1");

        await using var scope = services.CreateAsyncScope();
        var shop = scope.ServiceProvider.GetRequiredService<ShopDbContext>();
        shop.Orders.Add(new Order { Id = "order-1", Total = 100m });
        await shop.SaveChangesAsync();
        Assert.Equal(10m, Assert.Single(sale.Lines).Amount.Amount);
        Assert.Equal(AffiliateSchema.LatestVersion, await AffiliateSchema.VersionAsync(shop));
        Assert.Equal(["order-1"], await shop.Orders.AsNoTracking().Select(o => o.Id).ToListAsync());
        Assert.Equal(1, await shop.Set<ConversionRow>().CountAsync());
    }

    /// <summary>
    /// Everything of the model that is not the library's: model-wide settings and annotations (default schema,
    /// sequences, functions, the provider's value generation), and every host table with its columns, keys, indexes
    /// and the EF metadata behind them (types, converters, value generation, concurrency, access mode).
    /// </summary>
    private static List<string> Describe(DbContext context)
    {
        var model = context.GetService<IDesignTimeModel>().Model;
        var lines = new List<string>
        {
            $"default schema {model.GetDefaultSchema()}",
            $"change tracking {model.GetChangeTrackingStrategy()}",
            $"access {model.GetPropertyAccessMode()}",
        };
        lines.AddRange(
            model
                .GetAnnotations()
                .Where(a => !a.Name.StartsWith("Affiliate:", StringComparison.Ordinal))
                .Select(a => $"model annotation {a.Name} = {a.Value}")
        );
        lines.AddRange(model.GetSequences().Select(s => $"sequence {s.Schema}.{s.Name}"));
        lines.AddRange(model.GetDbFunctions().Select(f => $"function {f.ModelName}"));

        var ours = typeof(AffiliateDbContext).Assembly;
        foreach (var entity in model.GetEntityTypes().Where(e => e.ClrType.Assembly != ours).OrderBy(e => e.Name))
        {
            lines.Add($"entity {entity.Name} table {entity.GetSchema()}.{entity.GetTableName()}");
            lines.AddRange(entity.GetAnnotations().Select(a => $"  annotation {a.Name} = {a.Value}"));
            foreach (var property in entity.GetProperties())
            {
                lines.Add(
                    $"  {property.Name}: {property.GetColumnName()} {property.GetColumnType()} "
                        + $"null={property.IsNullable} max={property.GetMaxLength()} "
                        + $"converter={property.GetValueConverter()?.GetType().Name} "
                        + $"provider={property.GetProviderClrType()?.Name} generated={property.ValueGenerated} "
                        + $"token={property.IsConcurrencyToken} access={property.GetPropertyAccessMode()} "
                        + $"collation={property.GetCollation()} default={property.GetDefaultValueSql()}"
                );
                lines.AddRange(property.GetAnnotations().Select(a => $"    annotation {a.Name} = {a.Value}"));
            }

            lines.AddRange(
                entity
                    .GetKeys()
                    .Select(k => $"  key {k.GetName()} ({string.Join(",", k.Properties.Select(p => p.Name))})")
            );
            lines.AddRange(
                entity
                    .GetIndexes()
                    .Select(i => $"  index {i.GetDatabaseName()} unique={i.IsUnique} filter={i.GetFilter()}")
            );
            lines.AddRange(entity.GetForeignKeys().Select(k => $"  foreign key {k.GetConstraintName()}"));
        }

        var relational = model.GetRelationalModel();
        var hostTables = relational.Tables.Where(t =>
            t.EntityTypeMappings.All(m => m.TypeBase.ClrType.Assembly != ours)
        );
        foreach (var table in hostTables)
        {
            lines.Add($"table {table.Schema}.{table.Name} excluded={table.IsExcludedFromMigrations}");
            lines.AddRange(table.Columns.Select(c => $"  column {c.Name} {c.StoreType} null={c.IsNullable}"));
            lines.AddRange(table.Indexes.Select(i => $"  index {i.Name}"));
        }

        return lines;
    }
}
