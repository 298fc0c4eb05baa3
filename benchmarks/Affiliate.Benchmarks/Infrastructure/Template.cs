using System.Globalization;
using Affiliate.Benchmarks.Data;
using Affiliate.EntityFrameworkCore;

namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// A seeded database the benchmarks copy: what it holds (<see cref="Name"/> and <see cref="Size"/>) and how to seed it.
/// Its <see cref="Key"/> also names the data version and the library's schema version, so a change of either seeds anew
/// instead of reusing a stale file.
/// </summary>
/// <param name="Name">What the data is, such as <c>history</c>.</param> <param name="Size">The size actually seeded
/// (already scaled down in smoke mode).</param> <param name="Seed">Seeds the database (empty with its tables, or a copy
/// of <see cref="Base"/>) through the library.</param>
public sealed record Template(string Name, int Size, Func<BenchHost, Task> Seed)
{
    /// <summary>The template this one starts from, so that its seeding is not repeated; null to start empty.</summary>
    public Template? Base { get; init; }

    /// <summary>The cache key: name, size, data version and schema version.</summary>
    public string Key =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{Name}-{Size}-d{Seeder.DataVersion}-s{AffiliateSchema.LatestVersion}"
        );
}
