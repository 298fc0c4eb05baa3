namespace Affiliate;

/// <summary>
/// What a fraud rule asks to happen to a click or conversion. The values are ordered by strictness
/// (<see cref="Reject"/> &gt; <see cref="Hold"/> &gt; <see cref="Allow"/>), so the strictest verdict of several is the
/// largest value.
/// </summary>
public enum FraudAction
{
    /// <summary>Nothing suspicious: record and attribute as usual.</summary>
    Allow = 0,

    /// <summary>Record it, but hold any commission until a person reviews it.</summary>
    Hold = 1,

    /// <summary>Record it for reports, but never pay for it (a rejected click earns no attribution).</summary>
    Reject = 2,
}
