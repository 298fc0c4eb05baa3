namespace Affiliate;

/// <summary>
/// The checks of <see cref="InputLimits"/> as errors naming the field, for the services to run before they read or
/// write anything. Each answers null when the value is acceptable.
/// </summary>
internal static class InputCheck
{
    /// <summary>An optional id, code or short text: refused over its limit or with a control character.</summary>
    public static AffiliateError? Text(string field, string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        if (value.Length > maxLength)
        {
            return Invalid($"{field} has {value.Length} characters; at most {maxLength} are accepted.");
        }

        return TextInput.HasControl(value) ? Invalid($"{field} contains a control character.") : null;
    }

    /// <summary>A text that must be given: refused when missing or blank, then as <see cref="Text"/>.</summary>
    public static AffiliateError? Required(string field, string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) ? Invalid($"{field} is required.") : Text(field, value, maxLength);

    /// <summary>
    /// A typed id inside a request, given as its <c>Value</c>: null only for <c>default(...)</c>, an id that was never
    /// constructed (the constructor validates everything else).
    /// </summary>
    public static AffiliateError? Id(string field, string? idValue) =>
        idValue is null ? Invalid($"{field} is empty (a default id); give the id.") : null;

    /// <summary>An amount: a currency must be set and the amount must fit the stores.</summary>
    public static AffiliateError? Amount(string field, Money? amount)
    {
        if (amount is not { } value)
        {
            return null;
        }

        if (value.Currency.IsDefault)
        {
            return Invalid($"{field} has no currency.");
        }

        return InputLimits.IsStorable(value)
            ? null
            : new AffiliateError(
                AffiliateErrorCodes.AmountOutOfRange,
                $"{field} of {value.Amount} {value.Currency} is beyond the {InputLimits.MaxAmountMinorUnits} minor "
                    + "units an amount may hold."
            );
    }

    /// <summary>An instant within the range the library records.</summary>
    public static AffiliateError? Instant(string field, Instant? at) =>
        at is not { } value || InputLimits.IsStorable(value)
            ? null
            : new AffiliateError(AffiliateErrorCodes.InstantOutOfRange, $"{field}: {InputLimits.Describe(value)}.");

    /// <summary>A value of an enum that was not one of its members (a number an HTTP body can carry).</summary>
    public static AffiliateError? Defined<TEnum>(string field, TEnum value)
        where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? null : Invalid($"{field} has the undefined value {value}.");

    /// <summary>The first problem of several checks, in order.</summary>
    public static AffiliateError? First(params ReadOnlySpan<AffiliateError?> checks)
    {
        foreach (var check in checks)
        {
            if (check is not null)
            {
                return check;
            }
        }

        return null;
    }

    /// <summary>
    /// A typed id passed as an argument is the calling code's to construct: <c>default(...)</c> is a programming error.
    /// </summary>
    /// <exception cref="ArgumentException">The id is <c>default</c>.</exception>
    public static void ThrowIfDefault(string? idValue, string paramName)
    {
        if (idValue is null)
        {
            throw new ArgumentException(
                $"'{paramName}' is a default id (never constructed); make it with its constructor or New().",
                paramName
            );
        }
    }

    private static AffiliateError Invalid(string description) => new(AffiliateErrorCodes.InvalidRequest, description);
}
