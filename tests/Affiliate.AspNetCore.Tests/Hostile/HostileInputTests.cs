using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Xunit.Abstractions;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// Every endpoint the adapter maps, found from the host's routing (so a new endpoint is covered without a new test),
/// gets hostile route values, query strings and bodies as an anonymous caller, a partner and an admin: no answer is a
/// 5xx, every refusal is RFC 9457 problem details, and a refused request leaves every table as it was.
/// </summary>
public sealed partial class HostileInputTests(ITestOutputHelper output)
{
    // Escaped into one path segment each. A NUL in the path is refused by the server before any endpoint (the
    // TestServer's client even throws), so NUL goes in the query instead.
    private static readonly string[] RouteValues =
    [
        "x' OR '1'='1",
        "<script>alert(1)</script>",
        "../../etc/passwd",
        new string('a', 3000),
        "\U0001F4A9",
        "-1",
        "99999999999999999999999999",
        "\u202Egnp.exe",
        "a\tb",
    ];

    private static readonly (string MediaType, string Body)[] Bodies =
    [
        ("application/json", ""),
        ("application/json", "{"),
        ("application/json", "[]"),
        ("application/json", "null"),
        ("application/json", "\"text\""),
        ("application/json", "{\"amount\":-5,\"currency\":\"XXX\",\"id\":\"' OR 1=1 --\",\"code\":\"\\u0000\"}"),
        ("application/json", new string('[', 5000) + new string(']', 5000)),
        ("application/json", "{\"x\":\"" + new string('x', 2 * 1024 * 1024) + "\"}"),
        ("application/x-www-form-urlencoded", "a=1&b=%00"),
        ("text/plain", "hello"),
    ];

    private const string HostileQuery =
        "?cursor=garbage&size=-1&from=notadate&until=2026-13-45&ref=%3Cscript%3E&sub1=%00&to=https://evil.example";

    [Fact]
    public async Task No_endpoint_answers_hostile_input_with_a_5xx_a_bare_error_or_a_write()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Web = web =>
                {
                    // Every webhook endpoint on, so that each is reached (not refused as unconfigured).
                    web.Webhooks.StripeSecrets.Add("whsec_test_secret");
                    web.Webhooks.ShopifySecrets.Add("shpss_test");
                    web.Webhooks.WooCommerceSecrets.Add("woo_test");
                    web.Webhooks.PostbackSecrets.Add("postback_test_secret");
                },
                Pipeline = MapEverything,
            }
        );
        await host.AddPartnerAsync("anna", "ANNA10");
        var endpoints = Endpoints(host.App);
        Assert.NotEmpty(endpoints);

        var clients = new[] { host.Client, host.PartnerClient("anna"), host.AdminClient() };
        var sent = 0;
        var failures = new List<string>();
        foreach (var (pattern, methods) in endpoints)
        {
            foreach (var method in methods)
            {
                foreach (var client in clients)
                {
                    foreach (var value in RouteValues)
                    {
                        sent++;
                        await CheckAsync(host, client, method, Fill(pattern, value) + HostileQuery, null, failures);
                    }

                    if (method is "GET" or "HEAD")
                    {
                        continue;
                    }

                    foreach (var body in Bodies)
                    {
                        sent++;
                        await CheckAsync(host, client, method, Fill(pattern, "p1"), body, failures);
                    }
                }
            }
        }

        output.WriteLine($"{sent} hostile requests to {endpoints.Count} endpoints");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(30)));
    }

    private static async Task CheckAsync(
        TestHost host,
        HttpClient client,
        string method,
        string path,
        (string MediaType, string Body)? body,
        List<string> failures
    )
    {
        await host.FlushClicksAsync();
        var before = await RowCounts.ReadAsync(host);
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is { } b)
        {
            request.Content = new StringContent(b.Body, Encoding.UTF8, b.MediaType);
        }

        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
#pragma warning disable CA1031 // An exception escaping the host is exactly the failure this test reports.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failures.Add($"{method} {Short(path)} {Short(body?.Body)}: threw {e.GetType().Name}: {e.Message}");
            return;
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var what = $"{method} {Short(path)} {Short(body?.Body)}: {status}";
            if (status >= 500)
            {
                failures.Add(what + " " + Short(await response.Content.ReadAsStringAsync()));
                return;
            }

            if (status < 400)
            {
                return;
            }

            if (
                response.StatusCode != HttpStatusCode.MethodNotAllowed
                && response.Content.Headers.ContentType?.MediaType != "application/problem+json"
            )
            {
                failures.Add(what + " is no problem details");
            }

            await host.FlushClicksAsync();
            var after = await RowCounts.ReadAsync(host);
            var changed = after.Where(t => before.GetValueOrDefault(t.Key) != t.Value).Select(t => t.Key).ToList();
            if (changed.Count > 0)
            {
                failures.Add(what + " wrote to " + string.Join(", ", changed));
            }
        }
    }

    /// <summary>Every route of the library: pattern and methods (ours are the ones under /affiliate and /go).</summary>
    private static List<(string Pattern, IReadOnlyList<string> Methods)> Endpoints(WebApplication app) =>
        ((IEndpointRouteBuilder)app)
            .DataSources.SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Select(e =>
                (
                    Pattern: "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                    Methods: (IReadOnlyList<string>)(
                        e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]
                    )
                )
            )
            .Where(e =>
                e.Pattern.StartsWith("/affiliate", StringComparison.Ordinal)
                || e.Pattern.StartsWith("/go", StringComparison.Ordinal)
            )
            // ASP.NET Core's own OpenAPI endpoint answers an unknown document with its plain 404.
            .Where(e => !e.Pattern.Contains("/openapi/", StringComparison.Ordinal))
            .ToList();

    private static string Fill(string pattern, string value) =>
        Parameter().Replace(pattern, _ => Uri.EscapeDataString(value));

    private static string Short(string? text) =>
        text is null ? ""
        : text.Length <= 60 ? text
        : text[..60] + $"...({text.Length})";

    // Everything a host maps.
    private static void MapEverything(WebApplication app)
    {
        app.UseAffiliateTracking();
        app.MapAffiliateEndpoints();
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
