using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A <see cref="VolumeWindow"/> as <c>{"kind":"calendarMonth","days":0}</c>, <c>{"kind":"lifetime","days":0}</c>
/// or <c>{"kind":"rollingDays","days":30}</c>, read back through its factories.
/// </summary>
internal sealed class VolumeWindowConverter : JsonConverter<VolumeWindow>
{
    /// <inheritdoc />
    public override VolumeWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonRead.StartObject(ref reader, "a volume window");
        string? kind = null;
        int? days = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "kind":
                    kind = JsonRead.String(ref reader, "a volume window's kind");
                    break;
                case "days":
                    days = JsonRead.Int32(ref reader, "a volume window's days");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        try
        {
            return kind switch
            {
                "calendarMonth" => VolumeWindow.CalendarMonth,
                "lifetime" => VolumeWindow.Lifetime,
                "rollingDays" => VolumeWindow.Rolling(
                    days ?? throw new JsonException("A rolling volume window needs \"days\".")
                ),
                null => throw new JsonException(
                    "A volume window needs a \"kind\": \"calendarMonth\", \"rollingDays\" or \"lifetime\"."
                ),
                _ => throw new JsonException(
                    $"'{kind}' is not a kind of volume window; expected \"calendarMonth\", \"rollingDays\" or "
                        + "\"lifetime\"."
                ),
            };
        }
        catch (ArgumentException e)
        {
            throw JsonRead.Invalid("volume window", e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, VolumeWindow value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(
            "kind",
            value.Kind switch
            {
                VolumeWindowKind.CalendarMonth => "calendarMonth",
                VolumeWindowKind.RollingDays => "rollingDays",
                VolumeWindowKind.Lifetime => "lifetime",
                _ => throw new JsonException($"The volume window kind {value.Kind} has no JSON form."),
            }
        );
        writer.WriteNumber("days", value.Days);
        writer.WriteEndObject();
    }
}
