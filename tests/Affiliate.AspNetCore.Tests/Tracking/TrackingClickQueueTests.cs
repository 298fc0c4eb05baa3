using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>The background click queue is bounded: past its capacity a click is dropped, never waited for.</summary>
public sealed class TrackingClickQueueTests
{
    [Fact]
    public async Task A_full_queue_drops_the_new_click_and_a_stopped_one_takes_none()
    {
        var web = new AffiliateWebOptions();
        web.Tracking.ClickQueueCapacity = 2;
        using var services = new ServiceCollection().BuildServiceProvider();
        using var queue = new TrackingClickQueue(
            Options.Create(web),
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<TrackingClickQueue>.Instance
        );

        // Not started: nothing drains it, so what it holds stays.
        Assert.True(queue.TryEnqueue(Click("1")));
        Assert.True(queue.TryEnqueue(Click("2")));
        Assert.False(queue.TryEnqueue(Click("3")));
        Assert.Equal(2, queue.Pending);
        Assert.False(queue.WhenIdleAsync().IsCompleted);

        using var stopped = new TrackingClickQueue(
            Options.Create(web),
            services.GetRequiredService<IServiceScopeFactory>(),
            NullLogger<TrackingClickQueue>.Instance
        );
        await stopped.StopAsync(CancellationToken.None);
        Assert.False(stopped.TryEnqueue(Click("4")));
        Assert.Equal(0, stopped.Pending);
    }

    private static ClickRequest Click(string visitor) => new() { ReferralCode = "ANNA10", VisitorId = visitor };
}
