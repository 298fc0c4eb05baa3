namespace Affiliate;

/// <summary>
/// The stable codes of the built-in fraud rules. They are stored with clicks and conversions and shown in reports and
/// filters, so they never change; host rules should use codes of their own.
/// </summary>
public static class FraudCodes
{
    /// <summary>The user agent is empty or looks like a bot, crawler, script or link preview.</summary>
    public const string BotUserAgent = "bot_user_agent";

    /// <summary>Too many clicks from one IP address in the velocity window.</summary>
    public const string ClickVelocityIp = "click_velocity_ip";

    /// <summary>Too many clicks from one visitor (cookie) in the velocity window.</summary>
    public const string ClickVelocityVisitor = "click_velocity_visitor";

    /// <summary>The click came from a blocked country.</summary>
    public const string BlockedCountry = "blocked_country";

    /// <summary>The click came from a blocked referring host.</summary>
    public const string BlockedReferrer = "blocked_referrer";

    /// <summary>The click came from a blocked IP range.</summary>
    public const string BlockedIpRange = "blocked_ip_range";

    /// <summary>The customer's normalised e-mail address is the partner's own.</summary>
    public const string SelfReferralEmail = "self_referral_email";

    /// <summary>The customer is the partner's own customer account.</summary>
    public const string SelfReferralCustomer = "self_referral_customer";

    /// <summary>The customer's IP address is one the partner signed in from.</summary>
    public const string SelfReferralIp = "self_referral_ip";

    /// <summary>The conversion followed its click too quickly for a person (a sign of click injection).</summary>
    public const string ClickToConversionTooFast = "click_to_conversion_too_fast";

    /// <summary>The same customer converted with the same amount shortly before.</summary>
    public const string DuplicateOrder = "duplicate_order";

    /// <summary>The partner converts far above the program's baseline.</summary>
    public const string ConversionRateAnomaly = "conversion_rate_anomaly";

    /// <summary>Too many of the partner's conversions were refunded.</summary>
    public const string RefundRateAbuse = "refund_rate_abuse";

    /// <summary>The visitor clicked links of many different partners (a sign of cookie stuffing).</summary>
    public const string CookieStuffing = "cookie_stuffing";

    /// <summary>A rule threw instead of answering; the conversion is held so that a person looks at it.</summary>
    public const string RuleFailed = "rule_failed";
}
