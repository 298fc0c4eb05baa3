using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A bonus <see cref="Milestone"/> as <c>{"kind":"nthConversion","count":10,"revenue":0}</c> or
/// <c>{"kind":"revenueReached","count":0,"revenue":5000.00}</c> (the revenue an exact JSON number), read back
/// through its factories.
/// </summary>
internal sealed class MilestoneConverter : JsonConverter<Milestone>
{
    /// <inheritdoc />
    public override Milestone Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonRead.StartObject(ref reader, "a milestone");
        string? kind = null;
        int? count = null;
        decimal? revenue = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "kind":
                    kind = JsonRead.String(ref reader, "a milestone's kind");
                    break;
                case "count":
                    count = JsonRead.Int32(ref reader, "a milestone's count");
                    break;
                case "revenue":
                    revenue = JsonRead.Decimal(ref reader, "a milestone's revenue");
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
                "nthConversion" => Milestone.NthConversion(
                    count ?? throw new JsonException("An nthConversion milestone needs a \"count\".")
                ),
                "revenueReached" => Milestone.RevenueReached(
                    revenue ?? throw new JsonException("A revenueReached milestone needs a \"revenue\".")
                ),
                null => throw new JsonException(
                    "A milestone needs a \"kind\": \"nthConversion\" or \"revenueReached\"."
                ),
                _ => throw new JsonException(
                    $"'{kind}' is not a kind of milestone; expected \"nthConversion\" or \"revenueReached\"."
                ),
            };
        }
        catch (ArgumentException e)
        {
            throw JsonRead.Invalid("milestone", e);
        }
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Milestone value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WriteString(
            "kind",
            value.Kind switch
            {
                MilestoneKind.NthConversion => "nthConversion",
                MilestoneKind.RevenueReached => "revenueReached",
                _ => throw new JsonException($"The milestone kind {value.Kind} has no JSON form."),
            }
        );
        writer.WriteNumber("count", value.Count);
        writer.WriteNumber("revenue", value.Revenue);
        writer.WriteEndObject();
    }
}
