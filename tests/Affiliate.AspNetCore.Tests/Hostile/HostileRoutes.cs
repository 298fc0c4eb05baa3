using System.Text.RegularExpressions;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>Route patterns filled with values.</summary>
public static partial class HostileRoutes
{
    /// <summary>Each <c>{parameter}</c> of <paramref name="pattern"/> replaced by <paramref name="value"/>.</summary>
    public static string Fill(string pattern, Func<string, string> value) =>
        Parameter().Replace(pattern, m => value(m.Value));

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
