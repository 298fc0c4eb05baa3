using System.Numerics;

namespace Affiliate;

/// <summary>
/// Decides which partners are credited with a conversion, and in what shares. Pure and deterministic (no clock, no
/// I/O, no shared state): thread-safe, and the same request always gives the same result whatever the order of its
/// clicks.
/// </summary>
/// <remarks>
/// <para>Precedence, first match wins:</para>
/// <list type="number">
/// <item>With <see cref="AttributionPolicy.LifetimeCustomers"/>, a binding in force (from its
/// <see cref="CustomerBinding.BoundAt"/> until <see cref="AttributionPolicy.LifetimeMonths"/> calendar months later in
/// UTC, or for ever) credits its partner in full.</item>
/// <item>With <see cref="AttributionPolicy.CouponPrecedence"/>, the coupon's partner is credited in full: a coupon of
/// another partner beats a link. Without it, the coupon is one more touch, at the conversion, in the click
/// model.</item>
/// <item>Otherwise the attributable clicks with c &lt;= t &lt; c + window, ordered by time then click id (ordinal),
/// are shared by the policy's <see cref="AttributionModel"/>.</item>
/// </list>
/// <para>Excluded partners (self-referral) are skipped at every step; when nothing else is left the reason is
/// <see cref="AttributionReason.SelfReferral"/>. A partner's touches are merged into one share, so a partner is never
/// paid twice for one conversion.</para>
/// </remarks>
/// <example><code>
/// var result = AttributionEngine.Attribute(new AttributionRequest
/// {
///     Policy = program.Attribution,
///     ConversionAt = order.PlacedAt,
///     Clicks = await touches.ClicksOfVisitorAsync(visitorId, ct),
///     CouponPartner = couponOwner,
/// });
/// Money[] parts = result.Split(commission);   // one part per share, in the order of result.Shares
/// </code></example>
public static class AttributionEngine
{
    /// <summary>ln 2 to the precision of <see cref="decimal"/>.</summary>
    private const decimal Ln2 = 0.6931471805599453094172321215m;

    /// <summary>
    /// Time-decay weights are rounded to this many decimal places, so they are exact, comparable decimals.
    /// </summary>
    internal const int DecayDecimals = 12;

    /// <summary>Attributes one conversion.</summary>
    /// <param name="request">The policy, the conversion's instant and the touches.</param>
    /// <returns>The shares (possibly none) and the reason for them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The request has no policy or a null click, or the part of the policy in use is invalid (a window or half-life
    /// that is not positive, position percentages outside 0-100 or above 100 together, lifetime months below 1).
    /// </exception>
    public static AttributionResult Attribute(AttributionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var policy = request.Policy
            ?? throw new ArgumentException(
                "AttributionRequest.Policy is required; pass the program's AttributionPolicy.",
                nameof(request)
            );
        var clicks = request.Clicks
            ?? throw new ArgumentException(
                "AttributionRequest.Clicks cannot be null; pass an empty list when the visitor has no clicks.",
                nameof(request)
            );
        Validate(policy);

        var t = request.ConversionAt;
        var excluded = request.ExcludedPartners ?? new HashSet<PartnerId>();

        // Partners dropped only because they are the customer: if nobody else earns, the result says so, since
        // "self-referral" is something a host shows and counts differently from "no partner".
        var selfReferrers = new List<PartnerId>();
        void Drop(PartnerId partner)
        {
            if (!selfReferrers.Contains(partner))
            {
                selfReferrers.Add(partner);
            }
        }

        if (
            policy.LifetimeCustomers
            && request.Binding is { } binding
            && BindingEnd(binding, policy.LifetimeMonths) is var end
            && InForce(binding, end, t)
        )
        {
            if (!excluded.Contains(binding.PartnerId))
            {
                var share = new AttributionShare(binding.PartnerId, 1m, TouchKind.CustomerBinding, null)
                {
                    At = binding.BoundAt,
                };
                return AttributionResult.ForBinding(share, policy, end);
            }

            Drop(binding.PartnerId);
        }

        Touch? couponTouch = null;
        if (request.CouponPartner is { } couponPartner)
        {
            if (excluded.Contains(couponPartner))
            {
                Drop(couponPartner);
            }
            else if (policy.CouponPrecedence)
            {
                // One share even when the visitor also clicked this partner's link: the partner is paid once.
                var share = new AttributionShare(couponPartner, 1m, TouchKind.Coupon, null) { At = t };
                return AttributionResult.ForCoupon(share, policy);
            }
            else
            {
                couponTouch = new Touch(TouchKind.Coupon, couponPartner, t);
            }
        }

        var touches = EligibleClicks(clicks, t, policy.Window, excluded, Drop);
        if (couponTouch is not null)
        {
            // The coupon is used at checkout, so it comes after every click, even one at the same instant.
            touches.Add(couponTouch);
        }

        if (touches.Count == 0)
        {
            return AttributionResult.Unattributed(policy, selfReferrers);
        }

        var (numerators, denominator) = Weigh(touches, policy, t);
        var shares = Merge(touches, numerators, denominator);
        return shares.Count > 0
            ? AttributionResult.ForClicks(shares, policy, touches.Count, couponTouch is not null)
            : AttributionResult.Unattributed(policy, selfReferrers);
    }

