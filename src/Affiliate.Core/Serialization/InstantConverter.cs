using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// An <see cref="Instant"/> as an ISO-8601 UTC string with every significant digit down to the nanosecond
/// (<c>"2026-06-01T12:00:00.123456789Z"</c>), the NodaTime extended ISO pattern.
/// </summary>
internal sealed class InstantConverter : JsonConverter<Instant>
{
    private static readonly InstantPattern Pattern = InstantPattern.ExtendedIso;

    /// <inheritdoc />
    public override Instant Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonRead.String(ref reader, "an instant");
        var result = Pattern.Parse(text);
        return result.Success
            ? result.Value
            : throw new JsonException(
                $"'{text}' is not an instant in ISO-8601 form such as \"2026-06-01T12:00:00.123456789Z\".",
                result.Exception
            );
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Instant value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Pattern.Format(value));
    }
}
