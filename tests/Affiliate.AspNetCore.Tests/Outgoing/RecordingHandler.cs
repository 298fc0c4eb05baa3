using System.Collections.Concurrent;
using System.Net;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>One request the recording handler received, with its body read.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Url,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body
)
{
    /// <summary>A header's value, or null.</summary>
    public string? Header(string name) => Headers.GetValueOrDefault(name);
}

/// <summary>
/// Stands in for the network under the outgoing named clients: records every request and answers what
/// <see cref="Answer"/> says for it (200 by default), or throws what it throws.
/// </summary>
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    /// <summary>The answer to a request; throw from it to fail the request like the network would.</summary>
    public Func<HttpRequestMessage, HttpStatusCode> Answer { get; set; } = _ => HttpStatusCode.OK;

    /// <summary>Every request so far, in order.</summary>
    public IReadOnlyList<RecordedRequest> Requests => [.. _requests];

    /// <summary>The requests to one host.</summary>
    public IReadOnlyList<RecordedRequest> To(string host) =>
        [.. _requests.Where(r => string.Equals(r.Url.Host, host, StringComparison.OrdinalIgnoreCase))];

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        CancellationToken cancellationToken
    )
    {
        var headers = request
            .Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        _requests.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, headers, body));
        return new HttpResponseMessage(Answer(request)) { RequestMessage = request };
    }
}
