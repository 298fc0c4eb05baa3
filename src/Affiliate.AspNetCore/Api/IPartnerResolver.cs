using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// Maps the host's signed-in user to the partner they are. The partner API and the portal show only that partner's
/// data, so this is the one place that decides whose data a request may see.
/// </summary>
public interface IPartnerResolver
{
    /// <summary>The partner the request's user is, or null when the user is not signed in or is no partner.</summary>
    ValueTask<PartnerId?> ResolveAsync(HttpContext context, CancellationToken cancellationToken);
}

/// <summary>
/// The default resolver: the value of <see cref="ApiOptions.PartnerClaimType"/> on an authenticated user.
/// </summary>
internal sealed class ClaimPartnerResolver(IOptions<AffiliateWebOptions> options) : IPartnerResolver
{
    public ValueTask<PartnerId?> ResolveAsync(HttpContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = context.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return ValueTask.FromResult<PartnerId?>(null);
        }

        var value = user.FindFirstValue(options.Value.Api.PartnerClaimType);
        // A claim that is no valid partner id (too long, control characters) is no partner, not an exception.
        return ValueTask.FromResult<PartnerId?>(PartnerId.TryParse(value, null, out var id) ? id : null);
    }
}
