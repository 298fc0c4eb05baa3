using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// The base of the built-in mappers: parses the stored body as JSON and turns every way it can be wrong (not JSON, a
/// member of the wrong type, a negative amount, an unknown currency) into an <c>invalid_request</c> mapping.
/// </summary>
internal abstract class JsonEventMapper(IOptions<AffiliateWebOptions> options) : IWebhookEventMapper
{
    public abstract string Source { get; }

    protected WebhookOptions Options => options.Value.Webhooks;

    protected AffiliateWebOptions Web => options.Value;

    public InboxMapping Map(InboxEvent inboxEvent)
    {
        ArgumentNullException.ThrowIfNull(inboxEvent);
        try
        {
            using var document = JsonDocument.Parse(inboxEvent.Body, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return InboxMapping.Invalid($"The {Source} body is not a JSON object.");
            }

            return Map(inboxEvent, document.RootElement);
        }
        catch (JsonException)
        {
            return InboxMapping.Invalid($"The {Source} body is not valid JSON.");
        }
        catch (WebhookFormatException e)
        {
            return InboxMapping.Invalid($"The {Source} event cannot be read: {e.Message}");
        }
    }

    protected abstract InboxMapping Map(InboxEvent inboxEvent, JsonElement root);
}

/// <summary>A member of a webhook body that is missing or wrong; the message names it.</summary>
internal sealed class WebhookFormatException(string message) : Exception(message);

/// <summary>Reads webhook JSON without ever going through a double: ids and amounts exactly as sent.</summary>
internal static class WebhookJson
{
    /// <summary>The member, or null when it is missing or JSON null.</summary>
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>The member of a value that may be missing itself.</summary>
    public static JsonElement? Member(this JsonElement? element, string name) => element?.Member(name);

    /// <summary>A nested member (<c>a.b.c</c>), or null.</summary>
    public static JsonElement? Path(this JsonElement element, params ReadOnlySpan<string> names)
    {
        JsonElement? current = element;
        foreach (var name in names)
        {
            current = current?.Member(name);
        }

        return current;
    }

