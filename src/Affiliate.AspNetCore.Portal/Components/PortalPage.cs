using Microsoft.AspNetCore.Components;

namespace Affiliate.AspNetCore.Portal;

/// <summary>
/// The base of the portal's page components. They are public only because Razor components are; a host renders
/// them through <c>MapAffiliatePortal</c> and <c>MapAffiliateAdmin</c>, which give each its model.
/// </summary>
public abstract class PortalPage : ComponentBase
{
    /// <summary>The page's data, made by the page's endpoint.</summary>
    [Parameter, EditorRequired]
    public object Model { get; set; } = default!;
}
