using System.Text.Json;
using System.Text.Json.Serialization;

namespace Affiliate.AspNetCore;

/// <summary>
/// The first-party tracking script served at <c>{prefix}/track.js</c>. It reads the referral parameter (or an alias)
/// and sub1..sub5 from the page's URL, posts them with the landing URL, the referrer and the visitor id it kept to the
/// click endpoint (with credentials, so CORS must allow the page's origin), and keeps the visitor id it gets back in
/// a first-party cookie and localStorage (<c>window.affiliateVisitorId</c> too), and the signed attribution in a
/// first-party cookie of the attribution cookie's name (<c>window.affiliateAttribution</c> too), which checkout reads
/// as it reads the middleware's.
/// </summary>
internal static class TrackingScript
{
    public const string Source = """
        (function () {
          var c = {CONFIG};
          var q = new URLSearchParams(window.location.search);
          var code = null;
          for (var i = 0; i < c.params.length && !code; i++) { code = q.get(c.params[i]); }
          if (!code) { return; }
          var subs = [];
          for (var n = 1; n <= 5; n++) { subs.push(q.get("sub" + n) || ""); }
          while (subs.length && !subs[subs.length - 1]) { subs.pop(); }
          var kept = document.cookie.match(new RegExp("(?:^|; )" + c.cookie + "=([^;]*)"));
          var vid = kept ? decodeURIComponent(kept[1]) : null;
          try { vid = vid || window.localStorage.getItem(c.cookie); } catch (e) { }
          var body = { code: code, subIds: subs, landingUrl: window.location.href,
            referrer: document.referrer || null, visitorId: vid || null };
          fetch(c.endpoint, { method: "POST", credentials: "include", headers: { "Content-Type": "application/json" },
            body: JSON.stringify(body) })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (a) {
              if (!a || !a.visitorId) { return; }
              var secure = window.location.protocol === "https:" ? "; Secure" : "";
              document.cookie = c.cookie + "=" + encodeURIComponent(a.visitorId) + "; Max-Age=" + c.maxAge
                + "; Path=/; SameSite=Lax" + secure;
              if (a.attribution) {
                document.cookie = c.attributionCookie + "=" + a.attribution + "; Max-Age=" + a.attributionMaxAge
                  + "; Path=/; SameSite=Lax" + secure;
                window.affiliateAttribution = a.attribution;
              }
              try { window.localStorage.setItem(c.cookie, a.visitorId); } catch (e) { }
              window.affiliateVisitorId = a.visitorId;
            })
            .catch(function () { });
        })();
        """;
}

internal sealed record ScriptConfig(
    string Endpoint,
    string[] Params,
    string Cookie,
    string AttributionCookie,
    int MaxAge
);

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScriptConfig))]
internal sealed partial class TrackingJsonContext : JsonSerializerContext;
