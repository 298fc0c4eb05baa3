using Affiliate.AspNetCore.Portal.Tests.Infrastructure;
using Affiliate.Stores.Specification;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Portal.Tests;

public sealed class PortalHostingTests
{
    [Fact]
    public async Task The_tier_card_shows_the_current_tier_and_progress_to_the_next()
    {
        await using var world = await PortalWorld.StartAsync(configure: setup =>
            setup.Affiliates = o =>
            {
                var plan = SpecData.TenPercentPlan();
                o.Plan = plan with
                {
                    Versions =
                    [
                        plan.Versions[0] with
                        {
                            PerformanceTiers = new PerformanceTierPolicy
                            {
                                Levels =
                                [
                                    new PerformanceTierLevel { Tier = new("Silver") },
                                    new PerformanceTierLevel
                                    {
                                        Tier = new("Gold"),
                                        PromoteWhen = new() { MinConversions = 4, MinRevenue = 1000m },
                                    },
                                ],
                            },
                        },
                    ],
                };
            }
        );
        await world.Host.InScopeAsync(s =>
            s.GetRequiredService<PartnerDirectory>().SetTierAsync(new PartnerId("anna"), new("Silver")).AsTask()
        );

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/plan");

        var card = page.QuerySelector("section[aria-labelledby=ap-tier]")!;
        Assert.Equal("Silver", card.QuerySelector(".ap-card-value")!.TextContent);
        Assert.Contains("Gold", card.TextContent, StringComparison.Ordinal);
        // This month (June) holds anna's 50 EUR sale: 1 of 4 conversions, 50 of 1,000 EUR revenue.
        var bars = card.QuerySelectorAll("[role=progressbar]").Select(b => b.GetAttribute("aria-valuenow"));
        Assert.Equal(["25", "5"], bars);
        var tiers = page.QuerySelector("section[aria-labelledby=ap-terms]")!.TextContent;
        Assert.Contains("at least 4 conversions", tiers, StringComparison.Ordinal);
        await PortalHost.PageAsync(world.Partner("anna"), "/partners/"); // the dashboard shows the card too
    }

    [Fact]
    public async Task A_volume_tiered_rule_shows_the_rate_of_the_next_sale_and_the_step_after_it()
    {
        await using var world = await PortalWorld.StartAsync(configure: setup =>
            setup.Affiliates = o =>
            {
                var plan = SpecData.TenPercentPlan();
                var tiers = new VolumeTiers
                {
                    Steps =
                    [
                        new VolumeTier(1m, CommissionRate.Percent(5m)),
                        new VolumeTier(3m, CommissionRate.Percent(8m)),
                    ],
                };
                o.Plan = plan with
                {
                    Versions =
                    [
                        plan.Versions[0] with
                        {
                            Rules = [new CommissionRule { Id = "volume", Tiers = tiers }],
                        },
                    ],
                };
            }
        );

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/");

        // June holds one sale of anna's (order-c): the next is the 2nd, at 5%; the 3rd and later earn 8%.
        var card = page.QuerySelector("section[aria-labelledby=ap-volume-volume]")!;
        Assert.Equal("5%", card.QuerySelector(".ap-card-value")!.TextContent);
        Assert.Contains("1 conversions this calendar month", card.TextContent, StringComparison.Ordinal);
        Assert.Contains("From conversion 3: 8%.", card.TextContent, StringComparison.Ordinal);
        Assert.Equal("50", card.QuerySelector("[role=progressbar]")!.GetAttribute("aria-valuenow"));
        var plan = await PortalHost.PageAsync(world.Partner("anna"), "/partners/plan");
        Assert.NotNull(plan.QuerySelector("section[aria-labelledby=ap-volume-volume]"));
    }

    [Fact]
    public async Task A_host_layout_wraps_the_pages_and_reads_their_title()
    {
        await using var world = await PortalWorld.StartAsync(configure: setup =>
            setup.Services += services =>
                services.Configure<PortalOptions>(o =>
                {
                    o.Layout = typeof(ShopLayout);
                    o.ProgramName = "Tea Shop Partners";
                })
        );

        var page = await PortalHost.PageAsync(world.Partner("anna"), "/partners/links");

        Assert.Equal("Links | Tea Shop", page.Title);
        Assert.NotNull(page.QuerySelector("body > header#shop-header"));
        Assert.NotNull(page.QuerySelector("body > div.affiliate-portal main h1"));
        Assert.Equal("Tea Shop Partners", page.QuerySelector(".ap-brand")!.FirstChild!.TextContent.Trim());
    }

