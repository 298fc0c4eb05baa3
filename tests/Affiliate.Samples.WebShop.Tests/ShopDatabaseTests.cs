using Affiliate.Samples.WebShop.Data;
using Microsoft.Extensions.Configuration;

namespace Affiliate.Samples.WebShop.Tests;

/// <summary>How the shop picks its database from configuration.</summary>
public sealed class ShopDatabaseTests : IDisposable
{
    private readonly string _contentRoot = Path.Combine(
        Path.GetTempPath(),
        "kb-shop-config-" + Guid.NewGuid().ToString("N")
    );

    public void Dispose()
    {
        if (Directory.Exists(_contentRoot))
        {
            Directory.Delete(_contentRoot, recursive: true);
        }
    }

    private ShopDatabase Pick(params (string Key, string Value)[] settings) =>
        ShopDatabase.FromConfiguration(
            new ConfigurationBuilder()
                .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
                .Build(),
            _contentRoot
        );

    [Fact]
    public void Without_settings_the_shop_keeps_a_sqlite_file_in_app_data()
    {
        var database = Pick();

        Assert.Equal(ShopDatabase.Sqlite, database.Provider);
        Assert.EndsWith(Path.Combine("App_Data", "shop.db"), database.DefaultFile, StringComparison.Ordinal);
    }

    [Fact]
    public void A_host_connection_string_alone_selects_postgresql()
    {
        var database = Pick(("ConnectionStrings:Affiliates", "Host=db;Database=shop;Username=u;Password=secret"));

        Assert.Equal(ShopDatabase.PostgreSql, database.Provider);
        Assert.Null(database.DefaultFile);
        Assert.DoesNotContain("secret", database.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_given_sqlite_connection_string_is_used_as_it_is_and_never_deleted()
    {
        var database = Pick(("ConnectionStrings:Affiliates", "Data Source=/tmp/elsewhere.db"));

        Assert.Equal("Data Source=/tmp/elsewhere.db", database.ConnectionString);
        Assert.Null(database.DefaultFile);
    }

    [Theory]
    [InlineData("postgresql", "needs a connection string")]
    [InlineData("oracle", "Unknown database provider")]
    public void A_provider_that_cannot_work_stops_the_start_with_what_to_change(string provider, string message)
    {
        var failure = Assert.Throws<InvalidOperationException>(() => Pick(("provider", provider)));

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }
}
