using System.Net;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using static Affiliate.AspNetCore.Tests.Api.ApiWorld;

namespace Affiliate.AspNetCore.Tests.Api;

/// <summary>The rate limit and the OpenAPI document of the APIs.</summary>
public sealed class ApiPlumbingTests
{
    [Fact]
    public async Task The_request_after_the_permits_of_the_window_is_a_429_problem_with_retry_after()
    {
        await using var world = await StartAsync(web => web.Api.RateLimitPermits = 3, seed: false);
        await world.Host.AddPartnerAsync("anna", "ANNA");
        var anna = world.Host.PartnerClient("anna");

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anna.GetAsync(Url("/affiliate/partner/me"))).StatusCode);
        }

        var limited = await anna.GetAsync(Url("/affiliate/partner/me"));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limited", (await JsonAsync(limited)).GetProperty("code").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        // Each client has its own permits: an admin is not limited by anna's requests.
        Assert.Equal(
            HttpStatusCode.OK,
            (await world.Host.AdminClient().GetAsync(Url("/affiliate/admin/plans"))).StatusCode
        );
    }

    [Fact]
    public async Task A_host_names_its_own_rate_limiting_policy_instead_of_the_adapters()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                BulkClicks = false,
                Web = web => web.Api.RateLimitPolicy = "host-policy",
                Services = services =>
                    services.AddRateLimiter(o =>
                    {
                        o.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
                        o.AddFixedWindowLimiter("host-policy", w =>
                        {
                            w.PermitLimit = 1;
                            w.Window = TimeSpan.FromHours(1);
                        });
                    }),
                Pipeline = app =>
                {
                    app.UseRateLimiter();
                    app.MapAffiliateEndpoints();
                },
            }
        );

        Assert.Equal(HttpStatusCode.OK, (await host.AdminClient().GetAsync(Url("/affiliate/admin/plans"))).StatusCode);
        var limited = await host.AdminClient().GetAsync(Url("/affiliate/admin/plans"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, limited.StatusCode);
    }

    [Fact]
    public async Task An_admin_policy_the_host_did_not_define_stops_the_mapping_with_what_to_change()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            StartAsync(web => web.Api.AdminPolicy = "Nobody", seed: false)
        );

        Assert.Contains("authorization policy 'Nobody'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_rate_limit_policy_means_no_limit()
    {
        await using var world = await StartAsync(
            web =>
            {
                web.Api.RateLimitPermits = 1;
                web.Api.RateLimitPolicy = null;
            },
            seed: false
        );
        await world.Host.AddPartnerAsync("anna", "ANNA");

        for (var i = 0; i < 3; i++)
        {
            var response = await world.Host.PartnerClient("anna").GetAsync(Url("/affiliate/partner/me"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task The_openapi_document_lists_the_partner_and_admin_endpoints()
    {
        await using var world = await StartAsync(seed: false);

        var response = await world.Host.Client.GetAsync(Url("/affiliate/openapi/affiliate.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await JsonAsync(response);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/affiliate/partner/me", out _));
        Assert.True(paths.TryGetProperty("/affiliate/partner/payouts/{payoutId}/statement.csv", out _));
        Assert.True(paths.TryGetProperty("/affiliate/admin/partners/{partnerId}/approve", out _));
        Assert.True(paths.TryGetProperty("/affiliate/admin/reports/leaderboard", out _));
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject()).ToArray();
        Assert.Contains(operations, o =>
            o.Value.TryGetProperty("operationId", out var id) && id.GetString() == "AffiliateAdminRunPayouts"
        );
        Assert.True(operations.Length >= 35, $"{operations.Length} operations");

        // Bodies are described without Accepts metadata (which would make routing answer an empty 415).
        var register = paths.GetProperty("/affiliate/admin/partners").GetProperty("post");
        var body = register.GetProperty("requestBody").GetProperty("content").GetProperty("application/json");
        Assert.True(body.TryGetProperty("schema", out _));
    }

    [Fact]
    public async Task Options_that_cannot_limit_stop_the_host_at_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            StartAsync(
                web =>
                {
                    web.Api.RateLimitPermits = 0;
                    web.Api.RateLimitPolicy = " ";
                },
                seed: false
            )
        );

        Assert.Contains("RateLimitPermits must be 1 or more", error.Message, StringComparison.Ordinal);
        Assert.Contains("RateLimitPolicy is blank", error.Message, StringComparison.Ordinal);
    }
}
