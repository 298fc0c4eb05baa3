using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A value that is a validated string (a strongly typed id, a partner segment or tier, a referral code) as that
/// plain string, also as a dictionary key. The default value, which has no text, is written as <c>null</c>.
/// </summary>
/// <typeparam name="T">The wrapper type.</typeparam>
/// <param name="create">Validates and wraps text (throws <see cref="ArgumentException"/> when it is invalid).</param>
/// <param name="text">The text of a value, null for the default value.</param>
internal sealed class StringValueConverter<T>(Func<string, T> create, Func<T, string?> text) : JsonConverter<T>
    where T : struct
{
    /// <inheritdoc />
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? default : Create(JsonRead.String(ref reader, "a " + typeof(T).Name));

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (text(value) is { } s)
        {
            writer.WriteStringValue(s);
        }
        else
        {
            writer.WriteNullValue();
        }
    }

    /// <inheritdoc />
    public override T ReadAsPropertyName(
        ref Utf8JsonReader reader,
        Type typeToConvert,
        JsonSerializerOptions options
    ) => Create(reader.GetString()!);

    /// <inheritdoc />
    public override void WriteAsPropertyName(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WritePropertyName(
            text(value)
                ?? throw new JsonException(
                    $"A default {typeof(T).Name} has no text and cannot be a JSON property name."
                )
        );
    }

    private T Create(string value)
    {
        try
        {
            return create(value);
        }
        catch (ArgumentException e)
        {
            throw JsonRead.Invalid(typeof(T).Name, e);
        }
    }
}
