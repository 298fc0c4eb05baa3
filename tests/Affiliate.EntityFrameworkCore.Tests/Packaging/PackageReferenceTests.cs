namespace Affiliate.EntityFrameworkCore.Tests.Packaging;

/// <summary>
/// A host pulls only its database provider: restoring a project that references one of the packages brings that
/// provider's driver and nothing of the other.
/// </summary>
public sealed class PackageReferenceTests(PackedFeed feed) : IClassFixture<PackedFeed>
{
    [Fact]
    public async Task A_host_referencing_only_the_sqlite_package_restores_no_npgsql()
    {
        var libraries = await feed.RestoreHostReferencingAsync("Affiliate.EntityFrameworkCore.Sqlite");

        Assert.DoesNotContain(libraries.Keys, IsNpgsql);
        Assert.Contains(libraries.Keys, IsMicrosoftDataSqlite);
        Assert.Contains(libraries.Keys, IsSqlitePclRaw);
        Assert.Equal(feed.Version, libraries["Affiliate.EntityFrameworkCore"]);
        Assert.Equal(feed.Version, libraries["Affiliate.Core"]);
    }

    [Fact]
    public async Task A_host_referencing_only_the_postgresql_package_restores_no_sqlite()
    {
        var libraries = await feed.RestoreHostReferencingAsync("Affiliate.EntityFrameworkCore.PostgreSql");

        Assert.DoesNotContain(libraries.Keys, IsMicrosoftDataSqlite);
        Assert.DoesNotContain(libraries.Keys, IsSqlitePclRaw);
        Assert.Contains(libraries.Keys, IsNpgsql);
        Assert.Equal(feed.Version, libraries["Affiliate.EntityFrameworkCore"]);
        Assert.Equal(feed.Version, libraries["Affiliate.Core"]);
    }

    [Fact]
    public async Task A_host_referencing_only_the_neutral_package_restores_neither_provider()
    {
        var libraries = await feed.RestoreHostReferencingAsync("Affiliate.EntityFrameworkCore");

        Assert.DoesNotContain(libraries.Keys, IsNpgsql);
        Assert.DoesNotContain(libraries.Keys, IsMicrosoftDataSqlite);
        Assert.DoesNotContain(libraries.Keys, IsSqlitePclRaw);
        Assert.Contains("Microsoft.EntityFrameworkCore.Relational", libraries.Keys);
        Assert.Equal(feed.Version, libraries["Affiliate.Core"]);
    }

    private static bool IsNpgsql(string library) => library.StartsWith("Npgsql", StringComparison.OrdinalIgnoreCase);

    private static bool IsMicrosoftDataSqlite(string library) =>
        library.StartsWith("Microsoft.Data.Sqlite", StringComparison.OrdinalIgnoreCase);

    private static bool IsSqlitePclRaw(string library) =>
        library.StartsWith("SQLitePCLRaw", StringComparison.OrdinalIgnoreCase);
}