    /// <summary>
    /// An id: a string as given, or an integer read exactly as a 64-bit integer (Shopify's ids pass 2^53, where a
    /// double would round them). Null when missing; a non-integral number or another kind is malformed.
    /// </summary>
    public static string? Id(this JsonElement? element, string name)
    {
        if (element is not { } value)
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString();
                return string.IsNullOrWhiteSpace(text) ? null : text;
            case JsonValueKind.Number when value.TryGetInt64(out var number):
                return number.ToString(CultureInfo.InvariantCulture);
            case JsonValueKind.Number when value.TryGetUInt64(out var unsigned):
                return unsigned.ToString(CultureInfo.InvariantCulture);
            default:
                throw new WebhookFormatException($"{name} is not an id (a string or a whole number).");
        }
    }

    /// <summary>A required id.</summary>
    public static string RequiredId(this JsonElement? element, string name) =>
        element.Id(name) ?? throw new WebhookFormatException($"{name} is missing.");

    /// <summary>A string, or null when missing; another kind is malformed.</summary>
    public static string? Text(this JsonElement? element, string name) =>
        element switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } value => value.GetString(),
            _ => throw new WebhookFormatException($"{name} is not a string."),
        };

    /// <summary>A decimal amount given as a JSON number or a string ("12.50"); never negative.</summary>
    public static decimal? Decimal(this JsonElement? element, string name)
    {
        if (element is not { } value)
        {
            return null;
        }

        decimal amount;
        if (value.ValueKind == JsonValueKind.Number)
        {
            if (!value.TryGetDecimal(out amount))
            {
                throw new WebhookFormatException($"{name} is not a decimal amount.");
            }
        }
        else if (
            value.ValueKind != JsonValueKind.String
            || !decimal.TryParse(
                value.GetString(),
                NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
                CultureInfo.InvariantCulture,
                out amount
            )
        )
        {
            throw new WebhookFormatException($"{name} is not a decimal amount.");
        }

        return amount;
    }

    /// <summary>A decimal amount that must not be negative.</summary>
    public static decimal? Amount(this JsonElement? element, string name) =>
        element.Decimal(name) is { } amount
            ? amount >= 0
                ? amount
                : throw new WebhookFormatException($"{name} is negative ({amount}).")
            : null;

    /// <summary>An amount in the currency's minor units (Stripe's integers), never negative.</summary>
    public static decimal? Minor(this JsonElement? element, string name, Currency currency)
    {
        if (element is not { } value)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var minor))
        {
            throw new WebhookFormatException($"{name} is not a whole number of minor units.");
        }

        if (minor < 0)
        {
            throw new WebhookFormatException($"{name} is negative ({minor}).");
        }

        return Money.OfMinor(minor, currency).Amount;
    }

    /// <summary>A required ISO 4217 currency, in any case.</summary>
    public static Currency Currency(this JsonElement? element, string name)
    {
        var code = element.Text(name) ?? throw new WebhookFormatException($"{name} is missing.");
        return Affiliate.Currency.TryFromCode(code.ToUpperInvariant(), out var currency)
            ? currency
            : throw new WebhookFormatException($"{name} '{Cut(code)}' is not an ISO 4217 currency.");
    }

    /// <summary>Unix seconds as an instant.</summary>
    public static Instant? UnixSeconds(this JsonElement? element, string name)
    {
        if (element is not { } value)
        {
            return null;
        }

        return
            value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out var seconds)
            && seconds is > 0 and < 253_402_300_799
            ? Instant.FromUnixTimeSeconds(seconds)
            : throw new WebhookFormatException($"{name} is not a Unix time in seconds.");
    }

    /// <summary>An ISO 8601 date and time; one without an offset is UTC (WooCommerce's <c>_gmt</c> fields).</summary>
    public static Instant? DateTime(this JsonElement? element, string name)
    {
        if (element.Text(name) is not { } text)
        {
            return null;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var value
        )
            ? Instant.FromDateTimeOffset(value)
            : throw new WebhookFormatException($"{name} '{Cut(text)}' is not an ISO 8601 date and time.");
    }

    /// <summary>The elements of an array, none when missing; another kind is malformed.</summary>
    public static IEnumerable<JsonElement> Items(this JsonElement? element, string name) =>
        element switch
        {
            null => [],
            { ValueKind: JsonValueKind.Array } array => array.EnumerateArray(),
            _ => throw new WebhookFormatException($"{name} is not an array."),
        };

    /// <summary>A value that is a string or a number, as text (metadata values).</summary>
    public static string? Scalar(this JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => element.GetString(),
            JsonValueKind.Number => element.GetRawText(),
            _ => null,
        };

    private static string Cut(string text) => text.Length > 16 ? text[..16] + "..." : text;
}

/// <summary>Ids and the referral a checkout passed on, read the same way for every vendor.</summary>
internal static class WebhookIds
{
    /// <summary>The id, or a malformed-body error naming the member when it is no valid id.</summary>
    public static TId As<TId>(string value, string name)
        where TId : IParsable<TId> =>
        TId.TryParse(value, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new WebhookFormatException($"{name} is not a valid id (too long, or control characters).");

    /// <summary>The id when given.</summary>
    public static TId? Maybe<TId>(string? value, string name)
        where TId : struct, IParsable<TId> => value is null ? null : As<TId>(value, name);

    /// <summary>The request's attribution signals from a vendor's metadata pairs.</summary>
    public static ConversionRequest WithReferral(
        this ConversionRequest request,
        WebhookOptions options,
        Func<string, string?> metadata
    ) =>
        request with
        {
            VisitorId = metadata(options.VisitorKey) ?? request.VisitorId,
            ClickId = Maybe<ClickId>(metadata(options.ClickKey), options.ClickKey) ?? request.ClickId,
            ReferralCode = metadata(options.ReferralKey) ?? request.ReferralCode,
        };
}
