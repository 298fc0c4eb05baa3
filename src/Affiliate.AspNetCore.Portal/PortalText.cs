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
internal sealed class PortalText;
