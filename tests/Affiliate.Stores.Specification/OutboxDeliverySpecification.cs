using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static Affiliate.Stores.Specification.SpecData;

namespace Affiliate.Stores.Specification;

/// <summary>
/// What every <see cref="IOutboxStore"/> must do for retries: each event keeps its own delivery state (attempts, next
/// attempt, handlers reached, last error, failed); the due list is ordered by next attempt then by writing; failed
/// events are listed and can be put back. Then the same through <see cref="OutboxDispatcher"/> over the store: a
/// handler failing on one event holds back neither later events nor the other handlers, retries back off, and a
/// failed event is listed with its error and retried.
/// </summary>
public abstract class OutboxDeliverySpecification : StoreSpecification
{
    [Fact]
    public async Task A_failed_attempt_is_recorded_per_event_and_the_event_waits_for_its_next_attempt()
    {
        var events = OneOfEachEvent().Take(3).ToArray();
        await WriteAsync(new LedgerChange { Events = events });

        var fresh = await Stores.Outbox.DueAsync(At(0), 10, None);
        Assert.Equal(events.Select(e => e.EventId), fresh.Select(e => e.Event.EventId));
        Assert.All(fresh, e =>
            Assert.Equal((0, 0, null, null), (e.Attempts, e.DeliveredTo.Count, e.LastError, e.FailedAt))
        );
        Assert.Equal(events.Take(2).Select(e => e.EventId), await DueIdsAsync(At(0), 2));

        OutboxFailure failure = new(events[0].EventId, 1, At(10), ["Shop.Crm"], "Shop.Mail: down", null);
        await Stores.Outbox.RecordFailuresAsync([failure], None);

        Assert.Equal(events.Skip(1).Select(e => e.EventId), await DueIdsAsync(At(9), 10));
        var due = await Stores.Outbox.DueAsync(At(10), 10, None);
        Assert.Equal([events[1].EventId, events[2].EventId, events[0].EventId], due.Select(e => e.Event.EventId));
        var retried = due[2];
        Assert.Equal(
            (1, At(10), "Shop.Mail: down", (Instant?)null),
            (retried.Attempts, retried.NextAttemptAt, retried.LastError, retried.FailedAt)
        );
        Assert.Equal(["Shop.Crm"], retried.DeliveredTo);
        SpecAssert.Equivalent(events[0], retried.Event);
        Assert.Empty(await Stores.Outbox.FailedAsync(10, None));
    }

    [Fact]
    public async Task A_failed_event_is_listed_until_it_is_put_back_and_dispatched_events_are_left_alone()
    {
        var events = OneOfEachEvent().Take(3).ToArray();
        await WriteAsync(new LedgerChange { Events = events });
        await Stores.Outbox.MarkDispatchedAsync([events[1].EventId], At(1), None);

        await Stores.Outbox.RecordFailuresAsync(
            [
                new OutboxFailure(
                    events[2].EventId,
                    5,
                    At(20),
                    ["Shop.Crm", "Shop.Hook"],
                    "Shop.Mail: still down",
                    At(20)
                ),
                new OutboxFailure(events[0].EventId, 5, At(20), [], "Shop.Mail: gone", At(20)),
                new OutboxFailure(events[1].EventId, 1, At(30), [], "dispatched already", null), // left as it is
            ],
            None
        );

        Assert.Empty(await Stores.Outbox.DueAsync(At(1000), 10, None));
        var failed = await Stores.Outbox.FailedAsync(10, None);
        Assert.Equal([events[0].EventId, events[2].EventId], failed.Select(f => f.Event.EventId)); // oldest first
        Assert.Equal(
            (5, "Shop.Mail: still down", (Instant?)At(20)),
            (failed[1].Attempts, failed[1].LastError, failed[1].FailedAt)
        );
        Assert.Equal(["Shop.Crm", "Shop.Hook"], failed[1].DeliveredTo);
        Assert.Single(await Stores.Outbox.FailedAsync(1, None));

        // Only failed ids are put back: a dispatched one and an unknown one are ignored.
        Guid[] retry = [events[2].EventId, events[1].EventId, NextEventId()];
        Assert.Equal(1, await Stores.Outbox.RetryFailedAsync(retry, At(40), None));
        Assert.Equal([events[0].EventId], (await Stores.Outbox.FailedAsync(10, None)).Select(f => f.Event.EventId));
        Assert.Empty(await Stores.Outbox.DueAsync(At(39), 10, None));
        var back = Assert.Single(await Stores.Outbox.DueAsync(At(40), 10, None));
        Assert.Equal((events[2].EventId, 0, (Instant?)null), (back.Event.EventId, back.Attempts, back.FailedAt));
        Assert.Equal(["Shop.Crm", "Shop.Hook"], back.DeliveredTo);
        Assert.Equal(0, await Stores.Outbox.RetryFailedAsync([events[2].EventId], At(41), None));

        await Stores.Outbox.MarkDispatchedAsync([events[2].EventId, events[0].EventId], At(50), None);
        Assert.Empty(await Stores.Outbox.DueAsync(At(1000), 10, None));
        Assert.Empty(await Stores.Outbox.FailedAsync(10, None));
        Assert.Empty(await Stores.Outbox.PendingAsync(10, None));
    }

