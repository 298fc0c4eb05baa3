using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Affiliate.Tests.Paging;

/// <summary>The lists service as hosts get it: registered by AddAffiliates, misuse thrown, one key per host.</summary>
public sealed class AffiliateListsTests
{
    [Fact]
    public async Task Null_arguments_are_misuse()
    {
        var store = new InMemoryAffiliateStore();
        var cursors = new CursorProtector(new byte[32]);
        var lists = new AffiliateLists(store, cursors, NullLogger<AffiliateLists>.Instance);
        var program = new ProgramId("p");

        var logger = NullLogger<AffiliateLists>.Instance;
        Assert.Throws<ArgumentNullException>(() => new AffiliateLists(null!, cursors, logger));
        Assert.Throws<ArgumentNullException>(() => new AffiliateLists(store, null!, logger));
        Assert.Throws<ArgumentNullException>(() => new AffiliateLists(store, cursors, null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.PartnersAsync(null!, new()));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.PartnersAsync(new(), null!));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.ConversionsAsync(null!, new()));
        await Assert.ThrowsAsync<ArgumentNullException>(async () =>
            await lists.ConversionsAsync(new() { ProgramId = program }, null!)
        );
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.CommissionLinesAsync(null!, new()));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.PayoutsAsync(null!, new()));
        await Assert.ThrowsAsync<ArgumentNullException>(async () => await lists.ClicksAsync(null!, new()));
    }

    [Fact]
    public async Task A_filter_without_a_program_is_an_invalid_request()
    {
        var lists = new AffiliateLists(
            new InMemoryAffiliateStore(),
            new CursorProtector(new byte[32]),
            NullLogger<AffiliateLists>.Instance
        );

        var result = await lists.ConversionsAsync(new() { ProgramId = default }, new());

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, result.Error?.Code);
    }

    [Fact]
    public async Task AddAffiliates_registers_the_lists_and_a_cursor_from_one_scope_continues_in_another()
    {
        var services = new ServiceCollection();
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>)); // the host's logging
        services
            .AddAffiliates(o =>
            {
                o.IpHashKey = AffiliateHost.IpHashKey;
                o.Plan = AffiliateHost.PercentPlan(10m);
            })
            .UseInMemoryStores();
        services.AddAffiliates().UseInMemoryStores();
        await using var provider = services.BuildServiceProvider();
        var partners = provider.GetRequiredService<InMemoryAffiliateStore>();
        foreach (var id in new[] { "anna", "ben", "cleo" })
        {
            await partners.CreateAsync(new Partner { Id = new PartnerId(id), Name = id }, [], default);
        }

        string? cursor;
        await using (var first = provider.CreateAsyncScope())
        {
            var page = await first
                .ServiceProvider.GetRequiredService<AffiliateLists>()
                .PartnersAsync(new(), new PageRequest { Size = 2 });
            Assert.Equal(["cleo", "ben"], page.GetValueOrThrow().Items.Select(p => p.Id.Value));
            cursor = page.Value!.NextCursor;
        }

        await using var second = provider.CreateAsyncScope();
        var next = await second
            .ServiceProvider.GetRequiredService<AffiliateLists>()
            .PartnersAsync(new(), new PageRequest { Size = 2, Cursor = cursor });

        Assert.Equal(["anna"], next.GetValueOrThrow().Items.Select(p => p.Id.Value));
        Assert.Single(services, d => d.ServiceType == typeof(AffiliateLists));
        Assert.Single(services, d => d.ServiceType == typeof(CursorProtector));
        var protector = provider.GetRequiredService<CursorProtector>();
        Assert.Same(protector, second.ServiceProvider.GetRequiredService<CursorProtector>());
    }

    [Fact]
    public void Without_a_store_resolving_the_list_store_says_what_to_call()
    {
        var services = new ServiceCollection();
        services.AddAffiliates(o =>
        {
            o.IpHashKey = AffiliateHost.IpHashKey;
            o.Plan = AffiliateHost.PercentPlan(5m);
        });
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        var error = Assert.Throws<InvalidOperationException>(() =>
            scope.ServiceProvider.GetRequiredService<IListStore>()
        );

        Assert.Contains("UseEntityFrameworkCore<TContext>()", error.Message, StringComparison.Ordinal);
    }
}
