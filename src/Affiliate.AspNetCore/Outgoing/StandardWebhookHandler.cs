using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Affiliate.AspNetCore;

/// <summary>
/// Delivers outbox events to one of the host's endpoints (<see cref="OutgoingWebhookOptions.Endpoints"/>): a POST of
/// the event's JSON (the core's contract, <see cref="AffiliateJson"/>, with its <c>type</c>) signed per Standard
/// Webhooks. One instance per endpoint, each tracked by the outbox under its own name, so an endpoint that succeeded
/// is not called again when another fails. A non-2xx answer or a timeout throws, and the outbox retries with backoff.
/// </summary>
internal sealed partial class StandardWebhookHandler(
    OutgoingWebhookEndpoint endpoint,
    IHttpClientFactory clients,
    TimeProvider time,
    ILogger<StandardWebhookHandler> logger
) : INamedAffiliateEventHandler
{
    /// <summary>The prefix of every endpoint's handler name in the outbox's delivery state.</summary>
    internal const string NamePrefix = "Affiliate.AspNetCore.Webhook:";

    public string HandlerName => NamePrefix + endpoint.Name;

    public async ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(affiliateEvent);
        if (endpoint.EventTypes.Count > 0 && !endpoint.EventTypes.Contains(affiliateEvent.Type))
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(affiliateEvent, AffiliateJson.Options);
        var id = affiliateEvent.EventId.ToString("D", CultureInfo.InvariantCulture);

        // A fresh timestamp and signature on every attempt (the id stays): a receiver's tolerance then never refuses a
        // retry that waited longer than it.
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Url);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(StandardWebhookSignature.IdHeader, id);
        request.Headers.Add(StandardWebhookSignature.TimestampHeader, timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(
            StandardWebhookSignature.SignatureHeader,
            StandardWebhookSignature.Sign(endpoint.Secret, id, timestamp, body)
        );

        var status = await OutgoingHttp
            .SendAsync(clients.CreateClient(OutgoingRegistration.WebhookClient), request, cancellationToken)
            .ConfigureAwait(false);
        LogDelivered(logger, affiliateEvent.Type, affiliateEvent.EventId, endpoint.Name, status);
    }

    [LoggerMessage(
        EventId = 3201,
        Level = LogLevel.Debug,
        Message = "Event {EventType} {EventId} delivered to webhook endpoint {Endpoint} ({Status})"
    )]
    private static partial void LogDelivered(
        ILogger logger,
        string eventType,
        Guid eventId,
        string endpoint,
        int status
    );
}

/// <summary>Sends one outgoing request; every kind of failure becomes an exception the outbox retries on.</summary>
internal static class OutgoingHttp
{
    /// <summary>The answer's status when it is 2xx.</summary>
    /// <exception cref="HttpRequestException">A non-2xx answer, a network failure or a timeout.</exception>
    public static async Task<int> SendAsync(
        HttpClient client,
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        try
        {
            using var response = await client
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"{request.Method} {Describe(request.RequestUri)} answered {(int)response.StatusCode}.",
                    null,
                    response.StatusCode
                );
            }

            return (int)response.StatusCode;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient's timeout is a cancellation; the outbox would take it for the host stopping and give up on
            // the whole batch, so it becomes a failure of this delivery, retried like any other.
            throw new HttpRequestException(
                $"{request.Method} {Describe(request.RequestUri)} timed out after {client.Timeout.TotalSeconds} s.",
                e
            );
        }
    }

    // The scheme, host and path only: a query may carry a partner's tokens, and errors are stored with the event.
    private static string Describe(Uri? url) => url is null ? "(no URL)" : url.GetLeftPart(UriPartial.Path);
}
