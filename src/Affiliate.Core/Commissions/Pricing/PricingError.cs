namespace Affiliate;

/// <summary>
/// Why a conversion could not be priced: a stable <see cref="Code"/> for programs and a message for people.
/// </summary>
/// <param name="Code">One of <see cref="PricingErrorCodes"/>.</param>
/// <param name="Message">What is wrong and what to change.</param>
public sealed record PricingError(string Code, string Message)
{
    /// <summary>The error in the library's one error shape, with the same code and message.</summary>
    public AffiliateError ToError() => new(Code, Message);
}

/// <summary>The stable codes of <see cref="PricingError"/>.</summary>
public static class PricingErrorCodes
{
    /// <summary>No plan version is in force at the conversion's instant.</summary>
    public const string NoPlanInForce = "no_plan_in_force";

    /// <summary>The conversion's amounts are not in the plan's currency, or not all in one currency.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>The conversion's facts are inconsistent (negative price, discount above the subtotal...).</summary>
    public const string InvalidConversion = "invalid_conversion";

    /// <summary>The seller is not active and cannot earn.</summary>
    public const string PartnerNotActive = "partner_not_active";

    /// <summary>The sponsor chain loops back on itself.</summary>
    public const string SponsorCycle = "sponsor_cycle";
}
