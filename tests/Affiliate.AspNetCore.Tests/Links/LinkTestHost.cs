using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Links;

/// <summary>A test host with the links mapped, partners anna (ANNA) and bob (BOB), and reads of the stores.</summary>
internal static class LinkTestHost
{
    /// <summary>The default page the tests configure, so that landing there is unmistakable.</summary>
    public const string DefaultPage = "https://shop.example/welcome";

    public static async Task<TestHost> StartAsync(Action<AffiliateWebOptions>? web = null, string? postgres = null)
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                PostgresConnectionString = postgres,

                // One insert per click; ClicksAsync still waits for the tracking queue to hand them over.
                BulkClicks = false,
                Web = options =>
                {
                    options.Links.DefaultDestination = DefaultPage;
                    options.Links.AllowedHosts.Add("partner-shop.example");
                    options.Links.AllowedHosts.Add("*.cdn.example");
                    web?.Invoke(options);
                },
                Pipeline = app =>
                {
                    app.MapAffiliateLinks();
                    app.MapAffiliatePartnerLinks();
                },
            }
        );
        await host.AddPartnerAsync("anna", "ANNA");
        await host.AddPartnerAsync("bob", "BOB");

        // Visitors come with a browser's user agent: the tracking counts no visit without one (a bot).
        host.Client.DefaultRequestHeaders.UserAgent.ParseAdd(Tracking.TrackingHost.Browser);
        return host;
    }

    public static Task<PartnerLink> CreateLinkAsync(this TestHost host, PartnerLinkRequest request) =>
        host.InScopeAsync(async services =>
            (await services.GetRequiredService<PartnerLinks>().CreateAsync(request)).GetValueOrThrow()
        );

    public static async Task<IReadOnlyList<Click>> ClicksAsync(this TestHost host)
    {
        await host.FlushClicksAsync();
        return await host.InScopeAsync(async services =>
            (
                await services
                    .GetRequiredService<AffiliateLists>()
                    .ClicksAsync(new ClickListFilter { ProgramId = new ProgramId("default") }, new PageRequest())
            )
                .GetValueOrThrow()
                .Items
        );
    }

    public static Task<PartnerLink?> FindLinkAsync(this TestHost host, string partner, string id) =>
        host.InScopeAsync(async services =>
            (await services.GetRequiredService<PartnerLinks>().FindAsync(new PartnerId(partner), id)).Value
        );

    public static Task<IReadOnlyList<PartnerLink>> LinksOfAsync(this TestHost host, string partner) =>
        host.InScopeAsync(async services =>
            (
                await services
                    .GetRequiredService<PartnerLinks>()
                    .ListAsync(new PartnerId(partner), new PageRequest { Size = PageRequest.MaxSize })
            )
                .GetValueOrThrow()
                .Items
        );
}
