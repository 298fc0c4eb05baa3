using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Affiliate.AspNetCore;

/// <summary>
/// The host's consent hook: asked before a referral visit is tracked. When it refuses, nothing is recorded and no
/// cookie is set. Register your own with <c>services.AddSingleton&lt;ITrackingConsent, MyConsent&gt;()</c> (or
/// scoped); the default follows the host's cookie policy consent, and allows every visit when there is none.
/// </summary>
public interface ITrackingConsent
{
    /// <summary>Whether this visitor allows tracking, e.g. from the host's consent cookie.</summary>
    ValueTask<bool> AllowsTrackingAsync(HttpContext context);
}

/// <summary>
/// The default consent hook: a visit may be tracked unless the host runs ASP.NET Core's cookie policy with consent
/// and this visitor has not given it (<see cref="ITrackingConsentFeature.CanTrack"/>).
/// </summary>
internal sealed class CookiePolicyTrackingConsent : ITrackingConsent
{
    public ValueTask<bool> AllowsTrackingAsync(HttpContext context) =>
        ValueTask.FromResult(context.Features.Get<ITrackingConsentFeature>() is not { CanTrack: false });
}
