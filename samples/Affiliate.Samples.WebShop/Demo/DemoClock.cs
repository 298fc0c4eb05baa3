namespace Affiliate.Samples.WebShop.Demo;

/// <summary>
/// The shop's clock: real time (or a test's fake time) plus an offset that only ever grows. The library reads it as
/// the host's <see cref="TimeProvider"/>, so when an admin moves the demo forward a day, commissions age a day and
/// approvals and payouts fall due. Timers run on the real time underneath: a jump never fires a timer early, and the
/// job runner, which compares due times with <see cref="GetUtcNow"/>, simply finds its jobs due at once.
/// </summary>
/// <remarks>The offset never goes back: the library's jobs and the ledger assume time only moves forward.</remarks>
/// <param name="inner">Where time comes from: the system's in the app, a fake one in tests.</param>
public sealed class DemoClock(TimeProvider inner) : TimeProvider
{
    private long _offsetTicks;

    /// <summary>How far the demo runs ahead of real time.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + Offset;

    /// <inheritdoc />
    public override long GetTimestamp() => inner.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>The demo's time as an instant.</summary>
    public Instant Now => Instant.FromDateTimeOffset(GetUtcNow());

    /// <summary>The time underneath, without the offset.</summary>
    public Instant RealNow => Instant.FromDateTimeOffset(inner.GetUtcNow());

    /// <summary>Moves the demo forward by <paramref name="duration"/> (a negative one is ignored).</summary>
    public void Advance(TimeSpan duration)
    {
        if (duration > TimeSpan.Zero)
        {
            Interlocked.Add(ref _offsetTicks, duration.Ticks);
        }
    }

    /// <summary>
    /// Starts the demo <paramref name="offset"/> away from real time (a saved offset at start, or a negative one
    /// before the first-run seed replays the past). Only before anything has read the clock.
    /// </summary>
    public void StartAt(TimeSpan offset) => Interlocked.Exchange(ref _offsetTicks, offset.Ticks);

    /// <summary>Moves the demo forward to <paramref name="instant"/>; a past instant changes nothing.</summary>
    public void MoveTo(Instant instant) => Advance(instant.ToDateTimeOffset() - GetUtcNow());
}
