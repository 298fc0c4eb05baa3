namespace Affiliate;

/// <summary>
/// Everything the conversion rules look at, gathered by the caller before the rules run (rules do no I/O): the
/// conversion, the partner attribution credited, the click it came through, who the customer is, and counts over the
/// windows set in <see cref="FraudOptions"/>.
/// </summary>
/// <remarks>
/// <see cref="ConversionRecorder"/> gathers the counts from the stores and runs the pipeline once, for the
/// partner with the largest attribution share; other partners credited under a multi-touch model are not assessed on
/// their own.
/// </remarks>
public sealed record ConversionFraudContext
{
    /// <summary>The conversion being recorded.</summary>
    public required ConversionFacts Conversion { get; init; }

    /// <summary>
    /// The partner attribution credited with the conversion (the largest share under multi-touch models).
    /// </summary>
    public required Partner Partner { get; init; }

    /// <summary>
    /// The click the conversion is attributed to, if it came through a click (not a coupon or binding).
    /// </summary>
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
    /// Other conversions of the same customer (by customer id, else by IP hash) with the same amount in the
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

    /// <summary>
    /// The whole program's activity over <see cref="FraudOptions.PartnerActivityWindow"/>, the baseline for anomalies.
    /// </summary>
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
