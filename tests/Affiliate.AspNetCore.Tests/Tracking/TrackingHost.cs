using System.Net;
using System.Net.Http.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Affiliate.EntityFrameworkCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Net.Http.Headers;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>
/// A shop with the tracking middleware in front of its pages, the click endpoint and a checkout that records the
/// order through <see cref="AffiliateCheckout"/>; partner anna has the code ANNA10.
/// </summary>
internal static class TrackingHost
{
    public const string Browser = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0";

    public static async Task<TestHost> StartAsync(
        Action<AffiliateWebOptions>? web = null,
        Action<IServiceCollection>? services = null
    )
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Web = web,
                Services = s =>
                {
                    // Keys in memory: a test writes no key ring to disk, and another host's cookies do not read.
                    s.AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider());
                    services?.Invoke(s);
                },
                Pipeline = app =>
                {
                    // What UseForwardedHeaders does behind a proxy: the TestServer has no client address of its own.
                    app.Use(
                        (context, next) =>
                        {
                            if (IPAddress.TryParse(context.Request.Headers["X-Test-Ip"], out var ip))
                            {
                                context.Connection.RemoteIpAddress = ip;
                            }

                            return next(context);
                        }
                    );
                    app.UseAffiliateTracking();
                    app.MapGet("/", () => "the shop");
                    app.MapGet("/shoes", () => "shoes");
                    app.MapAffiliateTracking();
                    app.MapAffiliateLinks();
                    app.MapPost("/checkout", (Delegate)HandleCheckoutAsync);
                },
            }
        );
        await host.AddPartnerAsync("anna", "ANNA10");
        return host;
    }

    /// <summary>A client that says it is a browser (the bot rule refuses clicks without a user agent).</summary>
    public static HttpClient BrowserClient(this TestHost host)
    {
        var client = host.App.GetTestClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Browser);
        return client;
    }

    /// <summary>Waits until the middleware's queued clicks reached the store, then reads every click back.</summary>
    public static async Task<IReadOnlyList<Click>> ClicksAsync(this TestHost host)
    {
        await host.Services.GetRequiredService<TrackingClickQueue>().WhenIdleAsync();
        await host.Services.GetRequiredService<BulkClickWriter>().FlushAsync();
        return await host.InScopeAsync(async services =>
        {
            var lists = services.GetRequiredService<AffiliateLists>();
            var page = await lists.ClicksAsync(
                new ClickListFilter { ProgramId = new ProgramId("default") },
                new PageRequest { Size = PageRequest.MaxSize }
            );
            return page.GetValueOrThrow().Items;
        });
    }

    /// <summary>The Set-Cookie header of the named cookie, or null.</summary>
    public static SetCookieHeaderValue? SetCookie(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(HeaderNames.SetCookie, out var values)
            ? SetCookieHeaderValue.ParseList(values.ToList()).FirstOrDefault(c => c.Name == name)
            : null;

    /// <summary>The cookies a browser would send back after <paramref name="response"/>.</summary>
    public static string CookiesFrom(HttpResponseMessage response) =>
        response.Headers.TryGetValues(HeaderNames.SetCookie, out var values)
            ? string.Join("; ", SetCookieHeaderValue.ParseList(values.ToList()).Select(c => $"{c.Name}={c.Value}"))
            : "";

    /// <summary>Posts an order of EUR 100 to the shop's checkout with the cookies given.</summary>
    public static async Task<CheckoutAnswer> CheckoutAsync(
        this TestHost host,
        string cookies,
        string orderId,
        string? coupon = null
    )
    {
        var url = "/checkout?order=" + orderId + (coupon is null ? "" : "&coupon=" + coupon);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(url, UriKind.Relative));
        if (cookies.Length > 0)
        {
            request.Headers.Add(HeaderNames.Cookie, cookies);
        }

        var response = await host.BrowserClient().SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CheckoutAnswer>())!;
    }

    private static async Task<IResult> HandleCheckoutAsync(HttpContext context)
    {
        var order = new AffiliateOrder
        {
            OrderId = context.Request.Query["order"].ToString(),
            CouponCode = context.Request.Query["coupon"] is { Count: > 0 } coupon ? coupon.ToString() : null,
            Attribution = context.Request.Headers["X-Attribution"] is { Count: > 0 } given ? given.ToString() : null,
            Amount = Money.Of(100m, "EUR"),
            Tax = Money.Of(19m, "EUR"),
            Shipping = Money.Of(5m, "EUR"),
            Country = "DE",
        };
        var result = await context.RecordAffiliateSaleAsync(order, context.RequestAborted);
        return result.ToHttpResult(outcome =>
            Results.Ok(
                new CheckoutAnswer(
                    outcome.Disposition.ToString(),
                    outcome.Conversion.Shares.Select(s => s.PartnerId.Value).ToArray(),
                    outcome.Conversion.VisitorId,
                    outcome.Lines.Select(l => l.Amount.Amount).Sum()
                )
            )
        );
    }
}

/// <summary>What the test shop's checkout answers.</summary>
internal sealed record CheckoutAnswer(string Disposition, string[] Partners, string? VisitorId, decimal Commission);
