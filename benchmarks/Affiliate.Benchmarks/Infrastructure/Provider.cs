namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>The databases the Entity Framework Core stores run on, as a benchmark parameter.</summary>
public enum Provider
{
    /// <summary>A real SQLite file, with the WAL and synchronous=FULL pragmas the store sets.</summary>
    Sqlite,

    /// <summary>A throwaway PostgreSQL 15 cluster on loopback (the tests' fixture).</summary>
    PostgreSql,
}
