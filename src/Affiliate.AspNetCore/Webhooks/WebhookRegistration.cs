using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Affiliate.AspNetCore;

/// <summary>The webhooks' services: the built-in mappers of each vendor's events and the inbox job.</summary>
internal static class WebhookRegistration
{
    /// <summary>
    /// Registers the built-in mappers (once). A host replaces one by registering its own
    /// <see cref="IWebhookEventMapper"/> for the same source afterwards: the last one registered wins.
    /// </summary>
    public static void Add(IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookEventMapper, StripeEventMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookEventMapper, ShopifyEventMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookEventMapper, WooCommerceEventMapper>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IWebhookEventMapper, PostbackEventMapper>());
        // Refunds waiting for their order and failed attempts are retried by the job runner.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAffiliateJob, WebhookInboxJob>());
    }
}

/// <summary>The answer of a webhook endpoint that accepted the delivery.</summary>
/// <param name="Status">
/// <c>processed</c>, <c>waiting</c> (a refund whose order is not recorded yet), <c>failed</c> (kept and retried),
/// <c>duplicate</c> (delivered before: nothing changed), <c>ignored</c> (records nothing) or <c>ping</c>.
/// </param>
/// <param name="Detail">Why it is waiting, failed or ignored.</param>
public sealed record WebhookAnswer(string Status, string? Detail);
