using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// An <see cref="AttributionShare"/> as
/// <c>{"partnerId":"anna","weight":0.5,"kind":"click","clickId":"clk_1","fraction":0.5,</c>
/// <c>"at":"2026-06-01T12:00:00Z"}</c>,
/// the init-only <see cref="AttributionShare.Fraction"/> and <see cref="AttributionShare.At"/> included (weights and
/// fractions are exact JSON numbers). The weight is validated again on reading.
/// </summary>
internal sealed class AttributionShareConverter : JsonConverter<AttributionShare>
{
    /// <inheritdoc />
    public override AttributionShare Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonRead.StartObject(ref reader, "an attribution share");
        PartnerId? partnerId = null;
        decimal? weight = null;
        TouchKind? kind = null;
        ClickId? clickId = null;
        var fraction = 0m;
        Instant at = default;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "partnerId":
                    partnerId = JsonSerializer.Deserialize<PartnerId?>(ref reader, options);
                    break;
                case "weight":
                    weight = JsonRead.Decimal(ref reader, "a share's weight");
                    break;
                case "kind":
                    kind = JsonSerializer.Deserialize<TouchKind>(ref reader, options);
                    break;
                case "clickId":
                    clickId = JsonSerializer.Deserialize<ClickId?>(ref reader, options);
                    break;
                case "fraction":
                    fraction = JsonRead.Decimal(ref reader, "a share's fraction");
                    break;
                case "at":
                    at = JsonSerializer.Deserialize<Instant>(ref reader, options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (partnerId is null || weight is null || kind is null)
        {
            throw new JsonException("An attribution share needs \"partnerId\", \"weight\" and \"kind\".");
        }

        try
        {
            return new AttributionShare(partnerId.Value, weight.Value, kind.Value, clickId)
            {
                Fraction = fraction,
                At = at,
            };
        }
        catch (ArgumentException e)
        {
            throw JsonRead.Invalid("attribution share", e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, AttributionShare value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("partnerId");
        JsonSerializer.Serialize(writer, value.PartnerId, options);
        writer.WriteNumber("weight", value.Weight);
        writer.WritePropertyName("kind");
        JsonSerializer.Serialize(writer, value.Kind, options);
        writer.WritePropertyName("clickId");
        JsonSerializer.Serialize(writer, value.ClickId, options);
        writer.WriteNumber("fraction", value.Fraction);
        writer.WritePropertyName("at");
        JsonSerializer.Serialize(writer, value.At, options);
        writer.WriteEndObject();
    }
}
