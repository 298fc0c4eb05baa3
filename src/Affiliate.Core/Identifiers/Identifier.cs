namespace Affiliate;

/// <summary>The rules every strongly typed id shares.</summary>
internal static class Identifier
{
    /// <summary>Long enough for any host's order or user id, short enough for an index.</summary>
    public const int MaxLength = InputLimits.MaxIdLength;

    public static string Validate(string value, string idType)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"A {idType} cannot be empty.", nameof(value));
        }

        if (value.Length > MaxLength)
        {
            throw new ArgumentException($"A {idType} has at most {MaxLength} characters; '{value[..20]}...' has {value.Length}.", nameof(value));
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"A {idType} cannot contain control characters.", nameof(value));
        }

        return value;
    }

    public static string NewValue(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";
}
