using Microsoft.Extensions.Logging;

namespace Affiliate.AspNetCore;

/// <summary>
/// Calls partners' postback URLs (<see cref="PartnerPostbacks"/>) on their conversion events: an HTTP GET of the
/// template with the values filled. A non-2xx answer or a timeout throws, and the outbox retries the event with
/// backoff.
/// </summary>
internal sealed partial class PartnerPostbackHandler(
    PartnerPostbacks postbacks,
    IHttpClientFactory clients,
    ILogger<PartnerPostbackHandler> logger
) : IAffiliateEventHandler
{
    public async ValueTask HandleAsync(AffiliateEvent affiliateEvent, CancellationToken cancellationToken)
    {
        var requests = await postbacks.RequestsForAsync(affiliateEvent, cancellationToken).ConfigureAwait(false);
        if (requests.Count == 0)
        {
            return;
        }

        var client = clients.CreateClient(OutgoingRegistration.PostbackClient);
        List<Exception>? failures = null;
        foreach (var postback in requests)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, postback.Url);
            try
            {
                await OutgoingHttp.SendAsync(client, request, cancellationToken).ConfigureAwait(false);
                LogSent(logger, affiliateEvent.Type, affiliateEvent.EventId, postback.PartnerId.Value);
            }
            catch (HttpRequestException e)
            {
                // The other partners still get theirs now; the event is retried for the failed one (and, as the
                // outbox tracks per handler, sent again to the others: partners' trackers dedupe on conversion_id).
                (failures ??= []).Add(e);
            }
        }

        if (failures is not null)
        {
            throw new AggregateException("A partner postback failed.", failures);
        }
    }

    [LoggerMessage(
        EventId = 3202,
        Level = LogLevel.Debug,
        Message = "Postback for {EventType} {EventId} sent to partner {PartnerId}"
    )]
    private static partial void LogSent(ILogger logger, string eventType, Guid eventId, string partnerId);
}
