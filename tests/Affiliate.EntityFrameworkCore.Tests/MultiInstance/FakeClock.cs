namespace Affiliate.EntityFrameworkCore.Tests.MultiInstance;

/// <summary>
/// One clock shared by every simulated server of a test (registered as the singleton <see cref="IClock"/> of each),
/// moved by hand: tests never sleep, they advance. Thread-safe.
/// </summary>
public sealed class FakeClock(Instant now) : IClock
{
    private readonly Lock _gate = new();
    private Instant _now = now;

    public Instant Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public Instant GetCurrentInstant() => Now;

    public void Advance(Duration duration)
    {
        lock (_gate)
        {
            _now += duration;
        }
    }
}
