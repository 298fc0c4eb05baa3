namespace Affiliate;

/// <summary>
/// Decides whether a customer is the partner themself: the same e-mail address after normalising (case, white
/// space, <c>+tags</c>, Gmail dots; see <see cref="EmailAddress.Normalize"/>), the partner's own customer account,
/// or an IP address the partner signed in from. Pure; attribution uses it to skip a self-referring partner and the
/// fraud pipeline to flag the conversion. Signals are checked in that order and the first match answers.
/// </summary>
/// <example><code>
/// if (SelfReferral.Check(partner, order.Email, customerId, ipHash, options.Fraud.SelfReferral) is { } verdict)
/// {
///     // credit another touch, or record the conversion with verdict.Action
/// }
/// </code></example>
public static class SelfReferral
{
    /// <summary>
    /// Returns the verdict (with <see cref="FraudRuleOptions.Action"/> and one of the <c>self_referral_*</c> codes)
    /// when the customer is the partner, or null when they are not or the rule is disabled.
    /// </summary>
    /// <param name="partner">The partner who would be credited.</param>
    /// <param name="customerEmail">The customer's e-mail address as given.</param>
    /// <param name="customerId">The host's id for the customer.</param>
    /// <param name="ipHash">The keyed hash of the customer's IP address.</param>
    /// <param name="options">Which signals to check and the action to take.</param>
    /// <exception cref="ArgumentNullException"><paramref name="partner"/> or <paramref name="options"/> is
    /// null.</exception>
    public static FraudVerdict? Check(
        Partner partner,
        string? customerEmail,
        CustomerId? customerId,
        string? ipHash,
        SelfReferralOptions options
    )
    {
        ArgumentNullException.ThrowIfNull(partner);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return null;
        }

        if (options.CheckEmail && SameEmail(partner.Email, customerEmail))
        {
            return new FraudVerdict(
                options.Action,
                FraudCodes.SelfReferralEmail,
                $"The customer's e-mail address is partner {partner.Id}'s own (compared after normalising case, "
                    + "+tags and Gmail dots)."
            );
        }

        if (options.CheckCustomerId && customerId is { } customer && partner.CustomerId == customer)
        {
            return new FraudVerdict(
                options.Action,
                FraudCodes.SelfReferralCustomer,
                $"The customer {customer} is partner {partner.Id}'s own customer account."
            );
        }

        if (
            options.CheckIpAddress
            && !string.IsNullOrEmpty(ipHash)
            && partner.KnownIpHashes.Contains(ipHash, StringComparer.Ordinal)
        )
        {
            return new FraudVerdict(
                options.Action,
                FraudCodes.SelfReferralIp,
                $"The customer's IP address is one partner {partner.Id} signed in from."
            );
        }

        return null;
    }

    private static bool SameEmail(string? partnerEmail, string? customerEmail)
    {
        if (string.IsNullOrWhiteSpace(partnerEmail) || string.IsNullOrWhiteSpace(customerEmail))
        {
            return false;
        }

        string? partner = EmailAddress.Normalize(partnerEmail);
        string? customer = EmailAddress.Normalize(customerEmail);
        return !string.IsNullOrEmpty(partner) && string.Equals(partner, customer, StringComparison.Ordinal);
    }
}
