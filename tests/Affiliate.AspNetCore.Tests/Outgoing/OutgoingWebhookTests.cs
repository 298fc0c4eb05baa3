using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>Events delivered to the host's endpoints, signed per Standard Webhooks, retried by the outbox.</summary>
public sealed class OutgoingWebhookTests
{
    private const string CrmSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly string OpsSecret =
        "whsec_" + Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public async Task An_event_is_posted_with_valid_standard_webhooks_headers_and_the_cores_json()
    {
        var (host, network) = await OutgoingHost.StartAsync(web =>
            web.Outgoing.AddEndpoint("crm", "https://crm.example/hooks", CrmSecret)
        );
        await using var _ = host;
        await host.AddPartnerAsync("anna", "ANNA");

        var run = await host.DispatchAsync();

        Assert.Equal(1, run.Delivered);
        var request = Assert.Single(network.To("crm.example"));
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/hooks", request.Url.AbsolutePath);
        Assert.StartsWith("application/json", request.Header("Content-Type"), StringComparison.Ordinal);
        var id = request.Header("webhook-id");
        var timestamp = request.Header("webhook-timestamp");
        var signature = request.Header("webhook-signature");
        Assert.Equal(TestHost.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), timestamp);

        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal("partner.registered", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(id, json.RootElement.GetProperty("eventId").GetString());
        Assert.Equal("anna", json.RootElement.GetProperty("partnerId").GetString());

        Assert.True(StandardWebhookSignature.Verify(CrmSecret, id, timestamp, signature, request.Body, TestHost.Start));
        // Recomputed by hand from the specification: HMAC-SHA256 keyed with the decoded secret over id.timestamp.body.
        var key = Convert.FromBase64String(CrmSecret["whsec_".Length..]);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(request.Body).ToArray();
        Assert.Equal("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)), signature);
    }

    [Fact]
    public async Task A_failing_endpoint_is_retried_after_the_backoff_and_the_one_that_succeeded_is_not_called_again()
    {
        var (host, network) = await OutgoingHost.StartAsync(web =>
            web.Outgoing.AddEndpoint("crm", "https://crm.example/hooks", CrmSecret)
                .AddEndpoint("ops", "https://ops.example/in", OpsSecret)
        );
        await using var _ = host;
        network.Answer = r => r.RequestUri!.Host == "ops.example" ? HttpStatusCode.BadGateway : HttpStatusCode.OK;
        await host.AddPartnerAsync("anna", "ANNA");

        var first = await host.DispatchAsync();
        var tooEarly = await host.DispatchAsync();
        host.Advance(Duration.FromSeconds(30)); // the outbox's first retry delay
        network.Answer = _ => HttpStatusCode.NoContent;
        var retried = await host.DispatchAsync();

        Assert.Equal((0, 1), (first.Delivered, first.Retrying));
        Assert.Equal(0, tooEarly.Attempted);
        Assert.Equal((1, 0), (retried.Delivered, retried.Retrying));
        Assert.Single(network.To("crm.example"));
        var ops = network.To("ops.example");
        Assert.Equal(2, ops.Count);
        Assert.Equal(ops[0].Header("webhook-id"), ops[1].Header("webhook-id"));
        // Each attempt is signed afresh at its own time, so a receiver's tolerance never refuses a late retry.
        var retryAt = TestHost.Start.AddSeconds(30);
        Assert.Equal(
            retryAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ops[1].Header("webhook-timestamp")
        );
        Assert.True(
            StandardWebhookSignature.Verify(
                OpsSecret,
                ops[1].Header("webhook-id"),
                ops[1].Header("webhook-timestamp"),
                ops[1].Header("webhook-signature"),
                ops[1].Body,
                retryAt
            )
        );
    }

    [Fact]
    public async Task A_timeout_is_a_failed_delivery_the_outbox_retries_not_a_stop_of_the_batch()
    {
        var (host, network) = await OutgoingHost.StartAsync(web =>
            web.Outgoing.AddEndpoint("crm", "https://crm.example/hooks", CrmSecret)
        );
        await using var _ = host;
        // What HttpClient's own timeout raises: a cancellation the caller did not ask for.
        network.Answer = _ => throw new TaskCanceledException("timed out", new TimeoutException());
        await host.AddPartnerAsync("anna", "ANNA");
        await host.AddPartnerAsync("bert", "BERT");

        var run = await host.DispatchAsync();
        var failed = await host.DispatchAsync();

        Assert.Equal((0, 2), (run.Delivered, run.Retrying));
        Assert.Equal(0, failed.Attempted);
        Assert.Equal(2, network.Requests.Count);
    }

    [Fact]
    public async Task An_endpoint_gets_only_the_event_types_it_asked_for_and_the_others_count_as_delivered()
    {
        var (host, network) = await OutgoingHost.StartAsync(web =>
            web.Outgoing.AddEndpoint("crm", "https://crm.example/hooks", CrmSecret, "conversion.recorded")
        );
        await using var _ = host;
        await host.AddPartnerAsync("anna", "ANNA");

        var run = await host.DispatchAsync();

        Assert.Equal(1, run.Delivered);
        Assert.Empty(network.Requests);
    }

    [Fact]
    public async Task Endpoints_that_cannot_work_stop_the_host_at_start_with_what_to_change()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            OutgoingHost.StartAsync(web =>
                web.Outgoing.AddEndpoint("", "ftp://crm.example/hooks", "whsec_c2hvcnQ=", "conversion.made")
                    .AddEndpoint("ops", "https://ops.example/in", OpsSecret)
                    .AddEndpoint("ops", "https://ops2.example/in", OpsSecret)
            )
        );

        Assert.Contains("Endpoints[0].Name must be 1 to 100 characters", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints[0].Url must be an absolute http(s) URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints[0].Secret must be 'whsec_'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'conversion.made', which is no event type", error.Message, StringComparison.Ordinal);
        Assert.Contains("Endpoints[2].Name 'ops' is used twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UseAspNetCore_twice_registers_one_dispatcher_and_one_postback_handler()
    {
        var services = new ServiceCollection();
        services.AddAffiliates().UseInMemoryStores().UseAspNetCore().UseAspNetCore();

        Assert.Single(services, d => d.ServiceType == typeof(OutboxDispatcher));
        Assert.Single(services, d => d.ImplementationType == typeof(PartnerPostbackHandler));
    }
}
