using System.Security.Claims;
using Affiliate.AspNetCore;

namespace Affiliate.Samples.WebShop.Demo;

/// <summary>A demo sign-in.</summary>
/// <param name="Email">The e-mail to sign in with.</param>
/// <param name="Name">The name shown.</param>
/// <param name="PartnerId">The partner id for a partner, null for the admin.</param>
/// <param name="Description">What the account shows, on the sign-in page.</param>
public sealed record DemoUser(string Email, string Name, string? PartnerId, string Description)
{
    /// <summary>Whether this is the program admin.</summary>
    public bool IsAdmin => PartnerId is null;
}

/// <summary>
/// The demo's accounts: the shop's admin and every partner by their e-mail, all with the password
/// <see cref="Password"/>. A real shop has its own user store; what matters here is the claims the library reads.
/// </summary>
public static class DemoUsers
{
    /// <summary>The password of every demo account (demo only).</summary>
    public const string Password = "demo";

    /// <summary>The admin's e-mail.</summary>
    public const string AdminEmail = "admin@kettle-and-bean.example";

    /// <summary>The role the <c>AffiliateAdmin</c> policy asks for.</summary>
    public const string AdminRole = "admin";

    /// <summary>The accounts offered with one click on the sign-in page.</summary>
    public static IReadOnlyList<DemoUser> Featured { get; } =
    [
        new(AdminEmail, "Shop admin", null, "Program admin: orders, refunds, the demo clock, the admin pages"),
        User("mia", "Influencer with a coupon code; sponsor of Leon and The Kitchen Lab"),
        User("brewlog", "Third level: sponsored by Brew Brothers, who are sponsored by The Kitchen Lab"),
        User("dealdrop", "Coupon site: sales through the code SAVE10, hardly any clicks"),
        User("freshfinds", "Applied, waiting for approval"),
    ];

    /// <summary>The account with <paramref name="email"/> and the password, or null.</summary>
    public static DemoUser? SignIn(string? email, string? password)
    {
        if (string.IsNullOrWhiteSpace(email) || password != Password)
        {
            return null;
        }

        if (string.Equals(email.Trim(), AdminEmail, StringComparison.OrdinalIgnoreCase))
        {
            return Featured[0];
        }

        return DemoPartners.ByEmail(email) is { } partner
            ? new DemoUser(partner.Email, partner.Name, partner.Id, partner.Segment.Name)
            : null;
    }

    /// <summary>
    /// The user's claims: the name and e-mail, the partner id in the claim the default <see cref="IPartnerResolver"/>
    /// reads (<see cref="ApiOptions.PartnerClaimType"/>), and the admin role.
    /// </summary>
    public static ClaimsPrincipal Principal(DemoUser user, string partnerClaimType, string scheme)
    {
        ArgumentNullException.ThrowIfNull(user);
        var claims = new List<Claim> { new(ClaimTypes.Name, user.Name), new(ClaimTypes.Email, user.Email) };
        if (user.PartnerId is { } partnerId)
        {
            claims.Add(new Claim(partnerClaimType, partnerId));
        }
        else
        {
            claims.Add(new Claim(ClaimTypes.Role, AdminRole));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }

    private static DemoUser User(string partnerId, string description)
    {
        var partner = DemoPartners.All.First(p => p.Id == partnerId);
        return new DemoUser(partner.Email, partner.Name, partner.Id, description);
    }
}
