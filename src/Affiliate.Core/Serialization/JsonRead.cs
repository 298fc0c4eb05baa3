using System.Globalization;
using System.Text.Json;

namespace Affiliate;

/// <summary>
/// Small reading helpers the converters share, so that every malformed value fails with a <see cref="JsonException"/>.
/// </summary>
internal static class JsonRead
{
    /// <summary>
    /// The styles an exact decimal is written in: an optional minus sign, digits and a decimal point.
    /// </summary>
    private const NumberStyles DecimalStyles = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint;

    /// <summary>The current token as a string, or a <see cref="JsonException"/> naming what was expected.</summary>
    public static string String(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new JsonException($"Expected {what} as a JSON string but found {reader.TokenType}.");

    /// <summary>Fails unless the current token starts an object.</summary>
    public static void StartObject(ref Utf8JsonReader reader, string what)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected {what} as a JSON object but found {reader.TokenType}.");
        }
    }

    /// <summary>
    /// Moves to the next property of an object and onto its value; false at the end of the object. Properties may
    /// come in any order (PostgreSQL's jsonb reorders them).
    /// </summary>
    public static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        if (!reader.Read())
        {
            throw new JsonException("The JSON ended inside an object.");
        }

        if (reader.TokenType == JsonTokenType.EndObject)
        {
            name = string.Empty;
            return false;
        }

        name = reader.GetString()!;
        if (!reader.Read())
        {
            throw new JsonException($"The JSON ended before the value of '{name}'.");
        }

        return true;
    }

    /// <summary>
    /// An exact decimal written as a string (<c>"10.50"</c>) or a number (<c>10.50</c>); both keep the scale, so
    /// 10.50 comes back as 10.50 and not 10.5.
    /// </summary>
    public static decimal Decimal(ref Utf8JsonReader reader, string what)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number when reader.TryGetDecimal(out var number):
                return number;
            case JsonTokenType.String
                when decimal.TryParse(reader.GetString(), DecimalStyles, CultureInfo.InvariantCulture, out var parsed):
                return parsed;
            case JsonTokenType.String or JsonTokenType.Number:
                throw new JsonException(
                    $"Expected {what} as an exact decimal such as \"10.50\" but found '{Text(ref reader)}'."
                );
            default:
                throw new JsonException($"Expected {what} as a decimal but found {reader.TokenType}.");
        }
    }

    /// <summary>A 32-bit integer.</summary>
    public static int Int32(ref Utf8JsonReader reader, string what) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new JsonException($"Expected {what} as a whole number but found {reader.TokenType}.");

    /// <summary>Writes a decimal as a string with its scale (invariant culture, no exponent).</summary>
    public static string DecimalText(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Turns a domain validation error into a <see cref="JsonException"/> naming the type being read.
    /// </summary>
    public static JsonException Invalid(string type, Exception inner) =>
        new($"The JSON holds an invalid {type}: {inner.Message}", inner);

    private static string Text(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
}
