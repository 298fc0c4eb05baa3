namespace Affiliate.AspNetCore.Portal;

/// <summary>A page that only says something: not found, not allowed, an expired form.</summary>
internal sealed record MessageModel(PortalView View, string Message);
