namespace Affiliate;

/// <summary>
/// A NodaTime clock over a <see cref="TimeProvider"/>, so a host's TimeProvider (or a fake one in tests) drives the
/// library.
/// </summary>
/// <param name="timeProvider">The time provider.</param>
public sealed class TimeProviderClock(TimeProvider timeProvider) : IClock
{
    /// <inheritdoc />
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(timeProvider.GetUtcNow());
}
