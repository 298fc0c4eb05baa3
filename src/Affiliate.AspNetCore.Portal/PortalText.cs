using Microsoft.Extensions.Localization;

[assembly: ResourceLocation("Resources")]
[assembly: RootNamespace("Affiliate.AspNetCore.Portal")]

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The type the pages' <c>IStringLocalizer&lt;PortalText&gt;</c> is named after: the strings are in
/// <c>Resources/PortalText.resx</c> (English, the default) and a host adds a language with a satellite resource
/// (<c>PortalText.de.resx</c>) or its own <c>IStringLocalizerFactory</c>. The English text is the key, so a missing
/// string shows in English rather than as a key.
/// </summary>
internal sealed class PortalText
{
    /// <summary>The English words for the core's statuses (partners, conversions, lines, payouts).</summary>
    public static readonly IReadOnlyDictionary<string, string> Statuses = new Dictionary<string, string>(
        StringComparer.Ordinal
    )
    {
        ["Active"] = "Active",
        ["Pending"] = "Pending",
        ["Suspended"] = "Suspended",
        ["Terminated"] = "Terminated",
        ["Declined"] = "Declined",
        ["Attributed"] = "Attributed",
        ["NotAttributed"] = "Not attributed",
        ["Held"] = "Held for review",
        ["Rejected"] = "Rejected",
        ["PartiallyRefunded"] = "Partly refunded",
        ["Reversed"] = "Reversed",
        ["Approved"] = "Approved",
        ["Paid"] = "Paid",
        ["Failed"] = "Failed",
    };

    /// <summary>The English names of the core's well-known segments; a custom segment shows its own name.</summary>
    public static readonly IReadOnlyDictionary<string, string> Segments = new Dictionary<string, string>(
        StringComparer.OrdinalIgnoreCase
    )
    {
        ["influencer"] = "Influencer",
        ["content-creator"] = "Content creator",
        ["review-site"] = "Review site",
        ["cashback-loyalty"] = "Cashback or loyalty site",
        ["coupon-site"] = "Coupon or deal site",
        ["reseller"] = "Reseller or agency",
    };

    /// <summary>A status in the reader's language.</summary>
    public static string Status(IStringLocalizer text, Enum status) =>
        Statuses.TryGetValue(status.ToString(), out var english) ? text[english] : status.ToString();

    /// <summary>A segment in the reader's language (a custom one as named).</summary>
    public static string Segment(IStringLocalizer text, PartnerSegment segment) =>
        Segments.TryGetValue(segment.Name, out var english) ? text[english] : segment.Name;
}
