using System.Globalization;
using System.Text;
using NodaTime.Text;

namespace Affiliate;

/// <summary>
/// Who is credited with a conversion, and in what shares: the outcome of <see cref="AttributionEngine.Attribute"/>.
/// Immutable and thread-safe.
/// </summary>
/// <example><code>
/// if (result.IsAttributed)
/// {
///     Money[] parts = result.Split(commission);        // parts[i] belongs to result.Shares[i]
///     logger.LogInformation("{Why}", result.Describe()); // "Last click by partner B at ... within the 30-day window."
/// }
/// </code></example>
public sealed class AttributionResult
{
    private readonly AttributionPolicy _policy;
    private readonly int _touchCount;
    private readonly bool _couponCounted;
    private readonly Instant? _bindingEnd;
    private readonly IReadOnlyList<PartnerId> _selfReferrers;

    private AttributionResult(
        AttributionReason reason,
        IReadOnlyList<AttributionShare> shares,
        AttributionPolicy policy,
        int touchCount = 0,
        bool couponCounted = false,
        Instant? bindingEnd = null,
        IReadOnlyList<PartnerId>? selfReferrers = null
    )
    {
        var total = 0m;
        foreach (var share in shares)
        {
            total += share.Weight;
        }

        // A single share is exactly 1 (x / x), so last click, first click, coupon and binding need no tolerance.
        Shares = shares.Select(s => s with { Fraction = s.Weight / total }).ToArray();
        Reason = reason;
        _policy = policy;
        _touchCount = touchCount;
        _couponCounted = couponCounted;
        _bindingEnd = bindingEnd;
        _selfReferrers = selfReferrers ?? [];
    }

    /// <summary>
    /// The credited partners, one share each, in the order of each partner's first touch that counted (earliest
    /// first). Empty when <see cref="IsAttributed"/> is false.
    /// </summary>
    public IReadOnlyList<AttributionShare> Shares { get; }

    /// <summary>Why these partners, or why nobody, are credited.</summary>
    public AttributionReason Reason { get; }

    /// <summary>True when at least one partner is credited.</summary>
    public bool IsAttributed => Shares.Count > 0;

    /// <summary>
    /// Splits a rounded amount (a commission, a refund) among the shares by their weights with
    /// <see cref="Money.Allocate"/>: the parts are whole minor units, add up to <paramref name="amount"/> exactly, and
    /// come in the order of <see cref="Shares"/> (10.00 shared linearly by three partners is 3.34, 3.33, 3.33).
    /// </summary>
    /// <returns>One part per share; empty when nobody is credited.</returns>
    /// <exception cref="ArgumentException"><paramref name="amount"/> is the default <see cref="Money"/>, with no
    /// currency.</exception> <exception cref="InvalidOperationException"><paramref name="amount"/> is not rounded to
    /// its currency's minor unit.</exception>
    public Money[] Split(Money amount)
    {
        if (amount.Currency.IsDefault)
        {
            throw new ArgumentException(
                "Split needs an amount with a currency; create it with Money.Of(amount, \"EUR\").",
                nameof(amount)
            );
        }

        if (Shares.Count == 0)
        {
            return [];
        }

        var weights = new decimal[Shares.Count];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = Shares[i].Weight;
        }

