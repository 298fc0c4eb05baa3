using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Reports;

/// <summary>
/// An <see cref="AffiliateHost"/> for report tests: a USD program paying 10% in a chosen time zone, with local-time
/// helpers that move the fake clock and record clicks and sales at that moment.
/// </summary>
internal sealed class ReportHost : IDisposable
{
    public const string Browser = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";

    public ReportHost(string zone = "America/New_York", Action<AffiliateOptions>? configure = null)
    {
        Zone = DateTimeZoneProviders.Tzdb[zone];
        Host = new AffiliateHost(Instant.FromUtc(2025, 12, 1, 0, 0), o =>
        {
            o.DefaultCurrency = "USD";
            o.TimeZone = zone;
            o.Plan = AffiliateHost.PercentPlan(10m, "USD");
            configure?.Invoke(o);
        });
    }

    public AffiliateHost Host { get; }

    public DateTimeZone Zone { get; }

    public AffiliateReports Reports => Host.Services.GetRequiredService<AffiliateReports>();

    /// <summary>The instant of a local time in the program's zone.</summary>
    public Instant Local(int year, int month, int day, int hour, int minute, int second = 0) =>
        new LocalDateTime(year, month, day, hour, minute, second).InZoneStrictly(Zone).ToInstant();

    /// <summary>Moves the clock to a local time.</summary>
    public void At(int year, int month, int day, int hour, int minute, int second = 0) =>
        Host.Clock.Now = Local(year, month, day, hour, minute, second);

    public Task PartnerAsync(string id, string? email = null, string? sponsorCode = null) =>
        Host.PartnerAsync(id, email, sponsorCode);

    /// <summary>A click at the clock's time.</summary>
    public async Task<Click> ClickAsync(
        string code,
        string visitor,
        IReadOnlyList<string>? subIds = null,
        string userAgent = Browser
    ) =>
        (
            await Host.Clicks.RecordAsync(
                new ClickRequest
                {
                    ReferralCode = code,
                    VisitorId = visitor,
                    SubIds = subIds ?? [],
                    UserAgent = userAgent,
                }
            )
        ).GetValueOrThrow();

    /// <summary>A USD sale at the clock's time.</summary>
    public async Task<ConversionOutcome> SaleAsync(
        string orderId,
        decimal amount,
        string? visitor,
        string? email = null,
        string? userAgent = null,
        string? coupon = null
    ) =>
        (
            await Host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = new ConversionFacts
                    {
                        Id = new ConversionId(orderId),
                        OccurredAt = Host.Clock.Now,
                        Amount = Money.Of(amount, "USD"),
                        CouponCode = coupon,
                    },
                    VisitorId = visitor,
                    CustomerEmail = email,
                    UserAgent = userAgent,
                }
            )
        ).GetValueOrThrow();

    public static Money Usd(decimal amount) => Money.Of(amount, "USD");

    public void Dispose() => Host.Dispose();
}
