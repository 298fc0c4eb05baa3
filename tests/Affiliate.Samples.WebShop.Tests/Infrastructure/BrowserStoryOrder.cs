using Xunit.Abstractions;
using Xunit.Sdk;

namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>
/// Marks a browser test that moves the demo clock far ahead: it runs after the others, so the screenshots show the
/// seeded program as a visitor finds it (the last 30 days full of sales), not a month with none.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class MovesTheClockAttribute : Attribute;

/// <summary>Marks a browser test that only looks at pages (screenshots): it runs first.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class OnlyLooksAttribute : Attribute;

/// <summary>
/// The browser tests' order: those that only look first, then the stories, then those that move the clock; by name
/// within each group, so a run is repeatable.
/// </summary>
public sealed class BrowserStoryOrder : ITestCaseOrderer
{
    /// <summary>The orderer's type name, for <see cref="TestCaseOrdererAttribute"/>.</summary>
    public const string TypeName = "Affiliate.Samples.WebShop.Tests.Infrastructure." + nameof(BrowserStoryOrder);

    /// <summary>The assembly it lives in.</summary>
    public const string AssemblyName = "Affiliate.Samples.WebShop.Tests";

    /// <inheritdoc />
    public IEnumerable<TTestCase> OrderTestCases<TTestCase>(IEnumerable<TTestCase> testCases)
        where TTestCase : ITestCase =>
        testCases.OrderBy(t => Rank(t)).ThenBy(t => t.DisplayName, StringComparer.Ordinal);

    private static int Rank(ITestCase test)
    {
        if (test.TestMethod.Method.GetCustomAttributes(typeof(MovesTheClockAttribute)).Any())
        {
            return 2;
        }

        return test.TestMethod.Method.GetCustomAttributes(typeof(OnlyLooksAttribute)).Any() ? 0 : 1;
    }
}
