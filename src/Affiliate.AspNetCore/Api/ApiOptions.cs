namespace Affiliate.AspNetCore;

/// <summary>The partner and admin APIs: who is who.</summary>
public sealed class ApiOptions
{
    /// <summary>
    /// The claim of the signed-in user that holds their partner id, read by the default
    /// <see cref="IPartnerResolver"/>; <c>affiliate_partner_id</c> by default. A host whose users are not partners
    /// one to one registers its own resolver (<c>UsePartnerResolver&lt;T&gt;()</c>).
    /// </summary>
    public string PartnerClaimType { get; set; } = "affiliate_partner_id";

    /// <summary>
    /// The name of the host's authorization policy that admits program admins; <c>AffiliateAdmin</c> by default.
    /// The host defines it (<c>AddAuthorization(o =&gt; o.AddPolicy("AffiliateAdmin", ...))</c>).
    /// </summary>
    public string AdminPolicy { get; set; } = "AffiliateAdmin";

    internal void Validate(ICollection<string> failures)
    {
        if (string.IsNullOrWhiteSpace(PartnerClaimType))
        {
            failures.Add(
                "AffiliateWebOptions.Api.PartnerClaimType is empty; name the claim that holds the partner id."
            );
        }

        if (string.IsNullOrWhiteSpace(AdminPolicy))
        {
            failures.Add("AffiliateWebOptions.Api.AdminPolicy is empty; name the authorization policy for admins.");
        }
    }
}