    [Fact]
    public async Task A_poison_event_for_one_handler_holds_back_neither_later_events_nor_the_other_handler()
    {
        var events = OneOfEachEvent().Take(4).ToArray();
        await WriteAsync(new LedgerChange { Events = events });
        var poison = events[1].EventId;
        var picky = new Handler(e => e.EventId == poison);
        var steady = new SteadyHandler();
        var (dispatcher, clock) = Dispatcher(picky, steady);

        var run = await dispatcher.DispatchAsync(10);

        Assert.Equal(new OutboxRun(false, 3, 1, 0), run);
        Assert.Equal(events.Select(e => e.EventId), steady.Seen);
        Assert.Equal(events.Where(e => e.EventId != poison).Select(e => e.EventId), picky.Handled);
        var waiting = Assert.Single(await Stores.Outbox.PendingAsync(10, None));
        Assert.Equal(poison, waiting.EventId);

        // The retry calls only the handler that failed, once its time has come.
        clock.Now += Duration.FromSeconds(30);
        picky.Fails = _ => false;
        Assert.Equal(new OutboxRun(false, 1, 0, 0), await dispatcher.DispatchAsync(10));
        Assert.Equal(events.Select(e => e.EventId), steady.Seen);
        Assert.Equal(poison, picky.Handled[^1]);
        Assert.Empty(await Stores.Outbox.PendingAsync(10, None));
    }

    [Fact]
    public async Task Retries_back_off_then_the_event_is_marked_failed_listed_with_its_error_and_can_be_retried()
    {
        var events = OneOfEachEvent().Take(2).ToArray();
        await WriteAsync(new LedgerChange { Events = [events[0]] });
        var failing = new Handler(_ => true);
        var (dispatcher, clock) = Dispatcher(failing);
        var start = clock.Now;

        // Attempts at 0, +30 s, +90 s (30 + 60), +210 s (+120): the fourth is the last allowed.
        var attemptsAt = new List<Duration>();
        for (var second = 0; second <= 300; second++)
        {
            clock.Now = start + Duration.FromSeconds(second);
            var run = await dispatcher.DispatchAsync(10);
            if (run.Attempted > 0)
            {
                attemptsAt.Add(clock.Now - start);
            }
        }

        Assert.Equal([0, 30, 90, 210], attemptsAt.Select(a => (int)a.TotalSeconds));
        var failed = Assert.Single(await dispatcher.FailedAsync());
        Assert.Equal(
            (events[0].EventId, 4, (Instant?)(start + Duration.FromSeconds(210))),
            (failed.Event.EventId, failed.Attempts, failed.FailedAt)
        );
        Assert.StartsWith(
            OutboxDispatcher.HandlerName(failing) + ": InvalidOperationException: handler down",
            failed.LastError,
            StringComparison.Ordinal
        );
        Assert.Equal(200, failed.LastError!.Length); // truncated to MaxErrorLength

        // Events written later are not held back by the failed one.
        await WriteAsync(new LedgerChange { Events = [events[1]] });
        failing.Fails = _ => false;
        Assert.Equal(new OutboxRun(false, 1, 0, 0), await dispatcher.DispatchAsync(10));

        Assert.Equal(1, await dispatcher.RetryFailedAsync([events[0].EventId]));
        Assert.Equal(new OutboxRun(false, 1, 0, 0), await dispatcher.DispatchAsync(10));
        Assert.Empty(await dispatcher.FailedAsync());
        Assert.Empty(await Stores.Outbox.PendingAsync(10, None));
    }

    private (OutboxDispatcher Dispatcher, Clock Clock) Dispatcher(params IAffiliateEventHandler[] handlers)
    {
        var clock = new Clock { Now = T0 };
        var options = new AffiliateOptions();
        options.Outbox.MaxAttempts = 4;
        options.Outbox.FirstRetryDelay = Duration.FromSeconds(30);
        options.Outbox.MaxRetryDelay = Duration.FromMinutes(10);
        options.Outbox.MaxErrorLength = 200;
        var logger = NullLogger<OutboxDispatcher>.Instance;
        return (new OutboxDispatcher(Stores.Outbox, handlers, clock, Options.Create(options), logger), clock);
    }

    private async Task<IEnumerable<Guid>> DueIdsAsync(Instant now, int max) =>
        (await Stores.Outbox.DueAsync(now, max, None)).Select(e => e.Event.EventId);

    private sealed class Clock : IClock
    {
        public Instant Now { get; set; }

        public Instant GetCurrentInstant() => Now;
    }

    /// <summary>Fails on the events <see cref="Fails"/> picks (with a long message), handles the others.</summary>
    private sealed class Handler(Func<AffiliateEvent, bool> fails) : IAffiliateEventHandler
    {
        public Func<AffiliateEvent, bool> Fails { get; set; } = fails;

        public List<Guid> Handled { get; } = [];

        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            if (Fails(affiliateEvent))
            {
                throw new InvalidOperationException("handler down: " + new string('x', 500));
            }

            Handled.Add(affiliateEvent.EventId);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class SteadyHandler : IAffiliateEventHandler
    {
        public List<Guid> Seen { get; } = [];

        public ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
        {
            Seen.Add(affiliateEvent.EventId);
            return ValueTask.CompletedTask;
        }
    }
}
