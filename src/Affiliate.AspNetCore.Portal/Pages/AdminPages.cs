using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Affiliate.AspNetCore.Portal;

/// <summary>The program admin's endpoints; the admin filter of <c>MapAffiliateAdmin</c> has admitted the user.</summary>
internal static class AdminPages
{
    public static void Map(RouteGroupBuilder pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
    }
}
