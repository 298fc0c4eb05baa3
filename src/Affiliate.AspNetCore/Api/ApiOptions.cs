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

    /// <summary>
    /// The name of the rate limiting policy on the partner and admin APIs; <see cref="DefaultRateLimitPolicy"/> is the
    /// adapter's own (<see cref="RateLimitPermits"/> per <see cref="RateLimitWindow"/> for each partner or signed-in
    /// user, or each IP address when anonymous, answering 429 <c>rate_limited</c> with <c>Retry-After</c>). Name a
    /// policy the host added with <c>AddRateLimiter</c> to use it instead, or set null for no limit. The host calls
    /// <c>app.UseRateLimiter()</c> after routing for any limit to apply.
    /// </summary>
    public string? RateLimitPolicy { get; set; } = DefaultRateLimitPolicy;

    /// <summary>The name of the adapter's own rate limiting policy.</summary>
    public const string DefaultRateLimitPolicy = "affiliate-api";

    /// <summary>How many requests each client may make per <see cref="RateLimitWindow"/>; 300 by default.</summary>
    public int RateLimitPermits { get; set; } = 300;

    /// <summary>The fixed window the permits are counted in; one minute by default.</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The health check <c>affiliate-click-buffer</c> reports degraded when the bulk click writer holds more clicks
    /// than this, waiting for the database: 5,000 by default (half the writer's default capacity).
    /// </summary>
    public int HealthClickBufferDegradedDepth { get; set; } = 5_000;

    /// <summary>
    /// The health check <c>affiliate-outbox</c> reports degraded when the oldest undelivered event is older than
    /// this (the outbox job is not running, or a handler keeps failing): five minutes by default.
    /// </summary>
    public TimeSpan HealthOutboxDegradedLag { get; set; } = TimeSpan.FromMinutes(5);

    internal void Validate(ICollection<string> failures)
    {
        if (HealthClickBufferDegradedDepth < 1)
        {
            failures.Add(
                "AffiliateWebOptions.Api.HealthClickBufferDegradedDepth must be 1 or more, e.g. half the click "
                    + "buffer's capacity."
            );
        }

        if (HealthOutboxDegradedLag <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Api.HealthOutboxDegradedLag must be positive, e.g. five minutes.");
        }

        if (RateLimitPermits < 1)
        {
            failures.Add("AffiliateWebOptions.Api.RateLimitPermits must be 1 or more, e.g. 300.");
        }

        if (RateLimitWindow <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Api.RateLimitWindow must be positive, e.g. one minute.");
        }

        if (RateLimitPolicy is { } policy && string.IsNullOrWhiteSpace(policy))
        {
            failures.Add(
                "AffiliateWebOptions.Api.RateLimitPolicy is blank; name a rate limiting policy or set null for none."
            );
        }

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
