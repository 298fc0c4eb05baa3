using System.Net.Http.Headers;
using System.Text;
using Affiliate.AspNetCore.Tests.Webhooks;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// The generated inputs of each HTTP surface, sent through a <see cref="HostileProbe"/>: each method sends
/// <c>count</c> inputs made by the generator and adds what it finds wrong to the probe's failures.
/// </summary>
public sealed class HostileSurfaces(HostileWorld world, HostileProbe probe, HostileGenerator generator, bool lean)
{
    private static readonly string[] Codes = ["ANNA", "BEN"];

    private static readonly string[] RedirectPrefixes =
    [
        "//",
        "///",
        "\\\\",
        "/\\",
        "\\/",
        "https:",
        "https:/",
        "https://",
        "http://",
        "HTTPS://",
        "http:\\\\",
        " //",
        "/\t/",
        "%2F%2F",
        "%252F%252F",
        "https%3A%2F%2F",
        "javascript:",
        "JaVaScRiPt:",
        "data:text/html;base64,",
        "ftp://",
        "https://shop.example@",
        "https://partner-shop.example:443@",
        "https://partner-shop.example.",
        "",
    ];

    private static readonly string[] RedirectHosts =
    [
        "evil.example",
        "evil.example%2F",
        "evil.example#@partner-shop.example",
        "evil.example\\@partner-shop.example",
        "evilcdn.example",
        "cdn.example",
        "partner-shop.example.evil.example",
        "alert(document.cookie)",
        "PHNjcmlwdD4=",
        "127.0.0.1",
        "[::1]",
        "partner-shop.example",
    ];

    private static readonly string[] RedirectSuffixes =
    [
        "",
        "/x",
        "%0D%0ALocation:%20https://evil.example",
        "\r\nSet-Cookie: a=b",
        "?next=//evil.example",
        "#frag",
        "/%2e%2e/",
    ];

    private static readonly string[] MediaTypes =
    [
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/xml",
        "application/json; charset=utf-16",
        "application/octet-stream",
    ];

    // The members the partner and admin API bodies read, filled validly, for the generator to mutate.
    private const string ApiTemplate = """
        {"expectedVersion":1,"reason":"r","reference":"ref-1","destination":"/x",
         "url":"https://partner-shop.example/pb?c={conversion_id}","conversionIds":["order-a"],"approve":true}
        """;

    private static readonly string[] QueryNames =
    [
        "cursor",
        "size",
        "from",
        "until",
        "to",
        "partnerId",
        "status",
        "state",
        "q",
        "period",
        "interval",
        "currency",
        "format",
        "source",
        "limit",
    ];

    /// <summary>
    /// GET the host's page through the tracking middleware with garbage, near-valid and valid referral codes,
    /// sub-ids and utm values, garbage, tampered and expired cookies, and odd headers: the page renders, and only a
    /// real code may record a click.
    /// </summary>
    public async Task TrackingAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (reference, valid) = ReferralCode();
            var query = new List<(string, string)> { (generator.Pick(["ref", "REF", "ref[]", "Ref"]), reference) };
            for (var s = generator.Next(0, 4); s > 0; s--)
            {
                query.Add((generator.Pick(["sub1", "sub2", "sub5", "sub6", "utm_source", "utm_campaign"]), Junk()));
            }