        return amount.Allocate(weights);
    }

    /// <summary>
    /// One sentence a partner or an administrator can read, for example
    /// "Last click by partner B at 2026-06-05T00:00:00Z within the 30-day window."
    /// </summary>
    public string Describe()
    {
        var window = DescribeDuration(_policy.Window);
        switch (Reason)
        {
            case AttributionReason.CustomerBinding:
                var bound = Shares[0];
                var until = _bindingEnd is { } end ? $"until {Format(end)}" : "for ever";
                return $"Lifetime customer of partner {bound.PartnerId}, bound since {Format(bound.At)} {until}.";

            case AttributionReason.Coupon:
                return $"Coupon of partner {Shares[0].PartnerId} used on the order; a coupon takes precedence over "
                    + "link clicks.";

            case AttributionReason.SelfReferral:
                return $"No partner is credited: {Join(_selfReferrers.Select(p => $"partner {p}"))} "
                    + $"{(_selfReferrers.Count == 1 ? "is" : "are")} the customer (self-referral).";

            case AttributionReason.Clicks:
                return DescribeClicks(window);

            default:
                return "No partner is credited: no coupon, no customer binding in force and no attributable click "
                    + $"within the {window} window.";
        }
    }

    /// <summary>The same as <see cref="Describe"/>.</summary>
    public override string ToString() => Describe();

    internal static AttributionResult ForBinding(AttributionShare share, AttributionPolicy policy, Instant? end) =>
        new(AttributionReason.CustomerBinding, [share], policy, bindingEnd: end);

    internal static AttributionResult ForCoupon(AttributionShare share, AttributionPolicy policy) =>
        new(AttributionReason.Coupon, [share], policy);

    internal static AttributionResult ForClicks(
        IReadOnlyList<AttributionShare> shares,
        AttributionPolicy policy,
        int touchCount,
        bool couponCounted
    ) => new(AttributionReason.Clicks, shares, policy, touchCount, couponCounted);

    internal static AttributionResult Unattributed(AttributionPolicy policy, IReadOnlyList<PartnerId> selfReferrers) =>
        new(
            selfReferrers.Count > 0 ? AttributionReason.SelfReferral : AttributionReason.None,
            [],
            policy,
            selfReferrers: selfReferrers
        );

    private string DescribeClicks(string window)
    {
        var touches = _couponCounted ? "touches" : "clicks";
        var count = _touchCount == 1 ? $"1 {touches.TrimEnd('s')}" : $"{_touchCount} {touches}";
        switch (_policy.Model)
        {
            case AttributionModel.LastClick:
                return DescribeSingle("Last", window);

            case AttributionModel.FirstClick:
                return DescribeSingle("First", window);

            case AttributionModel.Linear:
                return $"Shared equally by {count} within the {window} window: {Parts()}.";

            case AttributionModel.PositionBased when _touchCount <= 2:
                return $"Position-based, shared equally by {count} within the {window} window: {Parts()}.";

            case AttributionModel.PositionBased:
                var first = Percent(_policy.PositionFirstPercent / 100m);
                var last = Percent(_policy.PositionLastPercent / 100m);
                return $"Position-based ({first} to the first, {last} to the last, the rest to the middle) over "
                    + $"{count} within the {window} window: {Parts()}.";

            default:
                return $"Time decay with a {DescribeDuration(_policy.TimeDecayHalfLife)} half-life over {count} "
                    + $"within the {window} window: {Parts()}.";
        }
    }

    private string DescribeSingle(string position, string window)
    {
        var share = Shares[0];
        return share.Kind == TouchKind.Coupon
            ? $"{position} touch is the coupon of partner {share.PartnerId}, used on the order at {Format(share.At)} "
                + $"within the {window} window."
            : $"{position} click by partner {share.PartnerId} at {Format(share.At)} within the {window} window.";
    }

    private string Parts() => Join(Shares.Select(s => $"partner {s.PartnerId} {Percent(s.Fraction)}"));

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count switch
        {
            0 => string.Empty,
            1 => list[0],
            _ => new StringBuilder()
                .AppendJoin(", ", list.Take(list.Count - 1))
                .Append(" and ")
                .Append(list[^1])
                .ToString(),
        };
    }

    private static string Percent(decimal fraction) =>
        decimal.Round(fraction * 100m, 2, MidpointRounding.AwayFromZero).ToString("0.##", CultureInfo.InvariantCulture)
        + "%";

    private static string Format(Instant instant) => InstantPattern.ExtendedIso.Format(instant);

    /// <summary>
    /// "30-day", "12-hour", "90-minute": the largest whole unit, as the adjective in "the 30-day window".
    /// </summary>
    private static string DescribeDuration(Duration duration)
    {
        var ns = duration.ToBigIntegerNanoseconds();
        (long Nanoseconds, string Unit)[] units =
        [
            (NodaConstants.NanosecondsPerDay, "day"),
            (NodaConstants.NanosecondsPerHour, "hour"),
            (NodaConstants.NanosecondsPerMinute, "minute"),
            (NodaConstants.NanosecondsPerSecond, "second"),
        ];
        foreach (var (perUnit, unit) in units)
        {
            if (ns % perUnit == 0)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{ns / perUnit}-{unit}");
            }
        }

        return DurationPattern.Roundtrip.Format(duration);
    }
}
