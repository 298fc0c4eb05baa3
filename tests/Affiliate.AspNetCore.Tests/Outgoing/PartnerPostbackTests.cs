using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>Partners' postback URLs: filled, URL-encoded and called on their conversion events.</summary>
public sealed class PartnerPostbackTests
{
    private const string Template =
        "https://track.example/pb?cid={click_id}&s1={sub1}&s2={sub2}&s5={sub5}&amt={amount}&com={commission}"
        + "&cur={currency}&st={status}&oid={conversion_id}";

    [Fact]
    public async Task A_recorded_conversion_calls_the_partners_postback_with_every_value_filled_and_url_encoded()
    {
        var (host, network) = await OutgoingHost.StartAsync();
        await using var _ = host;

        var (click, url) = await RecordSaleAsync(host, network);

        Assert.Equal(
            $"https://track.example/pb?cid={click}&s1=a%20b%26c%3Dd%2Fe&s2=%C3%A9t%C3%A9&s5=&amt=100.00&com=10.00"
                + "&cur=EUR&st=pending&oid=o-1",
            url
        );
    }

    [Fact]
    public async Task A_refund_calls_the_postback_again_with_the_refund_and_the_reversed_commission()
    {
        var (host, network) = await OutgoingHost.StartAsync();
        await using var _ = host;
        await RecordSaleAsync(host, network);

        await host.InScopeAsync(async s =>
            (
                await s.GetRequiredService<ConversionRecorder>()
                    .RefundAsync(
                        new RefundRequest
                        {
                            ConversionId = new ConversionId("o-1"),
                            RefundId = "r-1",
                            Amount = Money.Of(40m, "EUR"),
                        }
                    )
            ).GetValueOrThrow()
        );
        await host.DispatchAsync();

        var refund = network.To("track.example")[^1].Url.Query;
        Assert.Contains("&amt=40.00&com=-4.00&cur=EUR&st=reversed&oid=o-1", refund, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_approved_commission_calls_the_postback_with_the_approved_status_when_line_events_are_on()
    {
        var (host, network) = await OutgoingHost.StartAsync(affiliates: o => o.LineEvents = true);
        await using var _ = host;
        await RecordSaleAsync(host, network);

        host.Advance(Duration.FromDays(31)); // past the 30-day hold
        var approved = await host.InScopeAsync(async s =>
            await s.GetRequiredService<CommissionLedger>().ApproveDueAsync()
        );
        var run = await host.DispatchAsync();

        Assert.Equal(1, approved);
        Assert.Equal(0, run.Retrying);
        var approval = network.To("track.example")[^1].Url.Query;
        Assert.Contains("&amt=100.00&com=10.00&cur=EUR&st=approved&oid=o-1", approval, StringComparison.Ordinal);
        Assert.Equal(2, network.To("track.example").Count);
    }

    [Fact]
    public async Task A_conversion_rejected_in_review_calls_the_postback_with_the_rejected_status()
    {
        var (host, network) = await OutgoingHost.StartAsync();
        await using var _ = host;
        await host.AddPartnerAsync("anna", "ANNA");
        await SetPostbackAsync(host, "anna", "https://track.example/pb?st={status}&com={commission}");
        await RecordConversionAsync(host, "ANNA", [], wait: Duration.Zero); // held: too fast after the click
        await host.DispatchAsync();

        await host.InScopeAsync(async s =>
            (
                await s.GetRequiredService<ReviewQueue>()
                    .DecideAsync(null, new ConversionId("o-1"), new ReviewDecision(false, "stolen card", "ops@shop"))
            ).GetValueOrThrow()
        );
        await host.DispatchAsync();

        Assert.Equal(
            ["?st=held&com=10.00", "?st=rejected&com=10.00"],
            network.To("track.example").Select(r => r.Url.Query)
        );
    }

    [Fact]
    public async Task A_partner_without_a_postback_and_events_of_other_kinds_call_nothing()
    {
        var (host, network) = await OutgoingHost.StartAsync();
        await using var _ = host;
        await host.AddPartnerAsync("anna", "ANNA");
        await RecordConversionAsync(host, "ANNA", []);

        var run = await host.DispatchAsync();

        Assert.True(run.Delivered >= 2); // partner.registered, conversion.recorded, commission.created
        Assert.Empty(network.Requests);
    }

    [Fact]
    public async Task A_postback_that_fails_is_retried_by_the_outbox_after_the_backoff()
    {
        var (host, network) = await OutgoingHost.StartAsync();
        await using var _ = host;
        network.Answer = _ => HttpStatusCode.ServiceUnavailable;
        await host.AddPartnerAsync("anna", "ANNA");
        await SetPostbackAsync(host, "anna", "https://track.example/pb?oid={conversion_id}");
        await RecordConversionAsync(host, "ANNA", []);

        var first = await host.DispatchAsync();
        network.Answer = _ => HttpStatusCode.OK;
        host.Advance(Duration.FromSeconds(30));
        var retried = await host.DispatchAsync();

        Assert.Equal(1, first.Retrying);
        Assert.Equal((1, 0), (retried.Delivered, retried.Retrying));
        Assert.Equal(2, network.To("track.example").Count);
    }

    internal static async Task<(string ClickId, string Url)> RecordSaleAsync(TestHost host, RecordingHandler network)
    {
        await host.AddPartnerAsync("anna", "ANNA");
        await SetPostbackAsync(host, "anna", Template);
        var click = await RecordConversionAsync(host, "ANNA", ["a b&c=d/e", "été"]);
        var run = await host.DispatchAsync();
        Assert.True(run is { Skipped: false, Retrying: 0, Delivered: 3 }, run.ToString());
        return (click, Assert.Single(network.To("track.example")).Url.AbsoluteUri);
    }

    private static Task<PartnerPostback> SetPostbackAsync(TestHost host, string partner, string template) =>
        host.InScopeAsync(async s =>
            (
                await s.GetRequiredService<PartnerPostbacks>().SetAsync(new PartnerId(partner), template)
            ).GetValueOrThrow()
        );

    private static Task<string> RecordConversionAsync(
        TestHost host,
        string code,
        string[] subIds,
        Duration? wait = null
    ) =>
        host.InScopeAsync(async s =>
        {
            var click = (
                await s.GetRequiredService<ClickTracker>()
                    .RecordAsync(
                        new ClickRequest
                        {
                            ReferralCode = code,
                            VisitorId = "v1",
                            SubIds = subIds,
                            UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
                        }
                    )
            ).GetValueOrThrow();
            host.Advance(wait ?? Duration.FromHours(1)); // a sale right after its click is held as too fast
            (
                await s.GetRequiredService<ConversionRecorder>()
                    .RecordAsync(
                        new ConversionRequest
                        {
                            Facts = new ConversionFacts
                            {
                                Id = new ConversionId("o-1"),
                                OccurredAt = Instant.FromDateTimeOffset(host.Time.GetUtcNow()),
                                Amount = Money.Of(100m, "EUR"),
                            },
                            VisitorId = "v1",
                        }
                    )
            ).GetValueOrThrow();
            return click.Id.Value;
        });
}

/// <summary>The postback path on the PostgreSQL server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PartnerPostbackPostgresTests(PostgresServer server)
{
    [PostgresFact]
    public async Task On_PostgreSQL_a_recorded_conversion_calls_the_partners_postback_filled()
    {
        var (host, network) = await OutgoingHost.StartAsync(postgres: await server.CreateDatabaseAsync());
        await using var _ = host;

        var (_, url) = await PartnerPostbackTests.RecordSaleAsync(host, network);

        Assert.EndsWith("&amt=100.00&com=10.00&cur=EUR&st=pending&oid=o-1", url, StringComparison.Ordinal);
    }
}
