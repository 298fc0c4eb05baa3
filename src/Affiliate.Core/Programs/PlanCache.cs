using System.Collections.Concurrent;
using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// The stored plans one instance (one service provider) prices with: each plan is read from the
/// <see cref="IPlanStore"/> at most once per <see cref="AffiliateOptions.PlanRefreshInterval"/>, so pricing a
/// conversion costs no store read beyond that (and the plan's pricing index is built once, not per conversion).
/// Registered as a singleton by <c>AddAffiliates</c>. Thread-safe.
/// </summary>
/// <remarks>
/// <para>How changes reach every instance: the instance that schedules a version puts it in its own cache at once;
/// the others read it when their copy is older than the refresh interval. A new version must start at least
/// <see cref="AffiliateOptions.PlanLeadTime"/> (never less than the interval) after it was scheduled, so every
/// instance has read it before it starts. Versions never change once stored, so an instance that still holds the
/// previous revision prices exactly as the new one would until the new version starts.</para>
/// <para>The absence of a stored plan is cached the same way: a plan configured in code costs no read either.</para>
/// </remarks>
public sealed class PlanCache
{
    private readonly ConcurrentDictionary<PlanId, Entry> _entries = new();
    private readonly IClock _clock;
    private readonly Duration _interval;

    /// <summary>Creates an empty cache.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public PlanCache(IClock clock, IOptions<AffiliateOptions> options)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(options);
        _clock = clock;
        _interval = options.Value.PlanRefreshInterval;
    }

    /// <summary>
    /// The stored plan with an id (null when none is stored), from the cache while it is fresh, else read from
    /// <paramref name="store"/> (the caller's scoped store) and kept.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is null.</exception>
    public async ValueTask<StoredPlan?> GetAsync(IPlanStore store, PlanId planId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var now = _clock.GetCurrentInstant();
        if (_entries.TryGetValue(planId, out var entry) && now < entry.ReadAt + _interval)
        {
            return entry.Stored;
        }

        var stored = await store.FindStoredAsync(planId, cancellationToken).ConfigureAwait(false);
        Keep(planId, new Entry(stored, now));
        return stored;
    }

    /// <summary>Keeps a plan this instance just saved, so it prices with it without waiting for the interval.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="stored"/> is null.</exception>
    public void Put(StoredPlan stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        Keep(stored.Plan.Id, new Entry(stored, _clock.GetCurrentInstant()));
    }

    /// <summary>Keeps the newer of two copies: a slow read never replaces a revision saved meanwhile.</summary>
    private void Keep(PlanId planId, Entry fresh) =>
        _entries.AddOrUpdate(planId, fresh, (_, old) =>
            (old.Stored?.Revision ?? 0) > (fresh.Stored?.Revision ?? 0)
                ? old with
                {
                    ReadAt = Max(old.ReadAt, fresh.ReadAt),
                }
                : fresh
        );

    private static Instant Max(Instant a, Instant b) => a > b ? a : b;

    private sealed record Entry(StoredPlan? Stored, Instant ReadAt);
}
