namespace Affiliate.Tests.Support;

/// <summary>A clock tests move by hand: never sleep, advance.</summary>
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
        set
        {
            lock (_gate)
            {
                _now = value;
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
