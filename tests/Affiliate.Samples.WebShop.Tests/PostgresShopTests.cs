using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Affiliate.Samples.WebShop.Demo;
using Affiliate.Samples.WebShop.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Samples.WebShop.Tests;

/// <summary>The shop on PostgreSQL, chosen by a <c>Host=</c> connection string alone.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresShopTests(PostgresServer server)
{
    [PostgresFact]
    public async Task On_postgresql_the_shop_seeds_the_demo_and_credits_a_referred_sale()
    {
        await using var shop = new ShopFactory { PostgresConnectionString = await server.CreateDatabaseAsync() };
        await shop.InitializeAsync();
        var visitor = shop.NewClient();
        await visitor.GetAsync("/products/glass-dripper?ref=BREWLOG");
        await shop.FlushClicksAsync();
        shop.Clock.Advance(TimeSpan.FromMinutes(5));

        var orderId = await visitor.BuyAsync("glass-dripper");

        var partners = await shop.InScopeAsync(async services =>
        {
            var directory = services.GetRequiredService<PartnerDirectory>();
            var found = 0;
            foreach (var demo in DemoPartners.All)
            {
                found += await directory.FindAsync(new PartnerId(demo.Id)) is null ? 0 : 1;
            }

            return found;
        });
        Assert.Equal(DemoPartners.All.Count, partners);
        var history = await shop.HistoryAsync(orderId);
        // Three levels: Brew Log, their sponsor Brew Brothers, and theirs, The Kitchen Lab.
        Assert.Equal(
            ["brewlog", "brewbros", "kitchenlab"],
            history.Lines.OrderBy(l => l.Level).Select(l => l.PartnerId.Value).ToArray()
        );
    }
}