    [Fact]
    public async Task A_layout_that_is_no_layout_component_stops_the_host_at_start()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            PortalHost.StartAsync(setup =>
                setup.Services = services => services.Configure<PortalOptions>(o => o.Layout = typeof(string))
            )
        );

        Assert.Contains("LayoutComponentBase", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mapping_the_pages_without_UsePortal_fails_at_start_saying_what_to_add()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Affiliate.AspNetCore.Tests.Infrastructure.TestHost.StartAsync(
                new() { Pipeline = app => app.MapAffiliatePortal("/partners") }
            )
        );

        Assert.Contains("UsePortal()", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_string_the_pages_show_is_in_the_english_resources()
    {
        var missing = new RecordingLocalizerFactory();
        await using var world = await PortalWorld.StartAsync(configure: setup =>
            setup.Services += services =>
                services.AddSingleton<IStringLocalizerFactory>(provider =>
                    missing.Wrap(
                        new ResourceManagerStringLocalizerFactory(
                            provider.GetRequiredService<IOptions<LocalizationOptions>>(),
                            provider.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()
                        )
                    )
                )
        );
        await world.SaleAsync("ANNA", "visitor-fast", "order-fast", 80m, null, fast: true);

        foreach (var url in new[] { "/partners/", "/partners/links", "/partners/conversions", "/partners/payouts" })
        {
            await PortalHost.PageAsync(world.Partner("anna"), url);
        }

        await PortalHost.PageAsync(world.Partner("anna"), "/partners/conversions/order-a");
        await PortalHost.PageAsync(world.Partner("anna"), "/partners/plan");
        await PortalHost.PageAsync(world.Partner("newbie"), "/partners/apply");
        foreach (var url in new[] { "", "partners", "partners/anna", "plans", "reviews", "payouts" })
        {
            await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/" + url);
        }

        Assert.True(missing.Asked > 100, $"only {missing.Asked} strings were asked for");
        Assert.True(missing.Missing.Count == 0, string.Join(" | ", missing.Missing));
    }

    [Fact]
    public async Task A_user_the_resolver_maps_to_no_partner_id_is_told_rather_than_offered_a_form()
    {
        await using var world = await PortalWorld.StartAsync();

        var page = await PortalHost.PageAsync(world.Admin(), "/partners/apply");

        Assert.Null(page.QuerySelector("form[action='/partners/apply']"));
        Assert.Contains(
            "not linked to a partner id",
            page.QuerySelector("main")!.TextContent,
            StringComparison.Ordinal
        );
    }

    [Fact]
    public async Task A_tampered_cursor_shows_the_reason_on_the_page_rather_than_an_error()
    {
        await using var world = await PortalWorld.StartAsync();

        foreach (var url in new[] { "/partners/conversions", "/partners/links", "/partners/payouts" })
        {
            var page = await PortalHost.PageAsync(world.Partner("anna"), url + "?cursor=not-a-cursor");
            Assert.Equal("invalid_cursor", page.QuerySelector(".ap-error code")?.TextContent);
        }

        var admin = await PortalHost.PageAsync(world.Admin(), "/affiliate-admin/partners?cursor=forged");
        Assert.Equal("invalid_cursor", admin.QuerySelector(".ap-error code")?.TextContent);
    }

    /// <summary>A host's layout: its own header around the page, the page's title in the document's.</summary>
    public sealed class ShopLayout : LayoutComponentBase
    {
        /// <summary>The page's title.</summary>
        [CascadingParameter]
        public PortalPageInfo? Info { get; set; }

        /// <inheritdoc />
        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.AddMarkupContent(0, "<!DOCTYPE html>");
            builder.OpenElement(1, "html");
            builder.OpenElement(2, "head");
            builder.OpenElement(3, "title");
            builder.AddContent(4, $"{Info?.Title} | Tea Shop");
            builder.CloseElement();
            builder.CloseElement();
            builder.OpenElement(5, "body");
            builder.AddMarkupContent(6, "<header id=\"shop-header\">Tea Shop</header>");
            builder.AddContent(7, Body);
            builder.CloseElement();
            builder.CloseElement();
        }
    }

    /// <summary>Wraps the real localizers and records every string a page asks for that has no resource.</summary>
    private sealed class RecordingLocalizerFactory
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _missing = new();
        private int _asked;

        public int Asked => _asked;

        public IReadOnlyCollection<string> Missing => _missing.Keys.ToArray();

        public IStringLocalizerFactory Wrap(IStringLocalizerFactory inner) => new Factory(inner, this);

        private void Record(LocalizedString value)
        {
            Interlocked.Increment(ref _asked);
            if (value.ResourceNotFound)
            {
                _missing[value.Name] = true;
            }
        }

        private sealed class Factory(IStringLocalizerFactory inner, RecordingLocalizerFactory owner)
            : IStringLocalizerFactory
        {
            public IStringLocalizer Create(Type resourceSource) => new Localizer(inner.Create(resourceSource), owner);

            public IStringLocalizer Create(string baseName, string location) =>
                new Localizer(inner.Create(baseName, location), owner);
        }

        private sealed class Localizer(IStringLocalizer inner, RecordingLocalizerFactory owner) : IStringLocalizer
        {
            public LocalizedString this[string name] => Seen(inner[name]);

            public LocalizedString this[string name, params object[] arguments] => Seen(inner[name, arguments]);

            public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) =>
                inner.GetAllStrings(includeParentCultures);

            private LocalizedString Seen(LocalizedString value)
            {
                owner.Record(value);
                return value;
            }
        }
    }
}
