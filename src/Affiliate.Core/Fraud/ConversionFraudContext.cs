using Affiliate.Commissions.Pricing;
using Affiliate.Partners;
using Affiliate.Touches;

namespace Affiliate.Fraud;

/// <summary>
/// Everything the conversion rules look at, gathered by the caller before the rules run (rules do no I/O): the
/// conversion, the partner attribution credited, the click it came through, who the customer is, and counts over the
/// windows set in <see cref="FraudOptions"/>.
/// </summary>
/// <example><code>
/// var context = new ConversionFraudContext
/// {
///     Conversion = facts,
///     Partner = partner,
///     AttributedClick = click,
///     CustomerEmail = order.Email,
///     CustomerId = new CustomerId(order.CustomerId),
///     IpHash = ipHasher.Hash(remoteIp),
///     SimilarConversionsInWindow = await conversions.CountSimilarAsync(order, since, ct),
///     PartnerActivity = await stats.ActivityAsync(partner.Id, activitySince, ct),
///     ProgramBaseline = await stats.ProgramActivityAsync(programId, activitySince, ct),
///     DistinctPartnersClickedByVisitor = await clicks.CountPartnersAsync(click.VisitorId, since, ct),
/// };
/// var assessment = await pipeline.AssessConversionAsync(context, ct);
/// </code></example>
public sealed record ConversionFraudContext
{
    /// <summary>The conversion being recorded.</summary>
    public required ConversionFacts Conversion { get; init; }

    /// <summary>The partner attribution credited with the conversion.</summary>
    public required Partner Partner { get; init; }

    /// <summary>The click the conversion is attributed to, if it came through a click (not a coupon or binding).</summary>
    public Click? AttributedClick { get; init; }

    /// <summary>The customer's e-mail address as given; rules compare it normalised.</summary>
    public string? CustomerEmail { get; init; }

    /// <summary>The host's id for the customer.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>The keyed hash of the customer's IP address (the same hash as <see cref="Click.IpHash"/>).</summary>
    public string? IpHash { get; init; }

    /// <summary>The customer's user agent, when the conversion was recorded from their browser.</summary>
    public string? UserAgent { get; init; }

    /// <summary>
    /// Other conversions of the same customer (customer id, normalised e-mail or IP hash) with the same amount in the
    /// <see cref="DuplicateOrderOptions.Window"/>, this one not counted.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int SimilarConversionsInWindow
    {
        get;
        init => field = NotNegative(value);
    }

    /// <summary>The partner's activity over <see cref="FraudOptions.PartnerActivityWindow"/>.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public PartnerActivity PartnerActivity
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    } = PartnerActivity.None;

    /// <summary>The whole program's activity over <see cref="FraudOptions.PartnerActivityWindow"/>, the baseline for anomalies.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public PartnerActivity ProgramBaseline
    {
        get;
        init => field = value ?? throw new ArgumentNullException(nameof(value));
    } = PartnerActivity.None;

    /// <summary>
    /// How many different partners' links the visitor clicked in the <see cref="CookieStuffingOptions.Window"/>, the
    /// credited partner included.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is negative.</exception>
    public int DistinctPartnersClickedByVisitor
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
