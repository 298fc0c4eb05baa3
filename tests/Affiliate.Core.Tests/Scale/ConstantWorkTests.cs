using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Affiliate.Tests.Scale;

/// <summary>
/// What the click and conversion paths ask the stores: bounded lookups on a visitor's, an IP's or a customer's own
/// index and the hourly counters, never a scan of the program's clicks or conversions, and nothing a disabled rule
/// does not need. (How fast that is at 10x the data is the benchmarks' job; these tests pin the shape of the work.)
/// </summary>
public sealed class ConstantWorkTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 2, 12, 0);

    [Fact]
    public async Task A_click_counts_each_source_no_further_than_its_limit()
    {
        var (host, touches, _) = Host(_ => { });
        using (host)
        {
            await host.PartnerAsync("anna");
            touches.Calls.Clear();

            await host.ClickAsync("ANNA10", "v1", ip: "203.0.113.7");

            // One round trip for both velocity rules, each count bounded by its rule's limit.
            var call = Assert.Single(touches.Of(nameof(ITouchStore.CountClicksUpToAsync)));
            var limits = ((IReadOnlyList<ClickLimit>)call[0]!).Select(l => l.Limit).Order().ToArray();
            Assert.Equal([10, 20], limits);
            Assert.Empty(touches.Of(nameof(ITouchStore.CountClicksAsync)));
            Assert.Empty(touches.Of(nameof(ITouchStore.QueryClicksAsync)));
        }
    }

    [Fact]
    public async Task A_click_runs_no_count_for_velocity_rules_that_are_off()
    {
        var (host, touches, _) = Host(o =>
        {
            o.Fraud.IpVelocity.Enabled = false;
            o.Fraud.VisitorVelocity.Enabled = false;
        });
        using (host)
        {
            await host.PartnerAsync("anna");
            touches.Calls.Clear();

            Assert.True(
                (
                    await host.Clicks.RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = "ANNA10",
                            VisitorId = "v1",
                            IpAddress = "203.0.113.7",
                        }
                    )
                ).Succeeded
            );

            Assert.Empty(touches.Of(nameof(ITouchStore.CountClicksUpToAsync)));
            Assert.Empty(touches.Of(nameof(ITouchStore.CountClicksAsync)));
            Assert.Single(touches.Of(nameof(ITouchStore.AddClickAsync)));
        }
    }

    [Fact]
    public async Task A_referral_code_is_looked_up_once_per_cache_period_not_once_per_click()
    {
        var (host, _, _, partners) = HostWithPartners(_ => { });
        using (host)
        {
            await host.PartnerAsync("anna");
            partners.Calls.Clear();

            for (var i = 0; i < 5; i++)
            {
                await host.ClickAsync("ANNA10", $"v{i}");
            }

            Assert.Single(partners.Of(nameof(IPartnerStore.FindByReferralCodeAsync)));

            host.Clock.Advance(Duration.FromMinutes(1));
            await host.ClickAsync("anna10", "v-later");
            Assert.Equal(2, partners.Of(nameof(IPartnerStore.FindByReferralCodeAsync)).Count());
        }
    }

    [Fact]
    public async Task A_partner_suspended_through_the_directory_stops_tracking_at_once_despite_the_cache()
    {
        var (host, _, _, _) = HostWithPartners(_ => { });
        using (host)
        {
            var anna = await host.PartnerAsync("anna");
            await host.ClickAsync("ANNA10", "v1");

            var directory = host.Services.GetRequiredService<Affiliate.PartnerDirectory>();
            var suspended = await directory.ChangeStatusAsync(anna.Id, Affiliate.PartnerStatus.Suspended, "test");
            Assert.True(suspended.Succeeded);

            var refused = await host.Clicks.RecordAsync(new ClickRequest { ReferralCode = "ANNA10", VisitorId = "v2" });
            Assert.Equal(AffiliateErrorCodes.PartnerNotActive, refused.Error?.Code);
        }
    }

    [Fact]
    public async Task A_cache_duration_of_zero_looks_every_click_up()
    {
        var (host, _, _, partners) = HostWithPartners(o => o.ReferralCodeCacheDuration = Duration.Zero);
        using (host)
        {
            await host.PartnerAsync("anna");
            partners.Calls.Clear();

            await host.ClickAsync("ANNA10", "v1");
            await host.ClickAsync("ANNA10", "v2");

            Assert.Equal(2, partners.Of(nameof(IPartnerStore.FindByReferralCodeAsync)).Count());
        }
    }

    [Fact]
    public async Task Recording_a_sale_reads_no_rows_of_the_whole_program_however_many_there_are()
    {
        var (host, touches, conversions) = Host(_ => { });
        using (host)
        {
            await host.PartnerAsync("anna");
            await host.PartnerAsync("ben");
            for (var i = 0; i < 30; i++)
            {
                await host.ClickAsync(i % 2 == 0 ? "ANNA10" : "BEN10", $"earlier-{i}");
                await host.SaleAsync($"earlier-{i}", 20m + i, $"earlier-{i}");
                host.Clock.Advance(Duration.FromMinutes(7));
            }

            await host.ClickAsync("ANNA10", "v1");
            host.Clock.Advance(Duration.FromMinutes(5));
            touches.Calls.Clear();
            conversions.Calls.Clear();

            var result = await host.Conversions.RecordAsync(
                new ConversionRequest
                {
                    Facts = ConversionFacts.Sale(new ConversionId("o-1"), host.Clock.Now, Money.Of(80m, "EUR")),
                    VisitorId = "v1",
                    CustomerId = new CustomerId("c-1"),
                }
            );

            Assert.Equal(ConversionStatus.Attributed, result.GetValueOrThrow().Conversion.Status);

            // Conversions are read only by the customer's own index (duplicate orders); clicks only by the visitor's.
            Assert.All(conversions.Of(nameof(IConversionStore.QueryAsync)), a =>
                Assert.NotNull(((ConversionQuery)a[0]!).CustomerId)
            );
            Assert.All(touches.Of(nameof(ITouchStore.CountClicksAsync)), a =>
                Assert.NotNull(((ClickQuery)a[0]!).VisitorId)
            );
            Assert.Empty(touches.Of(nameof(ITouchStore.QueryClicksAsync)));
            Assert.Single(touches.Of(nameof(ITouchStore.FindClicksByVisitorAsync)));
        }
    }

    private static (
        AffiliateHost Host,
        RecordingProxy<ITouchStore> Touches,
        RecordingProxy<IConversionStore> Conversions
    ) Host(Action<AffiliateOptions> configure)
    {
        var (host, touches, conversions, _) = HostWithPartners(configure);
        return (host, touches, conversions);
    }

    private static (
        AffiliateHost Host,
        RecordingProxy<ITouchStore> Touches,
        RecordingProxy<IConversionStore> Conversions,
        RecordingProxy<IPartnerStore> Partners
    ) HostWithPartners(Action<AffiliateOptions> configure)
    {
        RecordingProxy<ITouchStore>? touches = null;
        RecordingProxy<IConversionStore>? conversions = null;
        RecordingProxy<IPartnerStore>? partners = null;
        var host = new AffiliateHost(
            Start,
            o =>
            {
                o.Plan = AffiliateHost.PercentPlan(10m);
                o.Fraud.ClickToConversion.Enabled = false;
                configure(o);
            },
            b =>
            {
                b.Services.RemoveAll<ITouchStore>();
                b.Services.RemoveAll<IConversionStore>();
                b.Services.RemoveAll<IPartnerStore>();
                b.Services.AddSingleton(sp =>
                {
                    var (proxy, recorder) = RecordingProxy.For<IPartnerStore>(
                        sp.GetRequiredService<InMemoryAffiliateStore>()
                    );
                    partners = recorder;
                    return proxy;
                });
                b.Services.AddSingleton(sp =>
                {
                    var (proxy, recorder) = RecordingProxy.For<ITouchStore>(
                        sp.GetRequiredService<InMemoryAffiliateStore>()
                    );
                    touches = recorder;
                    return proxy;
                });
                b.Services.AddSingleton(sp =>
                {
                    var (proxy, recorder) = RecordingProxy.For<IConversionStore>(
                        sp.GetRequiredService<InMemoryAffiliateStore>()
                    );
                    conversions = recorder;
                    return proxy;
                });
            }
        );
        _ = host.Services.GetRequiredService<ITouchStore>();
        _ = host.Services.GetRequiredService<IConversionStore>();
        _ = host.Services.GetRequiredService<IPartnerStore>();
        return (host, touches!, conversions!, partners!);
    }
}
