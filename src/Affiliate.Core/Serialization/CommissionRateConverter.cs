using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// Makes the converter for <see cref="CommissionRate"/> and each of its kinds, so that a property declared as
/// <see cref="PercentRate"/> reads and writes the same shape as one declared as <see cref="CommissionRate"/>.
/// </summary>
internal sealed class CommissionRateConverterFactory : JsonConverterFactory
{
    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert) => typeof(CommissionRate).IsAssignableFrom(typeToConvert);

    /// <inheritdoc />
    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(CommissionRateConverter<>).MakeGenericType(typeToConvert))!;
}

/// <summary>
/// A <see cref="CommissionRate"/> tagged with its kind: <c>{"kind":"percent","value":12.5}</c>,
/// <c>{"kind":"flat","amount":{"amount":"10.00","currency":"EUR"}}</c> or
/// <c>{"kind":"flatPerItem","amount":{...}}</c>. The percentage is an exact JSON number (scale kept).
/// </summary>
/// <typeparam name="TRate"><see cref="CommissionRate"/> or one of its kinds.</typeparam>
internal sealed class CommissionRateConverter<TRate> : JsonConverter<TRate>
    where TRate : CommissionRate
{
    private static readonly MoneyConverter MoneyConverter = new();

    /// <inheritdoc />
    public override TRate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        JsonRead.StartObject(ref reader, "a commission rate");
        string? kind = null;
        decimal? value = null;
        Money? amount = null;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "kind":
                    kind = JsonRead.String(ref reader, "a commission rate's kind");
                    break;
                case "value":
                    value = JsonRead.Decimal(ref reader, "a percentage");
                    break;
                case "amount":
                    amount = MoneyConverter.Read(ref reader, typeof(Money), options);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        CommissionRate rate = kind switch
        {
            "percent" => CommissionRate.Percent(value ?? throw new JsonException("A percent rate needs a \"value\".")),
            "flat" => CommissionRate.Flat(RequireAmount(amount, kind)),
            "flatPerItem" => CommissionRate.FlatPerItem(RequireAmount(amount, kind)),
            null => throw new JsonException(
                "A commission rate needs a \"kind\": \"percent\", \"flat\" or \"flatPerItem\"."
            ),
            _ => throw new JsonException(
                $"'{kind}' is not a kind of commission rate; expected \"percent\", \"flat\" or \"flatPerItem\"."
            ),
        };

        return rate as TRate
            ?? throw new JsonException($"Expected a {typeof(TRate).Name} but the JSON holds a '{kind}' rate.");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TRate value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        switch (value)
        {
            case PercentRate percent:
                writer.WriteString("kind", "percent");
                writer.WriteNumber("value", percent.Value);
                break;
            case FlatRate flat:
                writer.WriteString("kind", "flat");
                writer.WritePropertyName("amount");
                MoneyConverter.Write(writer, flat.Amount, options);
                break;
            case FlatPerItemRate perItem:
                writer.WriteString("kind", "flatPerItem");
                writer.WritePropertyName("amount");
                MoneyConverter.Write(writer, perItem.Amount, options);
                break;
            default:
                throw new JsonException($"The commission rate type {value.GetType().Name} has no JSON form.");
        }

        writer.WriteEndObject();
    }

    private static Money RequireAmount(Money? amount, string kind) =>
        amount is { Currency.IsDefault: false } money
            ? money
            : throw new JsonException($"A '{kind}' rate needs an \"amount\".");
}
