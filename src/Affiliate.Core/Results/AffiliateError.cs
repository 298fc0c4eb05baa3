namespace Affiliate;

/// <summary>
/// An expected failure: a stable <see cref="Code"/> for programs, a <see cref="Description"/> for people and a
/// <see cref="Category"/> an HTTP layer maps to a status code. The one error shape of the library: service results,
/// fraud verdicts (<see cref="FraudVerdict.ToError"/>) and pricing errors
/// (<see cref="PricingError.ToError"/>) all come as this record.
/// </summary>
/// <param name="Code">One of <see cref="AffiliateErrorCodes"/> (or a pricing, fraud or host rule's code).</param>
/// <param name="Description">What went wrong and, where it helps, what to change.</param>
public sealed record AffiliateError(string Code, string Description)
{
    /// <summary>
    /// The kind of failure, derived from <see cref="Code"/> by <see cref="AffiliateErrorCategories.Of"/>.
    /// </summary>
    public AffiliateErrorCategory Category => AffiliateErrorCategories.Of(Code);

    /// <inheritdoc />
    public override string ToString() => $"{Code}: {Description}";
}

/// <summary>The stable codes of <see cref="AffiliateError"/>.</summary>
public static class AffiliateErrorCodes
{
    /// <summary>No program with that id is configured.</summary>
    public const string UnknownProgram = "unknown_program";

    /// <summary>No partner with that id.</summary>
    public const string UnknownPartner = "unknown_partner";

    /// <summary>No partner has that referral code.</summary>
    public const string UnknownReferralCode = "unknown_referral_code";

    /// <summary>The referral code belongs to another partner.</summary>
    public const string ReferralCodeTaken = "referral_code_taken";

    /// <summary>A partner with that id exists already.</summary>
    public const string PartnerExists = "partner_exists";

    /// <summary>No conversion with that id.</summary>
    public const string UnknownConversion = "unknown_conversion";

    /// <summary>No commission line with that id.</summary>
    public const string UnknownLine = "unknown_line";

    /// <summary>No payout with that id.</summary>
    public const string UnknownPayout = "unknown_payout";

    /// <summary>No link with that id belongs to the partner (another partner's link is answered alike).</summary>
    public const string UnknownLink = "unknown_link";

    /// <summary>The same id was recorded before with different content.</summary>
    public const string IdempotencyConflict = "idempotency_conflict";

    /// <summary>
    /// The request is malformed (the description names the field): a missing part, an id or code that is too long
    /// or holds a control character (<see cref="InputLimits"/>), a negative or inconsistent amount.
    /// </summary>
    public const string InvalidRequest = "invalid_request";

    /// <summary>
    /// An amount is outside what the stores can hold (<see cref="InputLimits.MaxAmountMinorUnits"/> minor units of its
    /// currency, after multiplying by quantities or converting to the program's currency).
    /// </summary>
    public const string AmountOutOfRange = "amount_out_of_range";

    /// <summary>
    /// An instant is outside the range the library works in (<see cref="InputLimits.MinInstant"/> to
    /// <see cref="InputLimits.MaxInstant"/>), or a refund is dated before its conversion.
    /// </summary>
    public const string InstantOutOfRange = "instant_out_of_range";

    /// <summary>A refund would take back more than the sale.</summary>
    public const string RefundExceedsSale = "refund_exceeds_sale";

    /// <summary>Amounts in different currencies met.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>No exchange rate is available to convert a foreign-currency conversion.</summary>
    public const string ExchangeRateUnavailable = "exchange_rate_unavailable";

    /// <summary>The move between states is not allowed (the description names both).</summary>
    public const string InvalidStateTransition = "invalid_state_transition";

    /// <summary>The partner is not active.</summary>
    public const string PartnerNotActive = "partner_not_active";

    /// <summary>Concurrent changes kept colliding; try again.</summary>
    public const string ConcurrencyConflict = "concurrency_conflict";

    /// <summary>The commission plan could not price the conversion (the description has the pricing error).</summary>
    public const string PricingFailed = "pricing_failed";

    /// <summary>
    /// A list cursor was refused: edited, made for another list or other filters, signed with another key, or not a
    /// cursor at all. Start again from the first page.
    /// </summary>
    public const string InvalidCursor = "invalid_cursor";

    /// <summary>No plan with that id is configured in code or stored.</summary>
    public const string UnknownPlan = "unknown_plan";

    /// <summary>
    /// A conflict: the plan changed since the caller read it (its revision moved on, another admin saved first).
    /// Read the plan again and decide on the new state.
    /// </summary>
    public const string PlanChanged = "plan_changed";

    /// <summary>
    /// A new plan version would start in the past, sooner than <c>AffiliateOptions.PlanLeadTime</c> from now, or not
    /// after the plan's last version: history is never rewritten.
    /// </summary>
    public const string PlanVersionTooEarly = "plan_version_too_early";

    /// <summary>
    /// The plan with the new version is not valid (the description lists every problem and its path).
    /// </summary>
    public const string InvalidPlan = "invalid_plan";

    /// <summary>
    /// A conflict: the partner changed since the caller read it (the version it passed is not the stored one). Read
    /// the partner again and decide on the new state.
    /// </summary>
    public const string PartnerChanged = "partner_changed";

    /// <summary>
    /// The new sponsor is the partner itself or in its downline, at any depth: uplines never form a cycle.
    /// </summary>
    public const string SponsorCycle = "sponsor_cycle";

    /// <summary>
    /// The click was not stored: the click buffer was full or the host was stopping. Nothing was written; the click
    /// may be sent again later.
    /// </summary>
    public const string ClickDropped = "click_dropped";

    /// <summary>
    /// A partner's postback URL template is not an absolute http(s) URL, is too long, or points at a host the program
    /// does not allow (<see cref="PostbackOptions.AllowedHosts"/>, loopback and private addresses).
    /// </summary>
    public const string InvalidPostbackUrl = "invalid_postback_url";

    /// <summary>
    /// A partner's postback URL template names a placeholder that is not one of
    /// <see cref="PartnerPostbacks.Placeholders"/>, or has an unclosed brace.
    /// </summary>
    public const string UnknownPostbackPlaceholder = "unknown_postback_placeholder";
}
