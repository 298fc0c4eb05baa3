using System.Diagnostics.CodeAnalysis;

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
            throw new ArgumentException(
                $"A {idType} has at most {MaxLength} characters; '{value[..20]}...' has {value.Length}.",
                nameof(value)
            );
        }

        if (value.Any(char.IsControl))
        {
            throw new ArgumentException($"A {idType} cannot contain control characters.", nameof(value));
        }

        return value;
    }

    public static string NewValue(string prefix) => $"{prefix}_{Guid.CreateVersion7():N}";

    /// <summary>True when <paramref name="value"/> is a valid id of any type (what the constructors accept).</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= MaxLength && !value.Any(char.IsControl);

    public static TId Parse<TId>(string value)
        where TId : struct, IIdentifier<TId>
    {
        ArgumentNullException.ThrowIfNull(value);
        return IsValid(value)
            ? TId.Create(value)
            : throw new FormatException(
                $"'{(value.Length > 20 ? value[..20] + "..." : value)}' is not a {typeof(TId).Name}: an id is 1 to "
                    + $"{MaxLength} characters, not blank, without control characters."
            );
    }

    public static bool TryParse<TId>(string? value, out TId result)
        where TId : struct, IIdentifier<TId>
    {
        result = IsValid(value) ? TId.Create(value) : default;
        return IsValid(value);
    }
}

/// <summary>How the shared parsing makes an id of each type (the constructor, after the same checks).</summary>
/// <typeparam name="TSelf">The id type.</typeparam>
internal interface IIdentifier<TSelf>
    where TSelf : struct, IIdentifier<TSelf>
{
    static abstract TSelf Create(string value);
}
