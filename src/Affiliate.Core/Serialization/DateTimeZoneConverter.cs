using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A <see cref="DateTimeZone"/> as its IANA (tzdb) id, such as <c>"Europe/Berlin"</c>; <c>"UTC"</c> and fixed
/// offsets (<c>"UTC+05:30"</c>) too. Zones are read back from <see cref="DateTimeZoneProviders.Tzdb"/>.
/// </summary>
internal sealed class DateTimeZoneConverter : JsonConverter<DateTimeZone>
{
    /// <inheritdoc />
    public override DateTimeZone Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var id = JsonRead.String(ref reader, "a time zone id");
        return DateTimeZoneProviders.Tzdb.GetZoneOrNull(id)
            ?? throw new JsonException(
                $"'{id}' is not a time zone id of the IANA (tzdb) database, such as \"Europe/Berlin\"."
            );
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeZone value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStringValue(value.Id);
    }
}
