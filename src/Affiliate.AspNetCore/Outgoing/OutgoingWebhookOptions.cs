namespace Affiliate.AspNetCore;

/// <summary>Events delivered to the host's endpoints (Standard Webhooks) and to partners' postback URLs.</summary>
public sealed class OutgoingWebhookOptions
{
    /// <summary>The longest endpoint name accepted (it is stored with each event's delivery state).</summary>
    public const int MaxNameLength = 100;

    /// <summary>
    /// How long one delivery may take before it counts as failed and is retried: ten seconds by default.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The host's endpoints that receive events, each signed per the Standard Webhooks convention with its own
    /// secret. Each endpoint keeps its own delivery state in the outbox: one that fails is retried with backoff, the
    /// others are not called again for that event.
    /// </summary>
    public IList<OutgoingWebhookEndpoint> Endpoints { get; } = [];

    /// <summary>Adds an endpoint; returns these options.</summary>
    public OutgoingWebhookOptions AddEndpoint(
        string name,
        string url,
        string secret,
        params IEnumerable<string> eventTypes
    )
    {
        var endpoint = new OutgoingWebhookEndpoint
        {
            Name = name,
            Url = url,
            Secret = secret,
        };
        foreach (var type in eventTypes)
        {
            endpoint.EventTypes.Add(type);
        }

        Endpoints.Add(endpoint);
        return this;
    }

    internal void Validate(ICollection<string> failures)
    {
        if (Timeout <= TimeSpan.Zero)
        {
            failures.Add("AffiliateWebOptions.Outgoing.Timeout must be positive, e.g. ten seconds.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Endpoints.Count; i++)
        {
            var endpoint = Endpoints[i];
            var at = $"AffiliateWebOptions.Outgoing.Endpoints[{i}]";
            if (
                string.IsNullOrWhiteSpace(endpoint.Name)
                || endpoint.Name.Length > MaxNameLength
                || endpoint.Name.Any(char.IsControl)
            )
            {
                failures.Add(
                    $"{at}.Name must be 1 to {MaxNameLength} characters without control characters, e.g. 'crm'; "
                        + "it names the endpoint's delivery state, so keep it when the URL changes."
                );
            }
            else if (!names.Add(endpoint.Name))
            {
                failures.Add($"{at}.Name '{endpoint.Name}' is used twice; give each endpoint its own name.");
            }

            if (
                !Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url)
                || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp)
            )
            {
                failures.Add($"{at}.Url must be an absolute http(s) URL, e.g. 'https://crm.example.com/hooks'.");
            }

            if (!StandardWebhookSignature.TryDecodeSecret(endpoint.Secret, out _))
            {
                failures.Add(
                    $"{at}.Secret must be 'whsec_' followed by base64 of 24 to 64 random bytes "
                        + "(e.g. 'whsec_' + base64 of 32 bytes from 'openssl rand -base64 32')."
                );
            }

            foreach (var type in endpoint.EventTypes.Where(t => !AffiliateJson.EventTypes.ContainsKey(t)))
            {
                failures.Add(
                    $"{at}.EventTypes has '{type}', which is no event type; use names like 'conversion.recorded' "
                        + $"({string.Join(", ", AffiliateJson.EventTypes.Keys.Order(StringComparer.Ordinal))})."
                );
            }
        }
    }
}

/// <summary>One of the host's endpoints that receive events (<see cref="OutgoingWebhookOptions.Endpoints"/>).</summary>
public sealed class OutgoingWebhookEndpoint
{
    /// <summary>
    /// A stable name, unique among the endpoints, such as <c>crm</c>: the outbox tracks deliveries by it, so an
    /// endpoint renamed is a new endpoint (it receives the events still waiting again).
    /// </summary>
    public string Name { get; set; } = "";

    /// <summary>The absolute http(s) URL events are POSTed to.</summary>
    public string Url { get; set; } = "";

    /// <summary>
    /// The signing secret in the Standard Webhooks form, <c>whsec_</c> followed by base64 of 24 to 64 random bytes;
    /// the receiver verifies with the same secret (<see cref="StandardWebhookSignature.Verify"/>).
    /// </summary>
    public string Secret { get; set; } = "";

    /// <summary>
    /// The event types to send, such as <c>conversion.recorded</c>; empty (the default) sends every type.
    /// </summary>
    public IList<string> EventTypes { get; } = [];
}
