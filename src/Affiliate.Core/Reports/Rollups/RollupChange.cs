namespace Affiliate;

/// <summary>
/// What one write adds to the read side: changes to daily rollup rows, hourly activity counters and balances, and
/// visitors seen. The core computes it from the records before and after the write; a store applies it in the same
/// transaction as the write (adding to existing rows, creating missing ones), so the aggregates are exactly as current
/// as the rows they sum. Changes to the same row are merged and changes that cancel out are dropped.
/// Not thread-safe: build one per write.
/// </summary>
public sealed class RollupChange
{
    private readonly Dictionary<StatsKey, StatsCounters> _stats = [];
    private readonly Dictionary<ActivityKey, ActivityCounters> _activity = [];
    private readonly Dictionary<BalanceKey, BalanceCounters> _balances = [];
    private readonly HashSet<VisitorMark> _visitors = [];

    /// <summary>An empty change, for writes that touch nothing the read side keeps. Do not add to it.</summary>
    public static RollupChange None { get; } = new();

    /// <summary>Changes to daily rollup rows (none zero).</summary>
    public IEnumerable<KeyValuePair<StatsKey, StatsCounters>> Stats => _stats.Where(s => !s.Value.IsZero);

    /// <summary>Changes to hourly activity counters (none zero).</summary>
    public IEnumerable<KeyValuePair<ActivityKey, ActivityCounters>> Activity => _activity.Where(a => !a.Value.IsZero);

    /// <summary>Changes to balances (none zero).</summary>
    public IEnumerable<KeyValuePair<BalanceKey, BalanceCounters>> Balances => _balances.Where(b => !b.Value.IsZero);

    /// <summary>Visitors seen; a store keeps each once.</summary>
    public IReadOnlyCollection<VisitorMark> Visitors => _visitors;

    /// <summary>True when the change touches nothing.</summary>
    public bool IsEmpty => !Stats.Any() && !Activity.Any() && !Balances.Any() && _visitors.Count == 0;

    /// <summary>Adds to a daily rollup row.</summary>
    public RollupChange Add(StatsKey key, StatsCounters counters)
    {
        ThrowIfShared();
        _stats[key] = _stats.TryGetValue(key, out var current) ? current + counters : counters;
        return this;
    }

    /// <summary>Adds to an hour of activity.</summary>
    public RollupChange Add(ActivityKey key, ActivityCounters counters)
    {
        ThrowIfShared();
        _activity[key] = _activity.TryGetValue(key, out var current) ? current + counters : counters;
        return this;
    }

    /// <summary>Adds to a balance.</summary>
    public RollupChange Add(BalanceKey key, BalanceCounters counters)
    {
        ThrowIfShared();
        _balances[key] = _balances.TryGetValue(key, out var current) ? current + counters : counters;
        return this;
    }

    /// <summary>Marks a visitor seen.</summary>
    public RollupChange Add(VisitorMark mark)
    {
        ThrowIfShared();
        _visitors.Add(mark);
        return this;
    }

    /// <summary>Adds another change to this one (a batch of clicks written together).</summary>
    public RollupChange Add(RollupChange other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (key, value) in other._stats)
        {
            Add(key, value);
        }

        foreach (var (key, value) in other._activity)
        {
            Add(key, value);
        }

        foreach (var (key, value) in other._balances)
        {
            Add(key, value);
        }

        foreach (var mark in other._visitors)
        {
            Add(mark);
        }

        return this;
    }

    private void ThrowIfShared()
    {
        if (ReferenceEquals(this, None))
        {
            throw new InvalidOperationException("RollupChange.None is shared; create a new RollupChange to add to.");
        }
    }
}
