namespace Affiliate;

/// <summary>
/// What kind of failure an <see cref="AffiliateError"/> is, for a caller that answers it in another protocol: an HTTP
/// layer maps the categories to 400, 404, 409, 403 and 503.
/// </summary>
public enum AffiliateErrorCategory
{
    /// <summary>The request is wrong and will stay wrong when repeated (HTTP 400).</summary>
    Invalid = 0,

    /// <summary>Something the request names does not exist (HTTP 404).</summary>
    NotFound = 1,

    /// <summary>
    /// The request collides with recorded state: other content under the same id, a race lost (HTTP 409).
    /// </summary>
    Conflict = 2,

    /// <summary>The request is well formed but not allowed: an inactive partner, a fraud rule (HTTP 403).</summary>
    Forbidden = 3,

    /// <summary>The request may succeed later: a full buffer, a missing exchange rate (HTTP 503).</summary>
    Unavailable = 4,
}

/// <summary>The one table from error codes to <see cref="AffiliateErrorCategory"/>.</summary>
public static class AffiliateErrorCategories
{
    private static readonly Dictionary<string, AffiliateErrorCategory> Table = new(StringComparer.Ordinal)
    {
        [AffiliateErrorCodes.UnknownProgram] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.UnknownPartner] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.UnknownReferralCode] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.ReferralCodeTaken] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.PartnerExists] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.UnknownConversion] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.UnknownLine] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.UnknownPayout] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.UnknownLink] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.IdempotencyConflict] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.InvalidRequest] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.AmountOutOfRange] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.InstantOutOfRange] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.RefundExceedsSale] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.CurrencyMismatch] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.ExchangeRateUnavailable] = AffiliateErrorCategory.Unavailable,
        [AffiliateErrorCodes.InvalidStateTransition] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.PartnerNotActive] = AffiliateErrorCategory.Forbidden,
        [AffiliateErrorCodes.ConcurrencyConflict] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.PricingFailed] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.InvalidCursor] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.ClickDropped] = AffiliateErrorCategory.Unavailable,
        [AffiliateErrorCodes.UnknownPlan] = AffiliateErrorCategory.NotFound,
        [AffiliateErrorCodes.PlanChanged] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.PlanVersionTooEarly] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.InvalidPlan] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.PartnerChanged] = AffiliateErrorCategory.Conflict,
        [AffiliateErrorCodes.InvalidPostbackUrl] = AffiliateErrorCategory.Invalid,
        [AffiliateErrorCodes.UnknownPostbackPlaceholder] = AffiliateErrorCategory.Invalid,
        // AffiliateErrorCodes.SponsorCycle is the same code as PricingErrorCodes.SponsorCycle below.

        // Pricing and built-in fraud codes reach callers as AffiliateError too (PricingError.ToError,
        // FraudVerdict.ToError); a fraud verdict refuses a well-formed request, hence Forbidden.
        [PricingErrorCodes.NoPlanInForce] = AffiliateErrorCategory.Invalid,
        [PricingErrorCodes.InvalidConversion] = AffiliateErrorCategory.Invalid,
        [PricingErrorCodes.SponsorCycle] = AffiliateErrorCategory.Invalid,
        [FraudCodes.BotUserAgent] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.ClickVelocityIp] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.ClickVelocityVisitor] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.BlockedCountry] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.BlockedReferrer] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.BlockedIpRange] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.SelfReferralEmail] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.SelfReferralCustomer] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.SelfReferralIp] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.ClickToConversionTooFast] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.DuplicateOrder] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.ConversionRateAnomaly] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.RefundRateAbuse] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.CookieStuffing] = AffiliateErrorCategory.Forbidden,
        [FraudCodes.RuleFailed] = AffiliateErrorCategory.Forbidden,
    };

    /// <summary>
    /// The category of a code. Codes the table does not know (a host's own fraud rule, a future pricing code) are
    /// <see cref="AffiliateErrorCategory.Invalid"/>: the request as given will not succeed.
    /// </summary>
    public static AffiliateErrorCategory Of(string code) =>
        code is not null && Table.TryGetValue(code, out var category) ? category : AffiliateErrorCategory.Invalid;

    /// <summary>True when the table has a row for the code (every known code is placed on purpose).</summary>
    public static bool Knows(string code) => code is not null && Table.ContainsKey(code);
}
