namespace Affiliate.Samples.WebShop.Shop;

/// <summary>The shop's authorization policies.</summary>
public static class ShopPolicies
{
    /// <summary>
    /// Program admins: the policy the library's admin API and the admin pages ask for (its default name,
    /// <c>AffiliateWebOptions.Api.AdminPolicy</c>), which the shop's own admin pages use too.
    /// </summary>
    public const string Admin = "AffiliateAdmin";
}
