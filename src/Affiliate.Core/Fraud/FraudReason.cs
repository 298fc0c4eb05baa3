namespace Affiliate;

/// <summary>
/// Why a fraud rule flagged a conversion, click or line: the rule's stable code and a sentence a reviewer reads.
/// </summary>
/// <param name="Code">The rule's code (see <see cref="FraudCodes"/> for the built-in ones).</param>
/// <param name="Description">What the rule saw; for a host rule's code, the code itself.</param>
public sealed record FraudReason(string Code, string Description)
{
    /// <summary>The reasons for stored codes, in their order.</summary>
    public static IReadOnlyList<FraudReason> Of(IReadOnlyList<string> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        return codes.Select(code => new FraudReason(code, Describe(code))).ToArray();
    }

    /// <summary>The sentence for a code: the built-in rules' own words, or the code for a host's rule.</summary>
    public static string Describe(string code) =>
        code switch
        {
            FraudCodes.BotUserAgent => "The user agent is empty or looks like a bot, crawler, script or link preview.",
            FraudCodes.ClickVelocityIp => "Too many clicks from one IP address in the velocity window.",
            FraudCodes.ClickVelocityVisitor => "Too many clicks from one visitor in the velocity window.",
            FraudCodes.BlockedCountry => "The click came from a blocked country.",
            FraudCodes.BlockedReferrer => "The click came from a blocked referring host.",
            FraudCodes.BlockedIpRange => "The click came from a blocked IP range.",
            FraudCodes.SelfReferralEmail => "The customer's e-mail address is the partner's own.",
            FraudCodes.SelfReferralCustomer => "The customer is the partner's own customer account.",
            FraudCodes.SelfReferralIp => "The customer's IP address is one the partner signed in from.",
            FraudCodes.ClickToConversionTooFast =>
                "The conversion followed its click too quickly for a person (a sign of click injection).",
            FraudCodes.DuplicateOrder => "The same customer converted with the same amount shortly before.",
            FraudCodes.ConversionRateAnomaly => "The partner converts far above the program's baseline.",
            FraudCodes.RefundRateAbuse => "Too many of the partner's conversions were refunded.",
            FraudCodes.CookieStuffing =>
                "The visitor clicked links of many different partners (a sign of cookie stuffing).",
            FraudCodes.RuleFailed => "A fraud rule failed instead of answering, so a person looks at it.",
            _ => code,
        };
}
