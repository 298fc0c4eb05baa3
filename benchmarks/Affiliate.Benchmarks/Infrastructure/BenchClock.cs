namespace Affiliate.Benchmarks.Infrastructure;

/// <summary>
/// A clock the benchmarks set: seeded data and measured calls happen at fixed instants, so every run sees the same
/// windows (30 days of history, due dates) whatever the day it runs on.
/// </summary>
public sealed class BenchClock(Instant now) : IClock
{
    private long _ticks = now.ToUnixTimeTicks();

    /// <summary>The instant the library reads as now.</summary>
    public Instant Now
    {
        get => Instant.FromUnixTimeTicks(Interlocked.Read(ref _ticks));
        set => Interlocked.Exchange(ref _ticks, value.ToUnixTimeTicks());
    }

    /// <inheritdoc />
    public Instant GetCurrentInstant() => Now;
}
