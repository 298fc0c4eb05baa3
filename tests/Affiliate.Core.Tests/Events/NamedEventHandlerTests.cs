using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Affiliate.Tests.Events;

/// <summary>Handlers that name themselves keep their own delivery state, even when they share one type.</summary>
public sealed class NamedEventHandlerTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);

    [Fact]
    public async Task Two_handlers_of_one_type_are_tracked_by_their_names_and_only_the_failed_one_is_called_again()
    {
        var store = new InMemoryAffiliateStore();
        var clock = new FakeClock(Start);
        var good = new Endpoint("endpoint:good");
        var bad = new Endpoint("endpoint:bad") { Fails = true };
        var dispatcher = new OutboxDispatcher(
            store,
            [good, bad],
            clock,
            Options.Create(new AffiliateOptions()),
            NullLogger<OutboxDispatcher>.Instance
        );
        var partner = new Partner { Id = new PartnerId("anna"), Name = "Anna" };
        var registered = new PartnerRegistered(partner.Id, PartnerStatus.Pending)
        {
            OccurredAt = Start,
            ProgramId = new ProgramId("default"),
        };
        await store.CreateAsync(partner, [registered], default);

        await dispatcher.DispatchAsync();
        var entry = Assert.Single(await store.DueAsync(Start + Duration.FromMinutes(1), 10, default));
        bad.Fails = false;
        clock.Advance(Duration.FromMinutes(1));
        var retry = await dispatcher.DispatchAsync();

        Assert.Equal(["endpoint:good"], entry.DeliveredTo);
        Assert.Equal(1, retry.Delivered);
        Assert.Equal(1, good.Calls);
        Assert.Equal(2, bad.Calls);
    }

    [Fact]
    public void A_handler_with_an_empty_name_is_tracked_by_its_type_name()
    {
        Assert.Equal("endpoint:a", OutboxDispatcher.HandlerName(new Endpoint("endpoint:a")));
        Assert.Equal(typeof(Endpoint).FullName, OutboxDispatcher.HandlerName(new Endpoint("")));
    }

    private sealed class Endpoint(string name) : INamedAffiliateEventHandler
    {
        public bool Fails { get; set; }

        public int Calls { get; private set; }

        public string HandlerName => name;

        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            Calls++;
            return Fails ? throw new InvalidOperationException("down") : ValueTask.CompletedTask;
        }
    }
}
