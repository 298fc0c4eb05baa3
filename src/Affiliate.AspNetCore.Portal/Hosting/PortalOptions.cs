using Microsoft.AspNetCore.Components;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// How the partner portal and the program admin look and behave:
/// <c>services.AddAffiliates(...).UseAspNetCore().UsePortal(portal =&gt; ...)</c>. The colours and fonts come from CSS
/// variables (<c>--affiliate-*</c>) the host may set in its own stylesheet.
/// </summary>
public sealed class PortalOptions
{
    /// <summary>
    /// The layout the pages render in: a <see cref="LayoutComponentBase"/> that writes the whole HTML document around
    /// its <see cref="LayoutComponentBase.Body"/> (the host's header and footer, say). The default is a plain document
    /// with the portal's stylesheet. A layout may read the page's title from a cascading <see cref="PortalPageInfo"/>.
    /// The portal links its stylesheet inside the body, so a host layout needs no link of its own.
    /// </summary>
    public Type Layout { get; set; } = typeof(PortalLayout);

    /// <summary>The program's name as the pages show it in their header and titles.</summary>
    public string ProgramName { get; set; } = "Partner program";

    /// <summary>
    /// Whether an application on the apply page makes an active partner at once; by default it waits for an admin's
    /// approval.
    /// </summary>
    public bool AutoApproveApplications { get; set; }

    /// <summary>
    /// Where the host mapped the redirect links (<c>MapAffiliateLinks</c>, <c>/go</c> by default): the links page
    /// shows partners their links as <c>{site}{LinkPath}/{code}/{link}</c>.
    /// </summary>
    public string LinkPath { get; set; } = "/go";

    /// <summary>The segments the apply page and the admin offer; by default the core's well-known ones.</summary>
    public IList<PartnerSegment> Segments { get; } =
    [
        PartnerSegment.Influencer,
        PartnerSegment.ContentCreator,
        PartnerSegment.ReviewSite,
        PartnerSegment.CashbackLoyalty,
        PartnerSegment.CouponSite,
        PartnerSegment.Reseller,
    ];

    internal void Validate(ICollection<string> failures)
    {
        if (Layout is null || !typeof(LayoutComponentBase).IsAssignableFrom(Layout))
        {
            failures.Add("PortalOptions.Layout must be a component type that derives from LayoutComponentBase.");
        }

        if (LinkPath is not ['/', ..] || LinkPath.StartsWith("//", StringComparison.Ordinal))
        {
            failures.Add("PortalOptions.LinkPath must be a path on this site, such as '/go'.");
        }

        if (string.IsNullOrWhiteSpace(ProgramName))
        {
            failures.Add("PortalOptions.ProgramName must not be empty.");
        }
    }
}

/// <summary>
/// What a layout may know of the page it wraps, given to the layout as a cascading value.
/// </summary>
/// <param name="Title">The page's title, for the document's <c>&lt;title&gt;</c>.</param>
/// <param name="ProgramName">The program's name (<see cref="PortalOptions.ProgramName"/>).</param>
/// <param name="StylesheetUrl">Where the portal's stylesheet is served.</param>
public sealed record PortalPageInfo(string Title, string ProgramName, string StylesheetUrl);
