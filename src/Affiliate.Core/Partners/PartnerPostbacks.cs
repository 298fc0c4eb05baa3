using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Affiliate.Stores;
using Microsoft.Extensions.Options;

namespace Affiliate;

/// <summary>
/// Partners' postback URLs: a partner who runs their own tracker sets a URL template with placeholders, and on each of
/// their conversion events (recorded, approved, rejected, refunded) the library calls it with the values filled.
/// Approvals call it only with <see cref="AffiliateOptions.LineEvents"/> on: without it, batch approval writes one
/// event per partner and batch, which names no conversion.
/// Templates are checked when saved: an absolute http(s) URL, placeholders only from <see cref="Placeholders"/> and
/// only in the path or query (a click's sub-id never chooses the host), a host the program allows.
/// </summary>
public sealed class PartnerPostbacks(
    IPartnerStore partners,
    IPartnerPostbackStore postbacks,
    IConversionStore conversions,
    ILedgerStore ledger,
    IClock clock,
    IOptions<AffiliateOptions> options
)
{
    /// <summary>
    /// The placeholders a template may use: <c>{click_id}</c>, <c>{sub1}</c> to <c>{sub5}</c>, <c>{amount}</c> (the
    /// sale, or the refund, in the program's currency), <c>{commission}</c> (the partner's, negative for a refund),
    /// <c>{currency}</c>, <c>{status}</c> (pending, held, approved, rejected, reversed) and <c>{conversion_id}</c>.
    /// Values are URL-encoded; a value the conversion lacks (no click, fewer sub-ids) is empty.
    /// </summary>
    public static IReadOnlyList<string> Placeholders { get; } =
    ["click_id", "sub1", "sub2", "sub3", "sub4", "sub5", "amount", "commission", "currency", "status", "conversion_id"];

    private static readonly string PlaceholderList = string.Join(", ", Placeholders.Select(p => "{" + p + "}"));

    /// <summary>The partner's postback, or null when it has none.</summary>
    public ValueTask<PartnerPostback?> GetAsync(PartnerId partnerId, CancellationToken cancellationToken = default) =>
        postbacks.FindPostbackAsync(partnerId, cancellationToken);

    /// <summary>
    /// Checks and saves the partner's postback URL template, replacing the one it had. Fails with
    /// <c>unknown_partner</c>, <c>invalid_postback_url</c> or <c>unknown_postback_placeholder</c>; nothing is written
    /// then.
    /// </summary>
    public async ValueTask<AffiliateResult<PartnerPostback>> SetAsync(
        PartnerId partnerId,
        string urlTemplate,
        CancellationToken cancellationToken = default
    )
    {
        if (Check(urlTemplate, options.Value.Postbacks) is { } error)
        {
            return AffiliateResult<PartnerPostback>.Failure(error);
        }

        if (await partners.FindAsync(partnerId, cancellationToken).ConfigureAwait(false) is null)
        {
            return AffiliateResult<PartnerPostback>.Failure(
                AffiliateErrorCodes.UnknownPartner,
                $"There is no partner '{partnerId}'."
            );
        }

        var postback = new PartnerPostback(partnerId, urlTemplate, clock.GetCurrentInstant());
        await postbacks.SavePostbackAsync(postback, cancellationToken).ConfigureAwait(false);
        return AffiliateResult<PartnerPostback>.Success(postback);
    }

    /// <summary>Removes the partner's postback; false when it had none.</summary>
    public ValueTask<bool> RemoveAsync(PartnerId partnerId, CancellationToken cancellationToken = default) =>
        postbacks.DeletePostbackAsync(partnerId, cancellationToken);

    /// <summary>
    /// The problem of a template, or null when it may be saved: the same checks as <see cref="SetAsync"/> makes.
    /// </summary>
    public static AffiliateError? Check(string? urlTemplate, PostbackOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(urlTemplate))
        {
            return Invalid("The postback URL is empty; give an absolute http(s) URL.");
        }

        if (urlTemplate.Length > settings.MaxTemplateLength)
        {
            return Invalid(
                $"The postback URL has {urlTemplate.Length} characters; at most {settings.MaxTemplateLength} are "
                    + "accepted."
            );
        }

        if (urlTemplate.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return Invalid("The postback URL contains white space or a control character.");
        }

        var scheme = urlTemplate.IndexOf("://", StringComparison.Ordinal);
        var authorityEnd = scheme < 0 ? -1 : urlTemplate.IndexOfAny(['/', '?', '#'], scheme + 3);
        var authority =
            scheme < 0 ? urlTemplate : urlTemplate[..(authorityEnd < 0 ? urlTemplate.Length : authorityEnd)];
        if (authority.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            // A click's sub-ids come from the visitor's URL: they must never choose where the server calls.
            return Invalid("Placeholders may only be in the postback URL's path or query, not in its host.");
        }

        if (Fill(urlTemplate, _ => "0", out var unknown) is not { } sample)
        {
            return new AffiliateError(
                AffiliateErrorCodes.UnknownPostbackPlaceholder,
                $"The postback URL has the placeholder '{unknown}'; use {PlaceholderList}."
            );
        }

        if (
            !Uri.TryCreate(sample, UriKind.Absolute, out var url)
            || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            || url.Host.Length == 0
        )
        {
            return Invalid("The postback URL must be an absolute http or https URL.");
        }

        return HostProblem(url, settings) is { } problem ? Invalid(problem) : null;
    }

    /// <summary>
    /// The postbacks an event calls for: one per partner of the conversion the event is about who has a postback.
    /// Events about anything else, and conversions no longer found, call for none.
    /// </summary>
    public async ValueTask<IReadOnlyList<PostbackRequest>> RequestsForAsync(
        AffiliateEvent affiliateEvent,
        CancellationToken cancellationToken = default
    )
    {
        ArgumentNullException.ThrowIfNull(affiliateEvent);
        var (conversionId, lineFilter, status) = affiliateEvent switch
        {
            ConversionRecorded e => (e.ConversionId, (Func<CommissionLine, bool>)IsSaleLine, (string?)null),
            ConversionReviewed e => (e.ConversionId, IsSaleLine, e.Approved ? "pending" : "rejected"),
            RefundRecorded e => (e.ConversionId, l => l.RefundId == e.RefundId, "reversed"),
            // Rejections come as ConversionReviewed (a review also writes line events for them): one postback each.
            CommissionLineStateChanged { To: CommissionState.Approved } e => await LineAsync(e, cancellationToken)
                .ConfigureAwait(false),
            _ => (default(ConversionId?), IsSaleLine, null),
        };
        if (conversionId is not { } id)
        {
            return [];
        }

        var conversion = await conversions
            .FindAsync(affiliateEvent.ProgramId, id, cancellationToken)
            .ConfigureAwait(false);
        if (conversion is null)
        {
            return [];
        }

        var lines = (
            await ledger
                .QueryLinesAsync(
                    new LineQuery { ProgramId = conversion.ProgramId, ConversionId = id },
                    cancellationToken
                )
                .ConfigureAwait(false)
        )
            .Where(lineFilter)
            .ToList();
        var amount = affiliateEvent is RefundRecorded refund ? refund.Amount : conversion.ProgramAmount;
        var requests = new List<PostbackRequest>();
        foreach (var partner in lines.Select(l => l.PartnerId).Distinct())
        {
            var postback = await postbacks.FindPostbackAsync(partner, cancellationToken).ConfigureAwait(false);
            // Checked again: the program may have narrowed its allowed hosts since the template was saved.
            if (postback is null || Check(postback.UrlTemplate, options.Value.Postbacks) is not null)
            {
                continue;
            }

            var own = lines.Where(l => l.PartnerId == partner).ToList();
            var commission = Money.Sum(own.Select(l => l.Amount), own[0].Amount.Currency);
            var state = status ?? (own.Any(l => l.State == CommissionState.Held) ? "held" : "pending");
            var values = Values(conversion, amount, commission, state);
            if (Fill(postback.UrlTemplate, name => values[name], out _) is { } filled)
            {
                requests.Add(new PostbackRequest(partner, new Uri(filled, UriKind.Absolute)));
            }
        }

        return requests;
    }

    /// <summary>
    /// The template with each placeholder replaced by its URL-encoded value; null when a placeholder is unknown or a
    /// brace is unmatched (<paramref name="unknown"/> then says which).
    /// </summary>
    internal static string? Fill(string template, Func<string, string> value, out string? unknown)
    {
        var result = new StringBuilder(template.Length + 64);
        unknown = null;
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                unknown = "}";
                return null;
            }

            if (c != '{')
            {
                result.Append(c);
                continue;
            }

            var end = template.IndexOf('}', i + 1);
            var name = end < 0 ? template[i..] : template[(i + 1)..end];
            if (end < 0 || !Placeholders.Contains(name, StringComparer.Ordinal))
            {
                unknown = end < 0 ? name : "{" + name + "}";
                return null;
            }

            result.Append(Uri.EscapeDataString(value(name)));
            i = end;
        }

        return result.ToString();
    }

    private async ValueTask<(ConversionId?, Func<CommissionLine, bool>, string?)> LineAsync(
        CommissionLineStateChanged changed,
        CancellationToken cancellationToken
    )
    {
        var line = await ledger.FindLineAsync(changed.LineId, cancellationToken).ConfigureAwait(false);
        return (line?.ConversionId, l => l.Id == changed.LineId, "approved");
    }

    private static bool IsSaleLine(CommissionLine line) =>
        line.RefundId is null && line.ReversesLineId is null && line.AdjustmentId is null;

    private static Dictionary<string, string> Values(
        Conversion conversion,
        Money amount,
        Money commission,
        string status
    )
    {
        string Sub(int i) => conversion.SubIds.Count > i ? conversion.SubIds[i] : "";
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["click_id"] = conversion.ClickId?.Value ?? "",
            ["sub1"] = Sub(0),
            ["sub2"] = Sub(1),
            ["sub3"] = Sub(2),
            ["sub4"] = Sub(3),
            ["sub5"] = Sub(4),
            ["amount"] = Format(amount),
            ["commission"] = Format(commission),
            ["currency"] = commission.Currency.Code,
            ["status"] = status,
            ["conversion_id"] = conversion.Id.Value,
        };
    }

    // In the currency's minor units (10.00 EUR, 1000 JPY), or every digit when there are more.
    private static string Format(Money money) =>
        money.IsRounded
            ? money.Amount.ToString(
                "F" + money.Currency.MinorUnits.ToString(CultureInfo.InvariantCulture),
                CultureInfo.InvariantCulture
            )
            : money.Amount.ToString(CultureInfo.InvariantCulture);

    private static string? HostProblem(Uri url, PostbackOptions settings)
    {
        var host = url.IdnHost;
        if (settings.AllowedHosts.Count > 0)
        {
            var allowed = settings.AllowedHosts.Any(a =>
                a is ['*', '.', .. var domain]
                    ? host.EndsWith("." + domain, StringComparison.OrdinalIgnoreCase)
                    : string.Equals(host, a, StringComparison.OrdinalIgnoreCase)
            );
            return allowed ? null : $"The postback URL's host '{host}' is not one the program allows.";
        }

        if (
            string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        )
        {
            return "The postback URL may not call localhost.";
        }

        return IPAddress.TryParse(host, out var address) && !IsPublic(address)
            ? $"The postback URL may not call the private or local address {host}."
            : null;
    }

    /// <summary>
    /// False for loopback, private, carrier-grade NAT, link-local, unique-local, multicast and unspecified addresses:
    /// where a postback must not lead unless the program lists the host in <see cref="PostbackOptions.AllowedHosts"/>.
    /// </summary>
    public static bool IsPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6None))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return !(
                address.IsIPv6LinkLocal
                || address.IsIPv6SiteLocal
                || address.IsIPv6UniqueLocal
                || address.IsIPv6Multicast
                || address.Equals(IPAddress.IPv6Any)
            );
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => false,
            100 => b[1] is < 64 or > 127, // 100.64.0.0/10, carrier-grade NAT
            169 => b[1] != 254,
            172 => b[1] is < 16 or > 31,
            192 => b[1] != 168,
            _ => b[0] < 224, // multicast and reserved
        };
    }

    private static AffiliateError Invalid(string description) =>
        new(AffiliateErrorCodes.InvalidPostbackUrl, description);
}
