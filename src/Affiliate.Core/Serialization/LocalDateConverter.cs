using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// A <see cref="LocalDate"/> of the ISO calendar as <c>"2026-06-01"</c>. Dates of other calendars are refused
/// rather than silently re-read as ISO dates.
/// </summary>
internal sealed class LocalDateConverter : JsonConverter<LocalDate>
{
    private static readonly LocalDatePattern Pattern = LocalDatePattern.Iso;

    /// <inheritdoc />
    public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = JsonRead.String(ref reader, "a date");
        var result = Pattern.Parse(text);
        return result.Success
            ? result.Value
            : throw new JsonException($"'{text}' is not an ISO-8601 date such as \"2026-06-01\".", result.Exception);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Calendar != CalendarSystem.Iso)
        {
            throw new JsonException(
                $"Only dates of the ISO calendar are stored; {value} is in {value.Calendar.Id}. Convert it with "
                    + "WithCalendar(CalendarSystem.Iso)."
            );
        }

        writer.WriteStringValue(Pattern.Format(value));
    }
}
