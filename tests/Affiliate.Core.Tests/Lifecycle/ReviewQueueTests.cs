using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Lifecycle;

public sealed class ReviewQueueTests
{
    private static readonly Instant Start = Instant.FromUtc(2026, 3, 1, 12, 0);

    private static readonly ReviewDecision Approve = new(true, "customer verified by phone", "ops@shop");

    private static readonly ReviewDecision Reject = new(false, "stolen card", "fraud@shop");

    /// <summary>A host where every order seconds after its click is held (click injection); partner anna.</summary>
    private static async Task<AffiliateHost> HostWithHeldAsync(params string[] orders)
    {
        var host = new AffiliateHost(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));
        await host.PartnerAsync("anna");
        foreach (var order in orders)
        {
            host.Clock.Advance(Duration.FromMinutes(5));
            await host.ClickAsync("ANNA10", $"v-{order}");
            host.Clock.Advance(Duration.FromSeconds(2));
            var outcome = (await host.SaleAsync(order, 100m, $"v-{order}")).GetValueOrThrow();
            Assert.Equal(ConversionStatus.Held, outcome.Conversion.Status);
        }

        return host;
    }

    private static ReviewQueue Queue(AffiliateHost host) => host.Services.GetRequiredService<ReviewQueue>();

    private static async Task<List<T>> EventsAsync<T>(AffiliateHost host) =>
        (await host.Store.PendingAsync(int.MaxValue, default)).OfType<T>().ToList();

    [Fact]
    public async Task The_queue_lists_held_conversions_and_lines_with_their_fraud_reasons_page_by_page()
    {
        using var host = await HostWithHeldAsync("order-1", "order-2", "order-3");
        var queue = Queue(host);

        var first = (await queue.HeldConversionsAsync(null, new PageRequest { Size = 2 })).GetValueOrThrow();
        var rest = (
            await queue.HeldConversionsAsync(null, new PageRequest { Size = 2, Cursor = first.NextCursor })
        ).GetValueOrThrow();
        var lines = (await queue.HeldLinesAsync(null, new PageRequest())).GetValueOrThrow();

        Assert.Equal(
            ["order-3", "order-2", "order-1"],
            first.Items.Concat(rest.Items).Select(h => h.Conversion.Id.Value)
        );
        Assert.False(rest.HasMore);
        var reason = Assert.Single(first.Items[0].Reasons);
        Assert.Equal(FraudCodes.ClickToConversionTooFast, reason.Code);
        Assert.Contains("too quickly", reason.Description, StringComparison.Ordinal);
        Assert.Equal(3, lines.Items.Count);
        Assert.All(lines.Items, l => Assert.Equal(FraudCodes.ClickToConversionTooFast, Assert.Single(l.Reasons).Code));
        Assert.Equal(
            AffiliateErrorCodes.InvalidCursor,
            (await queue.HeldLinesAsync(null, new PageRequest { Cursor = first.NextCursor })).Error!.Code
        );
    }

    [Fact]
    public async Task Approving_one_conversion_records_the_decision_raises_an_event_and_leaves_the_queue()
    {
        using var host = await HostWithHeldAsync("order-1", "order-2");
        var queue = Queue(host);

        var lines = (await queue.DecideAsync(null, new ConversionId("order-1"), Approve)).GetValueOrThrow();

        Assert.Equal(CommissionState.Pending, Assert.Single(lines).State);
        var history = (await host.Ledger.HistoryAsync(null, new ConversionId("order-1"))).GetValueOrThrow();
        var conversion = history.Conversion;
        Assert.Equal(ConversionStatus.Attributed, conversion.Status);
        Assert.Equal(
            new ConversionReview(true, "ops@shop", "customer verified by phone", host.Clock.Now),
            conversion.Review
        );
        var reviewed = Assert.Single(await EventsAsync<ConversionReviewed>(host));
        Assert.Equal(
            (new ConversionId("order-1"), true, "ops@shop", "customer verified by phone"),
            (reviewed.ConversionId, reviewed.Approved, reviewed.Reviewer, reviewed.Reason)
        );
        var held = (await queue.HeldConversionsAsync(null, new PageRequest())).GetValueOrThrow();
        Assert.Equal(["order-2"], held.Items.Select(h => h.Conversion.Id.Value));
    }

    [Fact]
    public async Task The_same_decision_again_is_a_replay_and_the_opposite_one_is_an_invalid_transition()
    {
        using var host = await HostWithHeldAsync("order-1", "order-2");
        var queue = Queue(host);
        (await queue.DecideAsync(null, new ConversionId("order-1"), Reject)).GetValueOrThrow();
        (await queue.DecideAsync(null, new ConversionId("order-2"), Approve)).GetValueOrThrow();
        var events = (await host.Store.PendingAsync(int.MaxValue, default)).Count;

        var byOther = Reject with { Reviewer = "someone else" };
        var rejectedAgain = await queue.DecideAsync(null, new ConversionId("order-1"), byOther);
        var approvedAgain = await queue.DecideAsync(null, new ConversionId("order-2"), Approve);
        var turned = await queue.DecideAsync(null, new ConversionId("order-1"), Approve);
        var turnedBack = await queue.DecideAsync(null, new ConversionId("order-2"), Reject);

        Assert.True(rejectedAgain.AlreadyRecorded);
        Assert.Equal(CommissionState.Rejected, Assert.Single(rejectedAgain.Value!).State);
        Assert.True(approvedAgain.AlreadyRecorded);
        Assert.Equal(AffiliateErrorCodes.InvalidStateTransition, turned.Error!.Code);
        Assert.Equal(AffiliateErrorCodes.InvalidStateTransition, turnedBack.Error!.Code);
        Assert.Contains("fraud@shop", turned.Error.Description, StringComparison.Ordinal);
        var history = (await host.Ledger.HistoryAsync(null, new ConversionId("order-1"))).GetValueOrThrow();
        Assert.Equal("fraud@shop", history.Conversion.Review!.Reviewer);
        Assert.Equal(events, (await host.Store.PendingAsync(int.MaxValue, default)).Count);
    }

    [Fact]
    public async Task A_batch_answers_per_item_so_bad_ids_fail_alone_and_the_others_are_decided()
    {
        using var host = await HostWithHeldAsync("order-1", "order-2", "order-3");
        var queue = Queue(host);
        (await queue.DecideAsync(null, new ConversionId("order-3"), Approve)).GetValueOrThrow();

        ConversionId[] ids =
        [
            new("order-1"),
            new("order-unknown"),
            new("order-2"),
            new("order-3"),
            new("order-1"),
            default,
        ];
        var batch = (await queue.DecideAsync(null, ids, Reject)).GetValueOrThrow();

        Assert.Equal(ids, batch.Items.Select(i => i.ConversionId));
        Assert.True(batch.Items[0].Result is { Succeeded: true, AlreadyRecorded: false });
        Assert.Equal(AffiliateErrorCodes.UnknownConversion, batch.Items[1].Result.Error!.Code);
        Assert.True(batch.Items[2].Result is { Succeeded: true, AlreadyRecorded: false });
        Assert.Equal(AffiliateErrorCodes.InvalidStateTransition, batch.Items[3].Result.Error!.Code);
        Assert.True(batch.Items[4].Result.AlreadyRecorded);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, batch.Items[5].Result.Error!.Code);
        Assert.Equal((2, 1, 3), (batch.Decided, batch.Replayed, batch.Failed));

        var reviewed = await EventsAsync<ConversionReviewed>(host);
        Assert.Equal(["order-3", "order-1", "order-2"], reviewed.Select(e => e.ConversionId.Value));
        Assert.All(reviewed.Skip(1), e =>
            Assert.Equal((false, "fraud@shop", "stolen card"), (e.Approved, e.Reviewer, e.Reason))
        );
        var lines = await host.Ledger.StatementAsync(
            new PartnerId("anna"),
            Start,
            host.Clock.Now + Duration.FromDays(1)
        );
        Assert.Equal(
            [CommissionState.Rejected, CommissionState.Rejected, CommissionState.Pending],
            lines.Lines.Select(l => l.State)
        );
    }

    [Fact]
    public async Task A_batch_without_a_reason_reviewer_or_ids_is_refused_whole_and_decides_nothing()
    {
        using var host = await HostWithHeldAsync("order-1");
        var queue = Queue(host);
        var events = (await host.Store.PendingAsync(int.MaxValue, default)).Count;
        ConversionId[] one = [new("order-1")];

        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await queue.DecideAsync(null, one, Approve with { Reason = " " })).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await queue.DecideAsync(null, one, Approve with { Reviewer = "" })).Error!.Code
        );
        Assert.Equal(
            AffiliateErrorCodes.InvalidRequest,
            (await queue.DecideAsync(null, one, Approve with { Reason = "ok\0" })).Error!.Code
        );
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await queue.DecideAsync(null, [], Approve)).Error!.Code);
        var tooMany = Enumerable
            .Range(0, ReviewQueue.MaxBatch + 1)
            .Select(i => new ConversionId($"order-{i}"))
            .ToArray();
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, (await queue.DecideAsync(null, tooMany, Approve)).Error!.Code);
        Assert.Equal(
            AffiliateErrorCodes.UnknownProgram,
            (await queue.DecideAsync(new ProgramId("nope"), one, Approve)).Error!.Code
        );

        Assert.Equal(events, (await host.Store.PendingAsync(int.MaxValue, default)).Count);
        Assert.Single((await queue.HeldConversionsAsync(null, new PageRequest())).GetValueOrThrow().Items);
    }
}
