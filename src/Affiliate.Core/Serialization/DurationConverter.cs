using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// A <see cref="Duration"/> in NodaTime's round-trip form, days then time to the nanosecond:
/// <c>"30:00:00:00"</c> for 30 days, <c>"-0:00:00:01.5"</c> for minus one and a half seconds.
/// </summary>
internal sealed class DurationConverter : JsonConverter<Duration>
{
    private static readonly DurationPattern Pattern = DurationPattern.Roundtrip;

    /// <inheritdoc />
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonRead.String(ref reader, "a duration");
        var result = Pattern.Parse(text);
        return result.Success
            ? result.Value
            : throw new JsonException(
                $"'{text}' is not a duration in the form \"D:hh:mm:ss.fffffffff\".",
                result.Exception
            );
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Pattern.Format(value));
    }
}