    /// <summary>
    /// The click model's weight of one touch <paramref name="age"/> before the conversion under time decay:
    /// 2^(-age / half-life), rounded half away from zero to <see cref="DecayDecimals"/> places.
    /// </summary>
    /// <remarks>
    /// Computed in <see cref="decimal"/> (a power of two times a Taylor series of e^x on (-ln 2, 0]) rather than with
    /// <see cref="Math.Pow(double, double)"/>, whose last bits differ between platforms: the weights, and so the cents
    /// a partner earns, are the same on every machine.
    /// </remarks>
    internal static decimal DecayWeight(Duration age, Duration halfLife)
    {
        var whole = BigInteger.DivRem(
            age.ToBigIntegerNanoseconds(),
            halfLife.ToBigIntegerNanoseconds(),
            out var remainder
        );

        // 2^-41 is below half of 10^-12, so from 41 half-lives on the weight rounds to zero.
        if (whole >= 41)
        {
            return 0m;
        }

        var y = -((decimal)remainder / (decimal)halfLife.ToBigIntegerNanoseconds()) * Ln2;
        var sum = 1m;
        var term = 1m;
        for (var k = 1; k < 60 && term != 0m; k++)
        {
            term = term * y / k;
            sum += term;
        }

        return decimal.Round(sum / (1L << (int)whole), DecayDecimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>
    /// When a binding stops applying: <paramref name="months"/> calendar months after it started, counted in UTC,
    /// or null for ever (also when that date is past the end of the calendar).
    /// </summary>
    internal static Instant? BindingEnd(CustomerBinding binding, int? months)
    {
        if (months is not { } count)
        {
            return null;
        }

        var start = binding.BoundAt.InUtc().LocalDateTime;
        var monthsLeftInCalendar = ((CalendarSystem.Iso.MaxYear - start.Year) * 12) + (12 - start.Month);
        return count > monthsLeftInCalendar ? null : start.PlusMonths(count).InUtc().ToInstant();
    }

    private static bool InForce(CustomerBinding binding, Instant? end, Instant t) =>
        binding.BoundAt <= t && (end is not { } until || t < until);

    /// <summary>
    /// Attributable, in-window clicks of partners who may earn, ordered by time then click id, each id once.
    /// </summary>
    private static List<Touch> EligibleClicks(
        IReadOnlyList<Click> clicks,
        Instant t,
        Duration window,
        IReadOnlySet<PartnerId> excluded,
        Action<PartnerId> drop
    )
    {
        var inWindow = new List<Click>();
        foreach (var click in clicks)
        {
            if (click is null)
            {
                throw new ArgumentException("AttributionRequest.Clicks contains a null click.", nameof(clicks));
            }

            // t - c < window rather than t < c + window: the sum can leave the range of Instant, the difference cannot.
            if (click.Attributable && click.OccurredAt <= t && t - click.OccurredAt < window)
            {
                inWindow.Add(click);
            }
        }

        // Sorted before anything else so that the result, down to the order self-referrers are named in, never
        // depends on the order of the input. The partner id only breaks ties between two records of one click id.
        inWindow.Sort(
            (a, b) =>
            {
                var byTime = a.OccurredAt.CompareTo(b.OccurredAt);
                if (byTime != 0)
                {
                    return byTime;
                }

                var byId = string.CompareOrdinal(a.Id.Value, b.Id.Value);
                return byId != 0 ? byId : string.CompareOrdinal(a.PartnerId.Value, b.PartnerId.Value);
            }
        );

        var seen = new HashSet<ClickId>();
        var touches = new List<Touch>(inWindow.Count);
        foreach (var click in inWindow)
        {
            if (excluded.Contains(click.PartnerId))
            {
                drop(click.PartnerId);
            }
            else if (seen.Add(click.Id))
            {
                touches.Add(Touch.FromClick(click));
            }
        }

        return touches;
    }

    /// <summary>
    /// Each touch's weight as a numerator over one common denominator, so that a partner's weight is one division of
    /// the sum of its numerators (2/3 for two clicks of three under linear, not 1/3 + 1/3 rounded twice).
    /// A touch with a zero numerator does not count.
    /// </summary>
    private static (decimal[] Numerators, decimal Denominator) Weigh(
        List<Touch> touches,
        AttributionPolicy policy,
        Instant t
    )
    {
        var n = touches.Count;
        var numerators = new decimal[n];
        switch (policy.Model)
        {
            case AttributionModel.LastClick:
                numerators[n - 1] = 1m;
                return (numerators, 1m);

            case AttributionModel.FirstClick:
                numerators[0] = 1m;
                return (numerators, 1m);

            case AttributionModel.Linear:
                Array.Fill(numerators, 1m);
                return (numerators, n);

            case AttributionModel.PositionBased when n <= 2:
                // With one or two touches there is no middle: the fixed first and last shares would not add up to 100%.
                Array.Fill(numerators, 1m);
                return (numerators, n);

            case AttributionModel.PositionBased:
                var middle = 100m - policy.PositionFirstPercent - policy.PositionLastPercent;
                Array.Fill(numerators, middle);
                numerators[0] = policy.PositionFirstPercent * (n - 2);
                numerators[n - 1] = policy.PositionLastPercent * (n - 2);
                return (numerators, 100m * (n - 2));

            case AttributionModel.TimeDecay:
                for (var i = 0; i < n; i++)
                {
                    numerators[i] = DecayWeight(t - touches[i].At, policy.TimeDecayHalfLife);
                }

                if (Array.TrueForAll(numerators, w => w == 0m))
                {
                    // Every click is so many half-lives old that its weight rounds to zero. The shares such weights
                    // tend to are those measured from the latest touch (the ratios are the same), so measure from it
                    // rather than credit nobody for clicks inside the window.
                    var latest = touches[n - 1].At;
                    for (var i = 0; i < n; i++)
                    {
                        numerators[i] = DecayWeight(latest - touches[i].At, policy.TimeDecayHalfLife);
                    }
                }

                return (numerators, 1m);

            default:
                throw new ArgumentException($"Unknown attribution model {policy.Model}.", nameof(policy));
        }
    }

    /// <summary>One share per partner, in the order of the partner's first touch that counted.</summary>
    private static List<AttributionShare> Merge(List<Touch> touches, decimal[] numerators, decimal denominator)
    {
        var order = new List<PartnerId>();
        var sums = new Dictionary<PartnerId, decimal>();
        var deciding = new Dictionary<PartnerId, Touch>();
        var lastClick = new Dictionary<PartnerId, ClickId>();
        for (var i = 0; i < touches.Count; i++)
        {
            if (numerators[i] == 0m)
            {
                continue;
            }

            var touch = touches[i];
            if (sums.TryGetValue(touch.PartnerId, out var sum))
            {
                sums[touch.PartnerId] = sum + numerators[i];
            }
            else
            {
                order.Add(touch.PartnerId);
                sums[touch.PartnerId] = numerators[i];
            }

            // Touches are in time order, so the last one seen is the latest.
            deciding[touch.PartnerId] = touch;
            if (touch.ClickId is { } clickId)
            {
                lastClick[touch.PartnerId] = clickId;
            }
        }

        var shares = new List<AttributionShare>(order.Count);
        foreach (var partner in order)
        {
            var weight = sums[partner] / denominator;
            if (weight > 0m)
            {
                var touch = deciding[partner];
                shares.Add(
                    new AttributionShare(
                        partner,
                        weight,
                        touch.Kind,
                        lastClick.TryGetValue(partner, out var id) ? id : null
                    )
                    {
                        At = touch.At,
                    }
                );
            }
        }

        return shares;
    }

    /// <summary>
    /// Checks the parts of the policy the request uses; a misconfigured program fails loudly, not silently.
    /// </summary>
    private static void Validate(AttributionPolicy policy)
    {
        if (policy.Window <= Duration.Zero)
        {
            throw new ArgumentException(
                $"AttributionPolicy.Window must be positive (for example Duration.FromDays(30)); got {policy.Window}.",
                nameof(policy)
            );
        }

        if (policy.LifetimeCustomers && policy.LifetimeMonths is < 1)
        {
            throw new ArgumentException(
                "AttributionPolicy.LifetimeMonths must be at least 1, or null for a binding that never ends; got "
                    + $"{policy.LifetimeMonths}.",
                nameof(policy)
            );
        }

        switch (policy.Model)
        {
            case AttributionModel.LastClick or AttributionModel.FirstClick or AttributionModel.Linear:
                break;

            case AttributionModel.PositionBased:
                var first = policy.PositionFirstPercent;
                var last = policy.PositionLastPercent;
                if (first is < 0m or > 100m || last is < 0m or > 100m || first + last > 100m)
                {
                    throw new ArgumentException(
                        "AttributionPolicy.PositionFirstPercent and PositionLastPercent must be 0-100 and at most "
                            + $"100 together; got {first} and {last}.",
                        nameof(policy)
                    );
                }

                break;

            case AttributionModel.TimeDecay:
                if (policy.TimeDecayHalfLife <= Duration.Zero)
                {
                    throw new ArgumentException(
                        "AttributionPolicy.TimeDecayHalfLife must be positive (for example Duration.FromDays(7)); "
                            + $"got {policy.TimeDecayHalfLife}.",
                        nameof(policy)
                    );
                }

                break;

            default:
                throw new ArgumentException(
                    $"AttributionPolicy.Model {policy.Model} is not an AttributionModel.",
                    nameof(policy)
                );
        }
    }
}
