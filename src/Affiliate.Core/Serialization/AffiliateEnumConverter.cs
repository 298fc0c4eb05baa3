using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate;

/// <summary>
/// The enums of Affiliate.Core, and <see cref="MidpointRounding"/> which plans carry, as camelCase names
/// (<c>"awayFromZero"</c>). Scoped to those types so that a host's own enums keep the host's form.
/// </summary>
internal sealed class AffiliateEnumConverter : JsonConverterFactory
{
    private readonly JsonStringEnumConverter names = new(JsonNamingPolicy.CamelCase);

    /// <inheritdoc />
    public override bool CanConvert(Type typeToConvert)
    {
        ArgumentNullException.ThrowIfNull(typeToConvert);
        return typeToConvert.IsEnum
            && (
                typeToConvert.Assembly == typeof(AffiliateEnumConverter).Assembly
                || typeToConvert == typeof(MidpointRounding)
            );
    }

    /// <inheritdoc />
    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        names.CreateConverter(typeToConvert, options);
}
