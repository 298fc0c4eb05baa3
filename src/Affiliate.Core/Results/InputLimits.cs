using System.Globalization;

namespace Affiliate;

/// <summary>
/// The limits every store agrees on, checked by the core before anything is written, so that the in-memory store,
/// SQLite and PostgreSQL accept and refuse the same requests. Public so that an HTTP adapter can check (or truncate)
/// the same way before it calls a service.
/// </summary>
/// <remarks>
/// <para>
/// <b>Ids and codes</b> (conversion, refund, partner, visitor, customer, click and link ids, sub-ids, coupon and
/// referral codes, product ids, external references) over their limit or holding a control character (NUL, line
/// breaks...) are refused with <see cref="AffiliateErrorCodes.InvalidRequest"/> naming the field: they are keys or
/// are compared, so a changed value would be another id. <b>Short texts</b> (names, e-mails, reasons) are refused
/// the same way. <b>Free text from request headers</b> (user agent, referrer, landing URL) is whatever the client
/// sent: control characters are removed and the text is cut at its limit, never refused.
/// </para>
/// <para>
/// The EF columns are <c>text</c> (unbounded) on both providers; what bounds them is PostgreSQL's B-tree index entry
/// limit (about 2.7 kB) on the indexed ids and the refusal of NUL in any text. Every limit here is far inside: an id
/// of 128 characters is at most 512 bytes of UTF-8.
/// </para>
/// <para>
/// <b>Amounts</b> are stored as whole minor units in 64-bit integers and summed by the read side, so one amount may
/// hold at most <see cref="MaxAmountMinorUnits"/> minor units (10 trillion EUR, 1 quadrillion JPY), which leaves
/// room for thousands of such amounts in one sum; beyond it the answer is
/// <see cref="AffiliateErrorCodes.AmountOutOfRange"/>. <b>Instants</b> are stored as Unix ticks; the library works
/// from <see cref="MinInstant"/> (inclusive) to <see cref="MaxInstant"/> (exclusive), so that every window, hold
/// period and calendar period computed from a recorded instant stays representable; outside it the answer is
/// <see cref="AffiliateErrorCodes.InstantOutOfRange"/>.
/// </para>
/// </remarks>
public static class InputLimits
{
    /// <summary>Ids: conversion (order), refund, partner, visitor, customer, click, link, product ids.</summary>
    public const int MaxIdLength = 128;

    /// <summary>Codes a person types or a link carries: coupon codes, sub-ids, event names, countries.</summary>
    public const int MaxCodeLength = 128;

    /// <summary>A partner's referral code (<see cref="ReferralCode.MaxLength"/>).</summary>
    public const int MaxReferralCodeLength = ReferralCode.MaxLength;

    /// <summary>A reference of another system: a payout's bank or provider transfer id.</summary>
    public const int MaxExternalReferenceLength = 256;

    /// <summary>A display name (a partner's).</summary>
    public const int MaxNameLength = 200;

    /// <summary>An e-mail address (the longest a mail path allows).</summary>
    public const int MaxEmailLength = 254;

    /// <summary>A reason a person gives: a refund's, a status change's, an adjustment's, a failed payout's.</summary>
    public const int MaxReasonLength = 1000;

    /// <summary>A user agent; longer ones are cut (browsers send a few hundred characters).</summary>
    public const int MaxUserAgentLength = 512;

    /// <summary>A referrer or landing URL; longer ones are cut.</summary>
    public const int MaxUrlLength = 2048;

    /// <summary>The largest quantity of one order item.</summary>
    public const int MaxQuantity = 1_000_000;

    /// <summary>The largest amount, in minor units of its currency, that one stored amount may hold.</summary>
    public const long MaxAmountMinorUnits = 1_000_000_000_000_000;

    /// <summary>The first instant the library records (1900-01-01T00:00Z).</summary>
    public static Instant MinInstant { get; } = Instant.FromUtc(1900, 1, 1, 0, 0);

    /// <summary>The instant from which the library refuses to record (2200-01-01T00:00Z).</summary>
    public static Instant MaxInstant { get; } = Instant.FromUtc(2200, 1, 1, 0, 0);

    /// <summary>True when the id or code is within <paramref name="maxLength"/> and has no control character.</summary>
    public static bool IsAcceptable(string? value, int maxLength) =>
        value is null || (value.Length <= maxLength && !TextInput.HasControl(value));

    /// <summary>Free text as stored: control characters removed, cut at <paramref name="maxLength"/>.</summary>
    public static string? CleanFreeText(string? value, int maxLength)
    {
        var cleaned = TextInput.Clean(value);
        return cleaned is null || cleaned.Length <= maxLength ? cleaned : cleaned[..maxLength];
    }

    /// <summary>True when the amount fits the stores (see <see cref="MaxAmountMinorUnits"/>).</summary>
    public static bool IsStorable(Money amount) =>
        Math.Abs(amount.Amount) <= MaxAmountMinorUnits / Pow10(amount.Currency.MinorUnits);

    /// <summary>True when the instant is in [<see cref="MinInstant"/>, <see cref="MaxInstant"/>).</summary>
    public static bool IsStorable(Instant instant) => instant >= MinInstant && instant < MaxInstant;

    internal static string Describe(Instant instant) =>
        $"{instant.ToString("uuuu-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} is outside "
        + $"{MinInstant.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} to "
        + $"{MaxInstant.ToString("uuuu-MM-dd", CultureInfo.InvariantCulture)} (UTC), the range the library records";

    private static decimal Pow10(int digits)
    {
        var value = 1m;
        for (var i = 0; i < digits; i++)
        {
            value *= 10m;
        }

        return value;
    }
}
