using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Affiliate.EntityFrameworkCore;

/// <summary>Adjustments to the contracts System.Text.Json derives from the domain records.</summary>
internal static class JsonContract
{
    /// <summary>
    /// Writes only what can be read back: a property with neither a setter (init counts) nor a constructor parameter
    /// is computed from the others (<c>RuleConditions.Specificity</c>, <c>CommissionExplanation.Amount</c>,
    /// <c>AffiliateEvent.Type</c>...), so it is left out of the JSON instead of being stored and ignored.
    /// </summary>
    public static void OmitComputedProperties(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
            {
                info.Properties.RemoveAt(i);
            }
        }
    }

    /// <summary>
    /// Makes a value declared as <see cref="AffiliateEvent"/> polymorphic: written with its type name first
    /// (<c>{"type":"conversion.recorded",...}</c>) and read back as the registered record; the name may come anywhere
    /// in the object.
    /// </summary>
    public static void AffiliateEventsByType(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Type != typeof(AffiliateEvent))
        {
            return;
        }

        var polymorphism = new JsonPolymorphismOptions
        {
            TypeDiscriminatorPropertyName = "type",
            UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization,
            IgnoreUnrecognizedTypeDiscriminators = false,
        };
        foreach (var (name, type) in AffiliateEventTypes.ByName)
        {
            polymorphism.DerivedTypes.Add(new JsonDerivedType(type, name));
        }

        info.PolymorphismOptions = polymorphism;
    }
}
