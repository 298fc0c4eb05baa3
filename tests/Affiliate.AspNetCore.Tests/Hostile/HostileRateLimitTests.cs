using System.Net;
using System.Net.Http.Json;
using System.Text;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// Rate limits against a hostile caller: refused requests use up the permits too (a flood of garbage is limited
/// like any other), the limited request is a 429 problem with <c>Retry-After</c> and does nothing, and another
/// caller keeps their own permits.
/// </summary>
public sealed class HostileRateLimitTests
{
    private const int Permits = 5;

    [Fact]
    public async Task A_flood_of_refused_requests_is_limited_with_a_429_problem_and_the_limited_request_writes_nothing()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                BulkClicks = false,
                Web = web => web.Api.RateLimitPermits = Permits,
                Pipeline = app =>
                {
                    app.UseRateLimiter();
                    app.MapAffiliateEndpoints();
                },
            }
        );
        await host.AddPartnerAsync("anna", "ANNA");
        await host.AddPartnerAsync("ben", "BEN");
        var before = await RowCounts.ReadAsync(host);

        // Anonymous: every request to the admin API is a 401, and still counts.
        for (var i = 0; i < Permits; i++)
        {
            using var refused = await host.Client.PostAsync(Url("/affiliate/admin/payouts/run"), Json("{"));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using (var limited = await host.Client.PostAsync(Url("/affiliate/admin/payouts/run"), Json("{}")))
        {
            await AssertLimitedAsync(limited);
        }

        // A partner sending garbage bodies: 400s, then the valid link of the next request is limited, not created.
        var anna = host.PartnerClient("anna");
        for (var i = 0; i < Permits; i++)
        {
            using var bad = await anna.PostAsync(
                Url("/affiliate/partner/links"),
                Json("{\"destination\":[" + i + "]}")
            );
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        using (var limited = await anna.PostAsync(Url("/affiliate/partner/links"), Json("{\"destination\":\"/ok\"}")))
        {
            await AssertLimitedAsync(limited);
        }

        Assert.Equal(before, await RowCounts.ReadAsync(host));

        // Ben's permits are his own.
        using var bens = await host.PartnerClient("ben")
            .PostAsync(Url("/affiliate/partner/links"), Json("{\"destination\":\"/ok\"}"));
        Assert.Equal(HttpStatusCode.Created, bens.StatusCode);
    }

    private static async Task AssertLimitedAsync(HttpResponseMessage limited)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var problem = await limited.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.Equal("rate_limited", problem.GetProperty("code").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
