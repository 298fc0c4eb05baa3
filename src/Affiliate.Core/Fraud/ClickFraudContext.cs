using System.Net;

namespace Affiliate;

/// <summary>
/// Everything the click rules look at, gathered by the caller before the rules run (rules do no I/O). The counts
/// cover the windows of <see cref="FraudOptions.IpVelocity"/> and <see cref="FraudOptions.VisitorVelocity"/> and
/// exclude the click itself.
/// </summary>
/// <remarks><see cref="ClickTracker"/> gathers the counts from the touch store and runs the pipeline.</remarks>
public sealed record ClickFraudContext
{
    /// <summary>The click being recorded.</summary>
    public required Click Click { get; init; }

    /// <summary>
    /// The raw IP address, used only to check <see cref="FraudOptions.BlockedIpRanges"/>. It is never stored: the click
    /// keeps only its anonymised form and keyed hash.
    /// </summary>
    public IPAddress? IpAddress { get; init; }

    /// <summary>
    /// Earlier clicks with the same IP hash in the IP velocity window (this click not counted); the tracker counts no
    /// further than the rule's limit, which is all the rule needs.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int ClicksFromIpInWindow
    {
        get;
        init => field = NotNegative(value);
    }

    /// <summary>
    /// Earlier clicks of the same visitor in the visitor velocity window (this click not counted); counted no further
    /// than the rule's limit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int ClicksFromVisitorInWindow
    {
        get;
        init => field = NotNegative(value);
    }

    private static int NotNegative(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        return value;
    }
}
