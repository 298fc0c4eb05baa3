using FsCheck;

namespace Affiliate.Tests.Support;

/// <summary>
/// Runs FsCheck properties from xunit facts with a floor of 1,000 cases, and throws (failing the fact) with the
/// counterexample and the replay seed when a property is falsified.
/// </summary>
/// <remarks>
/// In a file that also has <c>using FsCheck;</c>, the name <c>Property</c> is ambiguous with
/// <see cref="FsCheck.Property"/>; write <c>Support.Property.Check(...)</c> or add
/// <c>using Property = Affiliate.Tests.Support.Property;</c>.
/// <example><code>
/// [Fact]
/// public void Allocation_Conserves_The_Total() =>
///     Property.Check(Prop.ForAll(MoneyGenerators.RoundedMoneyArb, MoneyGenerators.RatiosArb,
///         (total, ratios) => Money.Sum(total.Allocate(ratios), total.Currency) == total));
/// </code></example>
/// </remarks>
public static class Property
{
    /// <summary>The fewest cases a property runs.</summary>
    public const int MinimumTests = 1000;

    /// <summary>
    /// Checks <paramref name="property"/> on <paramref name="maxTest"/> generated cases (at least 1,000).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxTest"/> is below <see
    /// cref="MinimumTests"/>.</exception>
    public static void Check(FsCheck.Property property, int maxTest = MinimumTests)
    {
        ArgumentNullException.ThrowIfNull(property);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTest, MinimumTests);
        FsCheck.Check.One(Config.QuickThrowOnFailure.WithMaxTest(maxTest).WithQuietOnSuccess(true), property);
    }
}
