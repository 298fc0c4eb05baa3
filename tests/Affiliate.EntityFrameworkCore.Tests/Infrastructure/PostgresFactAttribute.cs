namespace Affiliate.EntityFrameworkCore.Tests.Infrastructure;

/// <summary>
/// A fact that needs the PostgreSQL cluster: skipped with <see cref="PostgresProbe.Reason"/> when PostgreSQL is
/// unavailable here, never skipped when <c>CI=true</c> (there the fixture fails every test with the reason).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresProbe.SkipReason is { } reason)
        {
            Skip = "PostgreSQL unavailable: " + reason;
        }
    }
}

/// <summary>The <see cref="TheoryAttribute"/> twin of <see cref="PostgresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresTheoryAttribute : TheoryAttribute
{
    public PostgresTheoryAttribute()
    {
        if (PostgresProbe.SkipReason is { } reason)
        {
            Skip = "PostgreSQL unavailable: " + reason;
        }
    }
}
