namespace Affiliate;

/// <summary>
/// What an admin (or the partner) edits of a partner with <see cref="PartnerDirectory.UpdateProfileAsync"/>: the whole
/// profile, replacing the stored one (null clears a field). Start from <see cref="Of"/> and change what you need.
/// Status, sponsor, referral codes and tier have operations of their own.
/// </summary>
public sealed record PartnerProfile
{
    /// <summary>The longest name accepted.</summary>
    public const int MaxNameLength = 200;

    /// <summary>The longest e-mail address accepted (RFC 5321's limit).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>The longest segment name accepted.</summary>
    public const int MaxSegmentLength = 64;

    /// <summary>The longest reason accepted for a status or sponsor change.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>Display name; surrounding white space is trimmed.</summary>
    public required string Name { get; init; }

    /// <summary>E-mail address, or null.</summary>
    public string? Email { get; init; }

    /// <summary>The partner's segment, or null.</summary>
    public PartnerSegment? Segment { get; init; }

    /// <summary>The partner's own customer account in the host, or null.</summary>
    public CustomerId? CustomerId { get; init; }

    /// <summary>The currency the partner is paid in; the program's when null.</summary>
    public Currency? PayoutCurrency { get; init; }

    /// <summary>
    /// The least approved balance paid out, in <see cref="PayoutCurrency"/> when that is set; the program's threshold
    /// when null.
    /// </summary>
    public Money? PayoutThreshold { get; init; }

    /// <summary>The profile of a partner as it is.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="partner"/> is null.</exception>
    public static PartnerProfile Of(Partner partner)
    {
        ArgumentNullException.ThrowIfNull(partner);
        return new PartnerProfile
        {
            Name = partner.Name,
            Email = partner.Email,
            Segment = partner.Segment,
            CustomerId = partner.CustomerId,
            PayoutCurrency = partner.PayoutCurrency,
            PayoutThreshold = partner.PayoutThreshold,
        };
    }

    /// <summary>The first problem of a name, an e-mail address and a segment, or null when they are fine.</summary>
    internal static string? Problem(string? name, string? email, PartnerSegment? segment)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "A partner needs a name.";
        }

        if (name.Trim().Length > MaxNameLength)
        {
            return $"Name has {name.Trim().Length} characters; at most {MaxNameLength} are accepted.";
        }

        if (email is { Length: > MaxEmailLength })
        {
            return $"Email has {email.Length} characters; at most {MaxEmailLength} are accepted.";
        }

        if (segment is { } s && (string.IsNullOrWhiteSpace(s.Name) || s.Name.Length > MaxSegmentLength))
        {
            return $"Segment needs a name of 1 to {MaxSegmentLength} characters.";
        }

        return TextInput.FirstWithControl(("Name", name), ("Email", email), ("Segment", segment?.Name)) is { } field
            ? $"{field} contains a control character."
            : null;
    }

    /// <summary>The problem of a reason, or null when it is fine (null and empty are).</summary>
    internal static string? ReasonProblem(string? reason) =>
        reason is { Length: > MaxReasonLength }
            ? $"Reason has {reason.Length} characters; at most {MaxReasonLength} are accepted."
        : TextInput.HasControl(reason) ? "Reason contains a control character."
        : null;

    /// <summary>The first problem of the whole profile, or null.</summary>
    internal string? Problem()
    {
        if (Problem(Name, Email, Segment) is { } problem)
        {
            return problem;
        }

        if (CustomerId is { Value: null })
        {
            return "CustomerId is empty; give an id or null.";
        }

        if (PayoutThreshold is { } threshold)
        {
            if (threshold.Currency.IsDefault)
            {
                return "PayoutThreshold has no currency.";
            }

            if (threshold.IsNegative)
            {
                return $"PayoutThreshold {threshold} is negative; use zero or more.";
            }

            if (PayoutCurrency is { } currency && threshold.Currency != currency)
            {
                return $"PayoutThreshold is in {threshold.Currency} but PayoutCurrency is {currency}; "
                    + "use one currency.";
            }
        }

        return PayoutCurrency is { IsDefault: true } ? "PayoutCurrency is empty; give a currency or null." : null;
    }
}
