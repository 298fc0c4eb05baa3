namespace Affiliate.Stores.Specification;

/// <summary>
/// The webhook inbox (<see cref="IWebhookInboxStore"/>): unique by source and event id, the body kept byte for byte,
/// state changes guarded by the version, and the retry lists in the order received. The store under test implements
/// it on the same object as its conversion store.
/// </summary>
public abstract partial class InboxStoreSpecification : StoreSpecification
{
    private static readonly byte[] OddBody = [0x7B, 0x00, 0xFF, 0xC3, 0x28, 0x7D];

    private static IWebhookInboxStore Inbox(StoreUnderTest stores) =>
        stores.Conversions as IWebhookInboxStore
        ?? throw new InvalidOperationException("The conversion store does not implement IWebhookInboxStore.");

    private static InboxEvent NewEvent(string eventId, int minutes, string source = "stripe") =>
        new()
        {
            Source = source,
            EventId = eventId,
            Topic = "checkout.session.completed",
            ReceivedAt = SpecData.Precise(minutes),
            Body = OddBody,
        };

    [Fact]
    public async Task An_event_is_stored_once_per_source_and_event_id_with_its_body_byte_for_byte()
    {
        var inbox = Inbox(Stores);

        var first = await inbox.AddInboxEventAsync(NewEvent("evt_1", 0), None);
        var again = await inbox.AddInboxEventAsync(NewEvent("evt_1", 5) with { Body = [1, 2, 3] }, None);
        var otherSource = await inbox.AddInboxEventAsync(NewEvent("evt_1", 0, "shopify"), None);

        Assert.Equal(StoreWriteStatus.Written, first.Status);
        Assert.Equal(StoreWriteStatus.Duplicate, again.Status);
        Assert.Equal(StoreWriteStatus.Written, otherSource.Status);
        var stored = await inbox.FindInboxEventAsync("stripe", "evt_1", None);
        Assert.NotNull(stored);
        Assert.Equal(OddBody, stored.Body);
        Assert.Equal(SpecData.Precise(0), stored.ReceivedAt);
        Assert.Equal("checkout.session.completed", stored.Topic);
        Assert.Equal(InboxEventState.Received, stored.State);
        Assert.Equal(1, stored.Version);
        Assert.Null(await inbox.FindInboxEventAsync("stripe", "evt_2", None));
    }

    [Fact]
    public async Task A_state_change_needs_the_version_it_was_read_with()
    {
        var inbox = Inbox(Stores);
        await inbox.AddInboxEventAsync(NewEvent("evt_1", 0), None);
        var waiting = NewEvent("evt_1", 0) with
        {
            State = InboxEventState.Waiting,
            Attempts = 1,
            LastError = "order not recorded",
            WaitingFor = "pi_1",
        };

        var written = await inbox.UpdateInboxEventAsync(SpecData.Expect(waiting, 1), None);
        var stale = await inbox.UpdateInboxEventAsync(
            SpecData.Expect(waiting with { State = InboxEventState.Failed }, 1),
            None
        );

        Assert.Equal(StoreWriteStatus.Written, written.Status);
        Assert.Equal(StoreWriteStatus.Conflict, stale.Status);
        var stored = await inbox.FindInboxEventAsync("stripe", "evt_1", None);
        Assert.NotNull(stored);
        Assert.Equal(InboxEventState.Waiting, stored.State);
        Assert.Equal(1, stored.Attempts);
        Assert.Equal("order not recorded", stored.LastError);
        Assert.Equal("pi_1", stored.WaitingFor);
        Assert.Equal(2, stored.Version);
        Assert.Equal(OddBody, stored.Body);

        var done = stored with { State = InboxEventState.Processed, WaitingFor = null, ProcessedAt = SpecData.At(3) };
        Assert.Equal(
            StoreWriteStatus.Written,
            (await inbox.UpdateInboxEventAsync(SpecData.Expect(done, 2), None)).Status
        );
        var processed = await inbox.FindInboxEventAsync("stripe", "evt_1", None);
        Assert.Equal(InboxEventState.Processed, processed!.State);
        Assert.Equal(SpecData.At(3), processed.ProcessedAt);
        Assert.Null(processed.WaitingFor);
    }

    [Fact]
    public async Task An_unknown_event_cannot_be_updated()
    {
        var result = await Inbox(Stores).UpdateInboxEventAsync(SpecData.Expect(NewEvent("nope", 0), 1), None);

        Assert.Equal(StoreWriteStatus.Conflict, result.Status);
        Assert.Null(await Inbox(Stores).FindInboxEventAsync("stripe", "nope", None));
    }

    [Fact]
    public async Task Events_are_listed_by_state_oldest_first_and_by_the_conversion_they_wait_for()
    {
        var inbox = Inbox(Stores);
        await inbox.AddInboxEventAsync(NewEvent("evt_c", 2), None);
        await inbox.AddInboxEventAsync(NewEvent("evt_a", 1), None);
        await inbox.AddInboxEventAsync(NewEvent("evt_b", 1), None);
        await inbox.AddInboxEventAsync(NewEvent("evt_w1", 3), None);
        await inbox.AddInboxEventAsync(NewEvent("evt_w2", 4), None);
        await WaitAsync(inbox, "evt_w1", "pi_1");
        await WaitAsync(inbox, "evt_w2", "pi_2");

        var received = await inbox.ListInboxEventsAsync(InboxEventState.Received, null, 10, None);
        var firstTwo = await inbox.ListInboxEventsAsync(InboxEventState.Received, null, 2, None);
        var waiting = await inbox.ListInboxEventsAsync(InboxEventState.Waiting, null, 10, None);
        var forOne = await inbox.ListInboxEventsAsync(InboxEventState.Waiting, "pi_2", 10, None);
        var failed = await inbox.ListInboxEventsAsync(InboxEventState.Failed, null, 10, None);

        Assert.Equal(["evt_a", "evt_b", "evt_c"], received.Select(e => e.EventId));
        Assert.Equal(["evt_a", "evt_b"], firstTwo.Select(e => e.EventId));
        Assert.Equal(["evt_w1", "evt_w2"], waiting.Select(e => e.EventId));
        Assert.Equal(["evt_w2"], forOne.Select(e => e.EventId));
        Assert.Empty(failed);
    }

    [Fact]
    public async Task Deliveries_of_one_event_at_once_store_it_exactly_once()
    {
        var results = await RaceAsync(6, (stores, i) =>
            Inbox(stores).AddInboxEventAsync(NewEvent("evt_race", i), None)
        );

        Assert.Single(results, r => r.Status == StoreWriteStatus.Written);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(StoreWriteStatus.Duplicate, r.Status));
        Assert.Single(await Inbox(Stores).ListInboxEventsAsync(InboxEventState.Received, null, 10, None));
    }

    private static async Task WaitAsync(IWebhookInboxStore inbox, string eventId, string conversionId)
    {
        var stored = await inbox.FindInboxEventAsync("stripe", eventId, None);
        var waiting = stored! with { State = InboxEventState.Waiting, WaitingFor = conversionId };
        Assert.True((await inbox.UpdateInboxEventAsync(SpecData.Expect(waiting, stored.Version), None)).Succeeded);
    }
}