            if (generator.Chance(0.1))
            {
                query.Add(("ref", Junk()));
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, Url(HostileWorld.Page, query));
            AddCookies(request);
            AddOddHeaders(request);
            using var response = await probe.SendAsync(
                "tracking middleware",
                world.Visitor,
                request,
                HostileAnswer.Page,
                valid
            );
        }
    }

    /// <summary>The click endpoint, its preflight and the tracking script with mutated bodies and origins.</summary>
    public async Task ClickEndpointAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var kind = generator.Next(0, 10);
            using var request = kind switch
            {
                0 => new HttpRequestMessage(HttpMethod.Options, Url("/affiliate/clicks", [])),
                1 => new HttpRequestMessage(HttpMethod.Get, Url("/affiliate/track.js", [("v", Junk())])),
                _ => new HttpRequestMessage(HttpMethod.Post, Url("/affiliate/clicks", [])),
            };
            if (kind >= 2)
            {
                var valid = $$"""
                    {"code":"{{generator.Pick(Codes)}}","subIds":["news"],"landingUrl":"https://shop.example/x",
                     "referrer":"https://blog.example/","visitorId":"v-{{i}}"}
                    """;
                var body = generator.Next(0, 10) switch
                {
                    < 6 => generator.MutateJson(valid),
                    < 8 => generator.RandomJsonBody(),
                    9 => generator.BrokenBody(),
                    _ => valid,
                };
                request.Content = Content(body, generator.Chance(0.9) ? "application/json" : null);
            }

            request.Headers.TryAddWithoutValidation(
                "Origin",
                generator.Chance(0.5) ? "https://" + Header(Junk()) : "https://shop.example"
            );
            request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", Header(Junk()));
            AddCookies(request);
            using var response = await probe.SendAsync(
                "click endpoint",
                world.Visitor,
                request,
                HostileAnswer.Problem,
                mayWrite: true
            );
        }
    }

    /// <summary>
    /// /go with real and garbage codes and links and destinations built from open-redirect tricks: never a 5xx, and
    /// a redirect only ever to the default page, an allowed host or a path on the site.
    /// </summary>
    public async Task LinksAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var (code, _) = generator.Chance(0.2) ? (generator.Pick(Codes), true) : ReferralCode();
            // The server never sees a NUL in the path (see Segment): a code made invalid only by one is valid here.
            code = code.Replace("\0", "", StringComparison.Ordinal);
            var valid = Codes.Contains(code.Trim(), StringComparer.OrdinalIgnoreCase);
            var path = "/go/" + Segment(code);
            if (generator.Chance(0.3))
            {
                path += "/" + Segment(generator.Chance(0.5) ? world.AnnasLink : Junk());
            }

            var to =
                generator.Pick(RedirectPrefixes) + generator.Pick(RedirectHosts) + generator.Pick(RedirectSuffixes);
            var encoded = generator.Next(0, 3) switch
            {
                0 => Escape(to),
                1 => Escape(Escape(to)),
                _ => RawQuery(to),
            };
            var query = generator.Chance(0.1) ? $"?to={encoded}&to=/ok" : $"?to={encoded}";
            if (generator.Chance(0.3))
            {
                query += "&sub1=" + Escape(Junk());
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path + query, UriKind.Relative));
            AddCookies(request);
            using var response = await probe.SendAsync(
                "go links",
                world.Visitor,
                request,
                HostileAnswer.Problem,
                valid
            );
            if (response is null || (int)response.StatusCode is < 300 or >= 400)
            {
                continue;
            }

            if (LeaksTo(response.Headers.Location) is { } where)
            {
                probe.Failures.Add($"[go links] {Short(path + query)} redirected to {where}");
            }
        }
    }

    /// <summary>
    /// Each webhook source and the postback with payloads of the vendor's shape, mutated, signed correctly, with the
    /// wrong secret, a garbage or missing signature, a stale timestamp, or signed then tampered; wrong content types;
    /// oversized bodies; and exact replays of accepted deliveries. A bad signature is refused; a refusal or a replay
    /// writes nothing.
    /// </summary>
    public async Task WebhooksAsync(int count)
    {
        var accepted = new List<Delivery>();
        for (var i = 0; i < count; i++)
        {
            if (accepted.Count > 0 && generator.Chance(0.05))
            {
                var replay = generator.Pick(accepted);
                using var again = replay.Request();
                using var answer = await probe.SendAsync(
                    "webhooks (replayed)",
                    world.Visitor,
                    again,
                    HostileAnswer.Problem,
                    mayWrite: false
                );
                continue;
            }

            var delivery = Delivery.Make(generator, world.Host.Time.GetUtcNow().ToUnixTimeSeconds(), i, lean);
            using var request = delivery.Request();
            using var response = await probe.SendAsync(
                "webhooks " + delivery.Source,
                world.Visitor,
                request,
                HostileAnswer.Problem,
                mayWrite: delivery.SignedRight
            );
            if (response is null)
            {
                continue;
            }

            if (!delivery.SignedRight && (int)response.StatusCode < 400)
            {
                probe.Failures.Add(
                    $"[webhooks {delivery.Source}] {delivery.Signing}: accepted with {response.StatusCode}"
                );
            }
            else if (delivery.SignedRight && response.IsSuccessStatusCode)
            {
                accepted.Add(delivery);
            }
        }
    }

    /// <summary>
    /// Every partner and admin API endpoint found in routing, as anonymous, anna, ben and the admin, with real,
    /// other partners' and garbage ids, garbage and swapped cursors and query values, and mutated bodies. An
    /// anonymous caller never gets an answer but a refusal, a partner never gets an admin answer, and only a partner
    /// or admin whose request was accepted may write.
    /// </summary>
    public async Task ApisAsync(int count)
    {
        var endpoints = world.ApiEndpoints();
        Assert.True(endpoints.Count > 40, $"only {endpoints.Count} API endpoints found");
        var callers = new (string Name, HttpClient Client)[]
        {
            ("anonymous", world.Host.Client),
            ("anna", world.Anna),
            ("ben", world.Ben),
            ("admin", world.Admin),
        };
        for (var i = 0; i < count; i++)
        {
            var (pattern, method) = generator.Pick(endpoints);
            var (caller, client) = generator.Pick(callers);
            var path = HostileRoutes.Fill(pattern, _ =>
                Segment(generator.Chance(0.4) ? generator.Pick(world.RealIds) : Junk())
            );
            var query = new List<(string, string)>();
            for (var q = generator.Next(0, 4); q > 0; q--)
            {
                var name = generator.Pick(QueryNames);
                query.Add(
                    (name, name == "cursor" && generator.Chance(0.5) ? generator.Pick(world.RealCursors) : Junk())
                );
            }

            using var request = new HttpRequestMessage(new HttpMethod(method), Url(path, query));
            if (method is "POST" or "PUT" or "PATCH" or "DELETE" && generator.Chance(0.9))
            {
                var body = generator.Next(0, 10) switch
                {
                    < 6 => generator.RandomJsonBody(),
                    < 8 => generator.MutateJson(ApiTemplate),
                    _ => generator.BrokenBody(),
                };
                request.Content = Content(body, generator.Chance(0.9) ? "application/json" : null);
            }

            var admin = pattern.StartsWith("/affiliate/admin", StringComparison.Ordinal);
            using var response = await probe.SendAsync(
                "api " + (admin ? "admin" : "partner") + " as " + caller,
                client,
                request,
                HostileAnswer.Problem,
                mayWrite: caller == "admin" || (!admin && caller != "anonymous")
            );
            if (response is null || !response.IsSuccessStatusCode)
            {
                continue;
            }

            if (caller == "anonymous" || (admin && caller != "admin"))
            {
                probe.Failures.Add($"[api] {method} {Short(path)} as {caller}: {response.StatusCode}");
            }
        }
    }

    // A referral code: garbage, or a real one made slightly wrong; valid only when it is exactly a real code.
    private (string Code, bool Valid) ReferralCode()
    {
        var code = generator.Pick(Codes);
        // Mostly refused codes: a refusal is what is checked for writes, and a real click costs a commit.
        var mutated = generator.Next(0, 16) switch
        {
            0 => code,
            1 => code.ToLowerInvariant(),
            2 => code + Junk(),
            3 => Junk() + code,
            4 => " " + code + "\t",
            5 => code + "%00",
            _ => Junk(),
        };
        return (mutated, Codes.Contains(mutated.Trim(), StringComparer.OrdinalIgnoreCase));
    }

    private void AddCookies(HttpRequestMessage request)
    {
        var parts = new List<string>();
        var attribution = world.AttributionCookie;
        switch (generator.Next(0, 7))
        {
            case 0:
                parts.Add("aff_attr=" + CookieSafe(Junk()));
                break;
            case 1:
                // Tampered: one character of the signed value changed.
                var chars = attribution.ToCharArray();
                var at = generator.Next(0, chars.Length);
                chars[at] = chars[at] == 'A' ? 'B' : 'A';
                parts.Add("aff_attr=" + new string(chars));
                break;
            case 2:
                parts.Add("aff_attr=" + attribution);
                break;
            case 3:
                parts.Add("aff_attr=" + attribution[..generator.Next(0, attribution.Length)]);
                break;
            case 4:
                parts.Add("aff_attr=" + new string('A', lean ? 2000 : 20_000));
                break;
        }

        if (generator.Chance(0.5))
        {
            parts.Add("aff_vid=" + (generator.Chance(0.5) ? world.VisitorCookie : CookieSafe(Junk())));
        }

        if (parts.Count > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", string.Join("; ", parts));
        }
    }

    private void AddOddHeaders(HttpRequestMessage request)
    {
        if (generator.Chance(0.3))
        {
            request.Headers.TryAddWithoutValidation("User-Agent", Header(Junk()));
        }

        foreach (var name in new[] { "X-Forwarded-For", "Referer", "Accept-Language", "DNT", "Sec-GPC", "Forwarded" })
        {
            if (generator.Chance(0.2))
            {
                request.Headers.TryAddWithoutValidation(name, Header(Junk()));
            }
        }
    }

    private StringContent Content(string body, string? mediaType)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType ?? generator.Pick(MediaTypes));
        return content;
    }

    private string Junk()
    {
        var junk = generator.Junk();
        return lean && junk.Length > 200 ? junk[..200] : junk;
    }

    // Where a redirect leads when that is neither the default page, an allowed host, nor a path on the site.
    private static string? LeaksTo(Uri? location)
    {
        if (location is null)
        {
            return "(no Location)";
        }

        var text = location.OriginalString;
        if (text.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            return "a Location with a line break: " + Short(text);
        }

        if (text == HostileWorld.DefaultPage)
        {
            return null;
        }

        if (!location.IsAbsoluteUri)
        {
            return
                text.StartsWith('/')
                && !text.StartsWith("//", StringComparison.Ordinal)
                && !text.StartsWith("/\\", StringComparison.Ordinal)
                ? null
                : Short(text);
        }

        var host = location.Host;
        var allowed =
            location.Scheme is "https" or "http"
            && location.UserInfo.Length == 0
            && (host == "partner-shop.example" || host.EndsWith(".cdn.example", StringComparison.Ordinal));
        return allowed ? null : Short(text);
    }

    private static Uri Url(string path, IEnumerable<(string Name, string Value)> query)
    {
        var parts = query.Select(q => Escape(q.Name) + "=" + Escape(q.Value)).ToList();
        return new Uri(parts.Count == 0 ? path : path + "?" + string.Join("&", parts), UriKind.Relative);
    }

    /// <summary>Percent-encodes the UTF-8 of <paramref name="value"/> (a lone surrogate becomes U+FFFD).</summary>
    public static string Escape(string value)
    {
        var text = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~')
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    // A route value escaped into one path segment. NUL is left out: the server refuses a path with NUL before any
    // endpoint (Kestrel answers its own 400, the TestServer's client throws), so NUL goes in queries and bodies. An
    // empty segment is left out too: that URL matches no endpoint of the adapter but the host's own 404.
    private static string Segment(string value)
    {
        var escaped = Escape(value.Replace("\0", "", StringComparison.Ordinal));
        return escaped.Length == 0 ? "%20" : escaped;
    }

    // As a careless client sends it: printable ASCII raw, the rest encoded, and '#' encoded (it would end the URL).
    private static string RawQuery(string value) =>
        string.Concat(
            value.Select(c => c is > ' ' and < (char)127 and not '#' and not '&' ? c.ToString() : Escape(c.ToString()))
        );

    // Header values cannot hold line breaks or NUL (the client refuses them); everything else goes.
    private static string Header(string value) =>
        new(value.Where(c => c is not '\r' and not '\n' and not '\0' && c < 0x7F).ToArray());

    private static string CookieSafe(string value) => new(Header(value).Where(c => c is not ';').ToArray());

    private static string Short(string text) => HostileProbe.Short(text);
}
