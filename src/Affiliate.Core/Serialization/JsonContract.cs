using System.Reflection;
using System.Text.Json.Serialization.Metadata;

namespace Affiliate;

/// <summary>Adjustments to the contracts System.Text.Json derives from the records of Affiliate.Core.</summary>
internal static class JsonContract
{
    private static readonly Assembly Core = typeof(JsonContract).Assembly;

    /// <summary>
    /// Shapes a record of Affiliate.Core, whatever the options say about other types:
    /// <list type="bullet">
    /// <item>Writes only what can be read back: a property with neither a setter (init counts) nor a constructor
    /// parameter is computed from the others (<c>RuleConditions.Specificity</c>, <c>CommissionExplanation.Amount</c>,
    /// <c>AffiliateEvent.Type</c>...), so it is left out instead of being stored and ignored.</item>
    /// <item>Requires a constructor parameter without a default value, so that a missing member is a
    /// <see cref="System.Text.Json.JsonException"/> and never a record with a hole in it (what
    /// <c>RespectRequiredConstructorParameters</c> does, for a host whose options leave it off).</item>
    /// </list>
    /// </summary>
    public static void AffiliateRecords(JsonTypeInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        if (info.Kind != JsonTypeInfoKind.Object || info.Type.Assembly != Core)
        {
            return;
        }

        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            var property = info.Properties[i];
            if (property.Set is null && property.AssociatedParameter is null)
            {
                info.Properties.RemoveAt(i);
                continue;
            }

            if (property.AssociatedParameter is { HasDefaultValue: false })
            {
                property.IsRequired = true;
            }
        }
    }
}
