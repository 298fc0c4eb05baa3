using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore;

/// <summary>Registers outgoing webhooks and partners' postbacks (called once from <c>UseAspNetCore</c>).</summary>
internal static class OutgoingRegistration
{
    /// <summary>The named <see cref="HttpClient"/> that delivers to the host's webhook endpoints.</summary>
    internal const string WebhookClient = "Affiliate.Webhooks";

    /// <summary>The named <see cref="HttpClient"/> that calls partners' postback URLs.</summary>
    internal const string PostbackClient = "Affiliate.Postbacks";

    internal static void Add(IServiceCollection services)
    {
        services
            .AddHttpClient(WebhookClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = Timeout(sp))
            .RemoveAllLoggers();
        services
            .AddHttpClient(PostbackClient)
            .ConfigureHttpClient((sp, client) => client.Timeout = Timeout(sp))
            .ConfigurePrimaryHttpMessageHandler(sp => PostbackHandler(sp))
            .RemoveAllLoggers();
        services.TryAddEnumerable(ServiceDescriptor.Scoped<IAffiliateEventHandler, PartnerPostbackHandler>());

        // The outbox tracks delivery per handler, so each configured endpoint is a handler of its own (named after
        // it). Their number is known only from the options, so they join the registered handlers where the
        // dispatcher is made; with no endpoints configured there are none.
        services.Replace(
            ServiceDescriptor.Scoped(sp =>
            {
                var endpoints = sp.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Outgoing.Endpoints;
                var handlers = sp.GetServices<IAffiliateEventHandler>()
                    .Concat(endpoints.Select(e => ActivatorUtilities.CreateInstance<StandardWebhookHandler>(sp, e)))
                    .ToArray();
                return ActivatorUtilities.CreateInstance<OutboxDispatcher>(
                    sp,
                    (IEnumerable<IAffiliateEventHandler>)handlers
                );
            })
        );
    }

    private static TimeSpan Timeout(IServiceProvider services) =>
        services.GetRequiredService<IOptions<AffiliateWebOptions>>().Value.Outgoing.Timeout;

    /// <summary>
    /// The postback client's connection: partners choose these URLs, so unless the program lists its allowed hosts,
    /// a name that resolves to a loopback or private address is refused when connecting (a check at save time alone
    /// would miss DNS that changes later).
    /// </summary>
    private static SocketsHttpHandler PostbackHandler(IServiceProvider services)
    {
        var restricted =
            services.GetRequiredService<IOptions<AffiliateOptions>>().Value.Postbacks.AllowedHosts.Count > 0;
        var handler = new SocketsHttpHandler { AllowAutoRedirect = false };
        if (!restricted)
        {
            handler.ConnectCallback = ConnectPublicAsync;
        }

        return handler;
    }

    private static async ValueTask<Stream> ConnectPublicAsync(
        SocketsHttpConnectionContext context,
        CancellationToken cancellationToken
    )
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken)
            .ConfigureAwait(false);
        var target = addresses.FirstOrDefault(PartnerPostbacks.IsPublic)
            ?? throw new HttpRequestException(
                $"The postback host '{context.DnsEndPoint.Host}' resolves to no public address."
            );
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(target, context.DnsEndPoint.Port, cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
