namespace Affiliate;

/// <summary>
/// A <see cref="TimeProvider"/> whose "now" is a NodaTime clock's: the default TimeProvider of
/// <c>AddAffiliates</c>, over the system clock, so the library's timers (the bulk click writer's flushes, the job
/// runner's intervals) and its clock start from one registration. Timers and timestamps are the base class's.
/// </summary>
/// <param name="clock">The clock that says what time it is.</param>
internal sealed class ClockTimeProvider(IClock clock) : TimeProvider
{
    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => clock.GetCurrentInstant().ToDateTimeOffset();
}
