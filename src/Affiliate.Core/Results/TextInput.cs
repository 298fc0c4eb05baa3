namespace Affiliate;

/// <summary>
/// Control characters in text that reaches storage: ids and codes that carry one are refused (they are someone's
/// mistake or probing), free text from request headers is cleaned (a user agent is whatever the client sent).
/// PostgreSQL refuses NUL in text outright, so letting one through would turn a bad request into a failed write.
/// </summary>
internal static class TextInput
{
    public static bool HasControl(string? text) => text is not null && text.Any(char.IsControl);

    /// <summary>The first of the named values that holds a control character, if any.</summary>
    public static string? FirstWithControl(params (string Name, string? Value)[] values) =>
        values.FirstOrDefault(v => HasControl(v.Value)).Name;

    public static string? Clean(string? text) =>
        text is null || !HasControl(text) ? text : new string(text.Where(c => !char.IsControl(c)).ToArray());
}
