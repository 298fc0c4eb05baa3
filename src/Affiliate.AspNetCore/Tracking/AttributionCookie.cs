using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>
/// What the signed attribution cookie says: which referral brought the visitor, and until when it counts.
/// </summary>
/// <param name="ReferralCode">The referral code of the visit, as given.</param>
/// <param name="ClickId">The click recorded for the visit.</param>
/// <param name="VisitorId">The visitor id the click was recorded with.</param>
/// <param name="SubIds">The visit's sub-ids (sub1..sub5; an absent one in between is empty).</param>
/// <param name="ExpiresAt">The end of the program's attribution window for this visit.</param>
public sealed record AffiliateAttribution(
    string ReferralCode,
    ClickId ClickId,
    string VisitorId,
    IReadOnlyList<string> SubIds,
    Instant ExpiresAt
);

/// <summary>
/// Writes and reads the attribution cookie, protected with ASP.NET Core Data Protection: the visitor can read
/// neither its content nor change it. Its expiry is inside the protected payload and checked on the host's clock;
/// a tampered, foreign, malformed or expired cookie reads as none and never throws.
/// </summary>
public sealed class AttributionCookie
{
    /// <summary>The Data Protection purpose; a cookie protected for any other purpose does not read.</summary>
    public const string Purpose = "Affiliate.AspNetCore.AttributionCookie.v1";

    // A cookie longer than this was not written by us (sub-ids are bounded); it is not even unprotected.
    private const int MaxCookieLength = 3000;
    private const byte Version = 1;

    private readonly IDataProtector _protector;
    private readonly IClock _clock;
    private readonly TrackingOptions _options;
    private readonly Lazy<Duration> _window;

    /// <summary>Creates the reader and writer over the host's Data Protection keys.</summary>
    public AttributionCookie(
        IDataProtectionProvider protection,
        IClock clock,
        IOptions<AffiliateWebOptions> options,
        IOptions<AffiliateOptions> affiliates
    )
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(affiliates);
        _protector = protection.CreateProtector(Purpose);
        _clock = clock;
        _options = options.Value.Tracking;
        // Tracking records clicks for the default program (the first one), so its window is the cookie's.
        _window = new(() => affiliates.Value.BuildPrograms()[0].Attribution.Window);
    }

    /// <summary>The attribution window: how long an attribution counts after its click.</summary>
    public Duration Window => _window.Value;

    /// <summary>The attribution the request's cookie holds, or null when it has none that is valid now.</summary>
    public AffiliateAttribution? Read(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Unprotect(context.Request.Cookies[_options.AttributionCookieName]);
    }

    /// <summary>Reads a cookie value; null when it is missing, tampered, foreign, malformed or expired.</summary>
    public AffiliateAttribution? Unprotect(string? value)
    {
        if (string.IsNullOrEmpty(value) || value.Length > MaxCookieLength)
        {
            return null;
        }

        try
        {
            var bytes = _protector.Unprotect(Base64Url.DecodeFromChars(value));
            using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
            if (reader.ReadByte() != Version)
            {
                return null;
            }

            var expiresAt = Instant.FromUnixTimeTicks(reader.ReadInt64());
            var code = reader.ReadString();
            var clickId = reader.ReadString();
            var visitorId = reader.ReadString();
            var subIds = new string[Math.Min((int)reader.ReadByte(), TrackingQuery.SubIdNames.Length)];
            for (var i = 0; i < subIds.Length; i++)
            {
                subIds[i] = reader.ReadString();
            }

            if (expiresAt <= _clock.GetCurrentInstant() || !ClickId.TryParse(clickId, null, out var click))
            {
                return null;
            }

            return new AffiliateAttribution(code, click, visitorId, subIds, expiresAt);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or IOException)
        {
            // Tampered, protected with another key or purpose, not base64, or cut short: no attribution.
            return null;
        }
    }

    /// <summary>The protected cookie value of an attribution.</summary>
    public string Protect(AffiliateAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(attribution);
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Version);
            writer.Write(attribution.ExpiresAt.ToUnixTimeTicks());
            writer.Write(attribution.ReferralCode);
            writer.Write(attribution.ClickId.Value);
            writer.Write(attribution.VisitorId);
            writer.Write((byte)attribution.SubIds.Count);
            foreach (var subId in attribution.SubIds)
            {
                writer.Write(subId);
            }
        }

        return Base64Url.EncodeToString(_protector.Protect(buffer.ToArray()));
    }

    /// <summary>Sets the attribution cookie on the response: HttpOnly, Secure, SameSite=Lax, until expiry.</summary>
    internal void Write(HttpContext context, AffiliateAttribution attribution)
    {
        var now = _clock.GetCurrentInstant();
        context.Response.Cookies.Append(
            _options.AttributionCookieName,
            Protect(attribution),
            CookieOptions(_options, attribution.ExpiresAt - now)
        );
    }

    /// <summary>The attributes of both tracking cookies.</summary>
    internal static CookieOptions CookieOptions(TrackingOptions options, Duration lifetime) =>
        new()
        {
            HttpOnly = true,
            Secure = true,
            SameSite = SameSiteMode.Lax,
            Path = "/",
            Domain = options.CookieDomain,
            IsEssential = true,
            // Max-Age, not Expires: a relative lifetime needs no clock on either side to agree.
            MaxAge = lifetime.ToTimeSpan(),
        };
}
