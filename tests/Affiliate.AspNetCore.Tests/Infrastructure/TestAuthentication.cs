using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Tests.Infrastructure;

/// <summary>
/// A test sign-in: <c>X-Test-Partner: anna</c> signs in as partner anna (the <c>affiliate_partner_id</c> claim),
/// <c>X-Test-Role: admin</c> adds the admin role that the test host's <c>AffiliateAdmin</c> policy asks for. No
/// header, no user.
/// </summary>
public sealed class TestAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder
) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The scheme's name.</summary>
    public const string SchemeName = "Test";

    /// <summary>The header that names the signed-in partner.</summary>
    public const string PartnerHeader = "X-Test-Partner";

    /// <summary>The header that names the signed-in user's role.</summary>
    public const string RoleHeader = "X-Test-Role";

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var partner = Request.Headers[PartnerHeader].ToString();
        var role = Request.Headers[RoleHeader].ToString();
        if (partner.Length == 0 && role.Length == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.Name, partner.Length > 0 ? partner : role) };
        if (partner.Length > 0)
        {
            claims.Add(new Claim("affiliate_partner_id", partner));
        }

        if (role.Length > 0)
        {
            claims.Add(new Claim(ClaimTypes.Role, role));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
