using System.Collections.Concurrent;
using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// The partners behind referral codes, kept for <see cref="AffiliateOptions.ReferralCodeCacheDuration"/>, so the
/// click path asks the store once per code and period instead of once per click. A change made through
/// <see cref="PartnerDirectory"/> takes effect on its own instance at once; on other instances a suspended partner's
/// links stop tracking when the entry expires. Unknown codes are not kept (a flood of made-up codes cannot fill it).
/// Thread-safe; one per service provider.
/// </summary>
public sealed class ReferralCodeCache(IClock clock, IOptions<AffiliateOptions> options)
{
    // A bound, not a tuning knob: past it the cache starts over, which costs one lookup per code.
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, (Partner Partner, Instant Until)> _entries = new(
        StringComparer.Ordinal
    );

    /// <summary>
    /// The partner who owns <paramref name="code"/>, from the cache or from <paramref name="store"/>.
    /// </summary>
    public async ValueTask<Partner?> FindAsync(
        ReferralCode code,
        IPartnerStore store,
        CancellationToken cancellationToken
    )
    {
        ArgumentNullException.ThrowIfNull(store);
        var keep = options.Value.ReferralCodeCacheDuration;
        if (keep <= Duration.Zero)
        {
            return await store.FindByReferralCodeAsync(code, cancellationToken).ConfigureAwait(false);
        }

        var now = clock.GetCurrentInstant();
        if (_entries.TryGetValue(code.Normalized, out var entry) && now < entry.Until)
        {
            return entry.Partner;
        }

        var partner = await store.FindByReferralCodeAsync(code, cancellationToken).ConfigureAwait(false);
        if (partner is null)
        {
            _entries.TryRemove(code.Normalized, out _);
            return null;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[code.Normalized] = (partner, now + keep);
        return partner;
    }

    /// <summary>Forgets every code of a partner (after a change), so this instance reads it again.</summary>
    public void Forget(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        foreach (var code in partner.ReferralCodes)
        {
            _entries.TryRemove(code.Normalized, out _);
        }
    }
}
