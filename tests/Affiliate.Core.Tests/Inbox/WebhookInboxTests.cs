using System.Globalization;
using System.Text;
using Affiliate.Stores;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Inbox;

/// <summary>
/// The webhook inbox: stored before processing, once per source and event id; sales and refunds through the
/// recorder; a refund before its order waits for it; a failed attempt keeps the event for the next.
/// </summary>
public sealed class WebhookInboxTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 1, 12, 0);
    private readonly LineMapper _mapper = new();
    private readonly AffiliateHost _host;

    public WebhookInboxTests()
    {
        _host = new AffiliateHost(
            Start,
            o => o.Plan = AffiliateHost.PercentPlan(10),
            b => b.Services.AddSingleton<IWebhookEventMapper>(_mapper)
        );
    }

    private WebhookInbox Inbox => _host.Services.GetRequiredService<WebhookInbox>();

    private IWebhookInboxStore Store => _host.Services.GetRequiredService<IWebhookInboxStore>();

    [Fact]
    public async Task A_sale_event_is_stored_and_recorded_once_however_often_it_is_delivered()
    {
        await _host.PartnerAsync("anna");
        await _host.ClickAsync("ANNA10", "v1");

        var first = await ReceiveAsync("e1", "sale o1 100 v1");
        for (var i = 0; i < 9; i++)
        {
            var again = await ReceiveAsync("e1", "sale o1 100 v1");
            Assert.True(again.Value!.Duplicate);
        }

        Assert.False(first.Value!.Duplicate);
        Assert.Equal(InboxEventState.Processed, first.Value.Event.State);
        Assert.Equal(1, first.Value.Event.Attempts);
        var lines = await LinesAsync("o1");
        var line = Assert.Single(lines);
        Assert.Equal(Money.Of(10m, "EUR"), line.Amount);
        var stored = await Store.FindInboxEventAsync("lines", "e1", default);
        Assert.Equal("sale o1 100 v1", Encoding.UTF8.GetString(stored!.Body));
        Assert.Equal(InboxEventState.Processed, stored.State);
        Assert.Equal(Start, stored.ProcessedAt);
    }

    [Fact]
    public async Task A_refund_before_its_order_waits_and_applies_when_the_order_arrives()
    {
        await _host.PartnerAsync("anna");
        await _host.ClickAsync("ANNA10", "v1");

        var refund = await ReceiveAsync("e-refund", "refund r1 o1 0.5");
        Assert.Equal(InboxEventState.Waiting, refund.Value!.Event.State);
        Assert.Equal("o1", refund.Value.Event.WaitingFor);

        var sale = await ReceiveAsync("e-sale", "sale o1 100 v1");

        Assert.Equal(InboxEventState.Processed, sale.Value!.Event.State);
        var after = await Store.FindInboxEventAsync("lines", "e-refund", default);
        Assert.Equal(InboxEventState.Processed, after!.State);
        Assert.Null(after.WaitingFor);
        var conversion = await ((IConversionStore)_host.Store).FindAsync(
            new ProgramId("default"),
            new ConversionId("o1"),
            default
        );
        Assert.Equal(Money.Of(50m, "EUR"), conversion!.Refunded);
        Assert.Equal(Money.Of(5m, "EUR"), Sum(await LinesAsync("o1")));
    }

    [Fact]
    public async Task A_waiting_refund_is_applied_by_processing_the_pending_events()
    {
        await _host.PartnerAsync("anna");
        await _host.ClickAsync("ANNA10", "v1");
        await ReceiveAsync("e-refund", "refund r1 o1 1");
        // The order recorded by the host itself, not through the inbox: the pending run finds it.
        await _host.SaleAsync("o1", 100m, "v1");

        var processed = await Inbox.ProcessPendingAsync();

        Assert.Equal(1, processed);
        Assert.Equal(Money.Of(0m, "EUR"), Sum(await LinesAsync("o1")));
        Assert.Equal(InboxEventState.Processed, (await Store.FindInboxEventAsync("lines", "e-refund", default))!.State);
    }

    [Fact]
    public async Task The_webhook_inbox_job_applies_a_refund_whose_order_was_recorded_since()
    {
        await _host.PartnerAsync("anna");
        await _host.ClickAsync("ANNA10", "v1");
        await ReceiveAsync("e-refund", "refund r1 o1 1");
        await _host.SaleAsync("o1", 100m, "v1");
        var job = new WebhookInboxJob(_host.Services.GetRequiredService<IServiceScopeFactory>());

        var run = await job.RunOnceAsync(default);
        var again = await job.RunOnceAsync(default);

        Assert.Equal("webhook-inbox", run.Job);
        Assert.Equal(1, run.Items);
        Assert.Equal(0, again.Items);
        Assert.Equal(Money.Of(0m, "EUR"), Sum(await LinesAsync("o1")));
    }

    [Fact]
    public async Task A_failed_attempt_keeps_the_event_and_a_later_run_processes_it()
    {
        await _host.PartnerAsync("anna");
        await _host.ClickAsync("ANNA10", "v1");
        _mapper.Broken = true;

        var failed = await ReceiveAsync("e1", "sale o1 100 v1");
        Assert.True(failed.Succeeded);
        Assert.Equal(InboxEventState.Failed, failed.Value!.Event.State);
        Assert.Contains("the mapper is down", failed.Value.Event.LastError, StringComparison.Ordinal);
        Assert.Empty(await LinesAsync("o1"));

        _mapper.Broken = false;
        var processed = await Inbox.ProcessPendingAsync();

        Assert.Equal(1, processed);
        var stored = await Store.FindInboxEventAsync("lines", "e1", default);
        Assert.Equal(InboxEventState.Processed, stored!.State);
        Assert.Equal(2, stored.Attempts);
        Assert.Single(await LinesAsync("o1"));
    }

    [Fact]
    public async Task A_sale_the_recorder_refuses_is_kept_as_failed_with_the_recorders_code()
    {
        var result = await ReceiveAsync("e1", "sale o1 -5 v1");

        Assert.Equal(InboxEventState.Failed, result.Value!.Event.State);
        Assert.StartsWith("invalid_request", result.Value.Event.LastError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "e1", "t")]
    [InlineData("lines", "", "t")]
    [InlineData("lines", "e1", "")]
    public async Task An_event_without_source_id_or_topic_is_refused_and_nothing_is_stored(
        string source,
        string eventId,
        string topic
    )
    {
        var result = await Inbox.ReceiveAsync(source, eventId, topic, Encoding.UTF8.GetBytes("sale o1 100 v1"));

        Assert.Equal(AffiliateErrorCodes.InvalidRequest, result.Error?.Code);
        Assert.Empty(await Store.ListInboxEventsAsync(InboxEventState.Received, null, 10, default));
        Assert.Empty(await Store.ListInboxEventsAsync(InboxEventState.Processed, null, 10, default));
    }

    [Fact]
    public void The_last_mapper_registered_for_a_source_is_used_and_an_unknown_source_is_invalid()
    {
        using var host = new AffiliateHost(
            Start,
            o => o.Plan = AffiliateHost.PercentPlan(10),
            b =>
            {
                b.Services.AddSingleton<IWebhookEventMapper>(new LineMapper());
                b.Services.AddSingleton<IWebhookEventMapper>(new IgnoringMapper());
            }
        );
        var inbox = host.Services.GetRequiredService<WebhookInbox>();

        var mapped = inbox.Map(Event("lines", "sale o1 100 v1"));
        var unknown = inbox.Map(Event("nobody", "sale o1 100 v1"));

        Assert.True(mapped.IsIgnored);
        Assert.Equal("host says no", mapped.IgnoredBecause);
        Assert.Equal(AffiliateErrorCodes.InvalidRequest, unknown.Error?.Code);
    }

    public void Dispose() => _host.Dispose();

    private static InboxEvent Event(string source, string body) =>
        new()
        {
            Source = source,
            EventId = "e",
            Topic = "t",
            ReceivedAt = Start,
            Body = Encoding.UTF8.GetBytes(body),
        };

    private async Task<AffiliateResult<InboxReceipt>> ReceiveAsync(string eventId, string body) =>
        await Inbox.ReceiveAsync("lines", eventId, "test", Encoding.UTF8.GetBytes(body));

    private async Task<IReadOnlyList<CommissionLine>> LinesAsync(string conversionId) =>
        await ((ILedgerStore)_host.Store).QueryLinesAsync(
            new LineQuery { ConversionId = new ConversionId(conversionId) },
            default
        );

    private static Money Sum(IEnumerable<CommissionLine> lines) =>
        Money.Sum(lines.Where(l => l.IsLive).Select(l => l.Amount), Currency.EUR);

    /// <summary>Reads "sale {order} {amount} {visitor}" and "refund {id} {order} {fraction}".</summary>
    private sealed class LineMapper : IWebhookEventMapper
    {
        public bool Broken { get; set; }

        public string Source => "lines";

        public InboxMapping Map(InboxEvent inboxEvent)
        {
            if (Broken)
            {
                throw new IOException("the mapper is down");
            }

            var parts = Encoding.UTF8.GetString(inboxEvent.Body).Split(' ');
            return parts[0] switch
            {
                "sale" => InboxMapping.Of(
                    new InboxSale(
                        new ConversionRequest
                        {
                            Facts = new ConversionFacts
                            {
                                Id = new ConversionId(parts[1]),
                                OccurredAt = inboxEvent.ReceivedAt,
                                Amount = new Money(decimal.Parse(parts[2], CultureInfo.InvariantCulture), Currency.EUR),
                            },
                            VisitorId = parts[3],
                        }
                    )
                ),
                "refund" => InboxMapping.Of(
                    new InboxRefund
                    {
                        RefundId = parts[1],
                        ConversionId = new ConversionId(parts[2]),
                        Fraction = decimal.Parse(parts[3], CultureInfo.InvariantCulture),
                    }
                ),
                _ => InboxMapping.Invalid("unknown line"),
            };
        }
    }

    private sealed class IgnoringMapper : IWebhookEventMapper
    {
        public string Source => "lines";

        public InboxMapping Map(InboxEvent inboxEvent) => InboxMapping.Ignore("host says no");
    }
}
