using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// <see cref="Money"/> as <c>{"amount":"10.50","currency":"EUR"}</c>. The amount is a string so that it comes back
/// exactly, scale included (10.50 stays 10.50, 0.125 stays 0.125), whatever reads the JSON; a JSON number is
/// accepted too. <c>default(Money)</c>, which has no currency, is written as <c>null</c>.
/// </summary>
internal sealed class MoneyConverter : JsonConverter<Money>
{
    /// <inheritdoc />
    public override Money Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return default;
        }

        JsonRead.StartObject(ref reader, "an amount of money ({\"amount\",\"currency\"})");
        decimal? amount = null;
        Currency currency = default;
        while (JsonRead.NextProperty(ref reader, out var name))
        {
            switch (name)
            {
                case "amount":
                    amount = JsonRead.Decimal(ref reader, "an amount");
                    break;
                case "currency":
                    currency = CurrencyConverter.ReadCurrency(ref reader);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        if (amount is null || currency.IsDefault)
        {
            throw new JsonException("An amount of money needs both \"amount\" and \"currency\".");
        }

        return new Money(amount.Value, currency);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, Money value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Currency.IsDefault)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("amount", JsonRead.DecimalText(value.Amount));
        writer.WritePropertyName("currency");
        CurrencyConverter.WriteCurrency(writer, value.Currency);
        writer.WriteEndObject();
    }
}
