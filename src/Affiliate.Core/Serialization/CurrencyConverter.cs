using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// A <see cref="Currency"/>: an ISO 4217 currency whose minor digits are the table's as its code (<c>"EUR"</c>),
/// any other currency (one declared with <see cref="Currency.Create"/>, such as loyalty points) as
/// <c>{"code":"PTS","minorUnits":0}</c>. A bare code is therefore always an ISO currency with its ISO digits, and an
/// unknown bare code is an error rather than a guess. <c>default(Currency)</c> is written as <c>null</c>.
/// </summary>
internal sealed class CurrencyConverter : JsonConverter<Currency>
{
    /// <inheritdoc />
    public override Currency Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ReadCurrency(ref reader);

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Currency value, JsonSerializerOptions options) =>
        WriteCurrency(writer, value);

    /// <summary>Reads a currency in either form (or null as the default currency).</summary>
    public static Currency ReadCurrency(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return default;
            case JsonTokenType.String:
                var code = reader.GetString()!;
                return Currency.TryFromCode(code, out var iso)
                    ? iso
                    : throw new JsonException(
                        $"'{code}' is not an ISO 4217 currency code; a currency outside ISO 4217 is written as "
                            + $"{{\"code\":\"{code}\",\"minorUnits\":n}}."
                    );
            case JsonTokenType.StartObject:
                return ReadObject(ref reader);
            default:
                throw new JsonException(
                    $"Expected a currency (\"EUR\" or {{\"code\",\"minorUnits\"}}) but found {reader.TokenType}."
                );
        }
    }

    /// <summary>Writes a currency in the shortest unambiguous form.</summary>
    public static void WriteCurrency(Utf8JsonWriter writer, Currency value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsDefault)
        {
            writer.WriteNullValue();
            return;
        }

        if (Currency.TryFromCode(value.Code, out var iso) && iso == value)
        {
            writer.WriteStringValue(value.Code);
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("code", value.Code);
        writer.WriteNumber("minorUnits", value.MinorUnits);
        writer.WriteEndObject();
    }

    private static Currency ReadObject(ref Utf8JsonReader reader)
    {
        string? code = null;
        int? minorUnits = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "code":
                    code = JsonRead.String(ref reader, "a currency code");
                    break;
                case "minorUnits":
                    minorUnits = JsonRead.Int32(ref reader, "a currency's minor units");
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (code is null || minorUnits is null)
        {
            throw new JsonException("A currency object needs both \"code\" and \"minorUnits\".");
        }

        try
        {
            return Currency.Create(code, minorUnits.Value);
        }
        catch (ArgumentException e)
        {
            throw JsonRead.Invalid("currency", e);
        }
    }
}
