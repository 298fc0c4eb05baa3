namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>
/// A fact that drives the machine's Chromium: skipped when <see cref="BrowserShop.ChromiumPath"/> is missing on a
/// developer's machine, never skipped when <c>CI=true</c> (there the fixture fails every test, saying what to install).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (BrowserShop.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> twin of <see cref="BrowserFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class BrowserTheoryAttribute : TheoryAttribute
{
    public BrowserTheoryAttribute()
    {
        if (BrowserShop.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
