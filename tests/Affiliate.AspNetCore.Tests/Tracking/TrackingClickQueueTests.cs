using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>
/// The background click queue is bounded: past its capacity a referral request waits a bounded time for room
/// (back-pressure), then its click is dropped; a stopped queue takes none.
/// </summary>
public sealed class TrackingClickQueueTests
{
    [Fact]
    public async Task A_full_queue_drops_the_new_click_at_once_when_asked_not_to_wait_and_a_stopped_one_takes_none()
    {
        var web = new AffiliateWebOptions();
        web.Tracking.ClickQueueCapacity = 2;
        using var services = new ServiceCollection().BuildServiceProvider();
        using var queue = Queue(web, services, new FakeTimeProvider());

        // Not started: nothing drains it, so what it holds stays.
        Assert.True(queue.TryEnqueue(Click("1")));
        Assert.True(queue.TryEnqueue(Click("2")));
        Assert.False(queue.TryEnqueue(Click("3")));
        Assert.Equal(2, queue.Pending);
        Assert.False(queue.WhenIdleAsync().IsCompleted);

        using var stopped = Queue(web, services, new FakeTimeProvider());
        await stopped.StopAsync(CancellationToken.None);
        Assert.False(stopped.TryEnqueue(Click("4")));
        Assert.False(await stopped.EnqueueAsync(Click("5")));
        Assert.Equal(0, stopped.Pending);
    }

    [Fact]
    public async Task A_full_queue_holds_the_request_for_the_wait_and_then_drops_its_click()
    {
        var web = new AffiliateWebOptions();
        web.Tracking.ClickQueueCapacity = 1;
        web.Tracking.ClickQueueWait = TimeSpan.FromSeconds(2);
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().BuildServiceProvider();
        using var queue = Queue(web, services, time);
        Assert.True(await queue.EnqueueAsync(Click("1")));

        var waiting = queue.EnqueueAsync(Click("2")).AsTask();
        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(waiting.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));

        Assert.False(await waiting);
        Assert.Equal(1, queue.Pending);
        Assert.Equal(1, queue.Dropped);
    }

    [Fact]
    public async Task A_waiting_request_gets_in_as_soon_as_the_queue_has_room()
    {
        var web = new AffiliateWebOptions();
        web.Tracking.ClickQueueCapacity = 1;
        var time = new FakeTimeProvider();
        using var services = new ServiceCollection().BuildServiceProvider();
        using var queue = Queue(web, services, time);
        Assert.True(await queue.EnqueueAsync(Click("1")));
        var waiting = queue.EnqueueAsync(Click("2")).AsTask();
        Assert.False(waiting.IsCompleted);

        // The recorder takes the first click (this container has no tracker: the batch fails and is logged, which
        // frees its place all the same); the fake clock never moves, so only room can end the wait.
        await queue.StartAsync(CancellationToken.None);

        Assert.True(await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        await queue.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, queue.Pending);
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Concurrent_referral_visits_through_a_queue_of_one_place_all_get_their_click_stored()
    {
        // Back-pressure instead of loss: 40 visits at once against one place, each one recorded.
        var host = await TrackingHost.StartAsync(web =>
        {
            web.Tracking.ClickQueueCapacity = 1;
            // Long enough for a loaded machine; the visits are answered as fast as the clicks are recorded.
            web.Tracking.ClickQueueWait = TimeSpan.FromSeconds(60);
        });
        await using (host)
        {
            using var client = host.BrowserClient();
            var responses = await Task.WhenAll(
                Enumerable
                    .Range(0, 40)
                    .Select(i => client.GetAsync(new Uri($"/?ref=ANNA10&sub1=v{i}", UriKind.Relative)))
            );

            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode));
            Assert.All(responses, r => Assert.NotNull(r.SetCookie("aff_attr")));
            var clicks = await host.ClicksAsync();
            Assert.Equal(
                Enumerable.Range(0, 40).Select(i => $"v{i}").Order(StringComparer.Ordinal),
                clicks.Select(c => c.SubIds[0]).Order(StringComparer.Ordinal)
            );
        }
    }

    private static TrackingClickQueue Queue(AffiliateWebOptions web, ServiceProvider services, TimeProvider time) =>
        new(
            Options.Create(web),
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<TrackingClickQueue>.Instance,
            time
        );

    private static ClickRequest Click(string visitor) => new() { ReferralCode = "ANNA10", VisitorId = visitor };
}
