using Affiliate.Stores;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Support;

/// <summary>
/// The library as a host wires it: <c>AddAffiliates</c> with in-memory stores and a fake clock. Tests drive it only
/// through the public services.
/// </summary>
public sealed class AffiliateHost : IDisposable
{
    public const string IpHashKey = "test-ip-hash-key-0123456789abcdef";

    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;

    public AffiliateHost(Instant start, Action<AffiliateOptions> configure, Action<AffiliateBuilder>? build = null)
    {
        Clock = new FakeClock(start);
        var services = new ServiceCollection();
        services.AddSingleton(
            typeof(Microsoft.Extensions.Logging.ILogger<>),
            typeof(Microsoft.Extensions.Logging.Abstractions.NullLogger<>)
        );
        services.AddSingleton<IClock>(Clock);
        var builder = services
            .AddAffiliates(o =>
            {
                o.IpHashKey = IpHashKey;
                configure(o);
            })
            .UseInMemoryStores();
        build?.Invoke(builder);
        _provider = services.BuildServiceProvider(
            new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }
        );
        _scope = _provider.CreateScope();
    }

    public FakeClock Clock { get; }

    public IServiceProvider Services => _scope.ServiceProvider;

    public PartnerDirectory Partners => Services.GetRequiredService<PartnerDirectory>();

    public ClickTracker Clicks => Services.GetRequiredService<ClickTracker>();

    public ConversionRecorder Conversions => Services.GetRequiredService<ConversionRecorder>();

    public CommissionLedger Ledger => Services.GetRequiredService<CommissionLedger>();

    public PayoutProcessor Payouts => Services.GetRequiredService<PayoutProcessor>();

    public InMemoryAffiliateStore Store => Services.GetRequiredService<InMemoryAffiliateStore>();

    /// <summary>A plan paying <paramref name="percent"/>% of every sale.</summary>
    public static CommissionPlan PercentPlan(decimal percent, string currency = "EUR") =>
        new()
        {
            Id = new PlanId("plan"),
            Name = "Standard",
            Currency = Currency.FromCode(currency),
            Versions =
            [
                new PlanVersion
                {
                    Number = 1,
                    EffectiveFrom = Instant.FromUtc(2000, 1, 1, 0, 0),
                    Rules = [new CommissionRule { Id = "default", Rate = CommissionRate.Percent(percent) }],
                },
            ],
        };

    /// <summary>
    /// Registers an active partner with one referral code: its id in upper case followed by 10 ("anna" has "ANNA10").
    /// </summary>
    public async Task<Partner> PartnerAsync(string id, string? email = null, string? sponsorCode = null)
    {
        var result = await Partners.RegisterAsync(
            new PartnerApplication
            {
                Id = new PartnerId(id),
                Name = id,
                Email = email,
                ReferralCodes = [id.ToUpperInvariant() + "10"],
                SponsorCode = sponsorCode,
                AutoApprove = true,
            }
        );
        return result.GetValueOrThrow();
    }

    /// <summary>Records a click on a partner's code by a visitor at the clock's time.</summary>
    public async Task<Click> ClickAsync(string code, string visitor, string? ip = "198.51.100.7") =>
        (
            await Clicks.RecordAsync(
                new ClickRequest
                {
                    ReferralCode = code,
                    VisitorId = visitor,
                    IpAddress = ip,
                    UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                }
            )
        ).GetValueOrThrow();

    /// <summary>Records a sale by a visitor at the clock's time.</summary>
    public Task<AffiliateResult<ConversionOutcome>> SaleAsync(
        string orderId,
        decimal amount,
        string? visitor,
        string? coupon = null,
        decimal discount = 0m,
        string currency = "EUR"
    ) =>
        Conversions
            .RecordAsync(
                new ConversionRequest
                {
                    Facts = new Affiliate.ConversionFacts
                    {
                        Id = new ConversionId(orderId),
                        OccurredAt = Clock.Now,
                        Amount = Money.Of(amount, currency),
                        OrderDiscount = discount == 0m ? null : Money.Of(discount, currency),
                        CouponCode = coupon,
                    },
                    VisitorId = visitor,
                }
            )
            .AsTask();

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
