using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Tests.Hosting;

/// <summary>UseAspNetCore registers the adapter; every endpoint uses its problem answers and body reader.</summary>
public sealed class UseAspNetCoreTests
{
    [Fact]
    public async Task A_core_error_is_a_problem_answer_with_the_status_of_its_category_and_its_stable_code()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Pipeline = app =>
                    app.MapGet("/fail", () =>
                        AffiliateProblems.Problem(new AffiliateError(AffiliateErrorCodes.UnknownPartner, "No."))
                    ),
            }
        );

        var response = await host.Client.GetAsync(new Uri("/fail", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("unknown_partner", problem.GetProperty("code").GetString());
        Assert.Equal("urn:affiliate:error:unknown_partner", problem.GetProperty("type").GetString());
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("No.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("text/plain", "{}", 415, "unsupported_media_type")]
    [InlineData("application/json", "{\"name\":", 400, "invalid_request")]
    [InlineData("application/json", "{}", 400, "invalid_request")]
    [InlineData("application/json", "{\"name\":null}", 400, "invalid_request")]
    [InlineData("application/json", "null", 400, "invalid_request")]
    public async Task A_wrong_json_body_is_a_problem_answer_never_a_500(
        string mediaType,
        string body,
        int status,
        string code
    )
    {
        await using var host = await TestHost.StartAsync(new TestHostSetup { Pipeline = MapEcho });

        using var content = new StringContent(body, System.Text.Encoding.UTF8, mediaType);
        var response = await host.Client.PostAsync(new Uri("/echo", UriKind.Relative), content);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_and_a_good_one_is_read()
    {
        await using var host = await TestHost.StartAsync(new TestHostSetup { Pipeline = MapEcho });

        var large = await host.Client.PostAsJsonAsync("/echo", new Echo(new string('x', 200)));
        var good = await host.Client.PostAsJsonAsync("/echo", new Echo("anna"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal(
            "payload_too_large",
            (await large.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()
        );
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal("anna", await good.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_default_partner_resolver_reads_the_partner_claim_of_a_signed_in_user_only()
    {
        await using var host = await TestHost.StartAsync(
            new TestHostSetup
            {
                Pipeline = app =>
                    app.MapGet("/me", async (HttpContext context, IPartnerResolver resolver) =>
                        (await resolver.ResolveAsync(context, context.RequestAborted))?.Value ?? "nobody"
                    ),
            }
        );

        Assert.Equal("anna", await host.PartnerClient("anna").GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Equal("nobody", await host.Client.GetStringAsync(new Uri("/me", UriKind.Relative)));
        Assert.Equal("nobody", await host.AdminClient().GetStringAsync(new Uri("/me", UriKind.Relative)));
    }

    [Fact]
    public async Task Options_that_cannot_work_stop_the_host_at_start_with_what_to_change()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(
                new TestHostSetup
                {
                    Web = web =>
                    {
                        web.ReferralQueryParameter = " ";
                        web.Api.AdminPolicy = "";
                    },
                }
            )
        );

        Assert.Contains("ReferralParameter is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("AdminPolicy is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_without_authentication_or_authorization_of_its_own_starts_and_answers()
    {
        // A landing page and tracking only: the host never calls AddAuthorization. WebApplication adds the
        // authorization middleware when authorization services are registered, and that middleware refuses to start
        // unless the policy services are complete.
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder
            .Services.AddAffiliates(o => o.Plan = Affiliate.Stores.Specification.SpecData.TenPercentPlan())
            .UseInMemoryStores()
            .UseAspNetCore();
        await using var app = builder.Build();
        app.UseAffiliateTracking();
        app.MapGet("/", () => "home");
        await app.StartAsync();

        var answer = await app.GetTestClient().GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Equal("home", answer);
    }

    [Fact]
    public void UseAspNetCore_twice_registers_each_service_once()
    {
        var services = new ServiceCollection();
        services.AddAffiliates().UseInMemoryStores().UseAspNetCore().UseAspNetCore();

        Assert.Single(services, d => d.ServiceType == typeof(IPartnerResolver));
        Assert.Single(services, d => d.ServiceType == typeof(IValidateOptions<AffiliateWebOptions>));
    }

    private static void MapEcho(WebApplication app) => app.MapPost("/echo", async (HttpRequest request) =>
        {
            var (echo, problem) = await JsonBody.ReadAsync<Echo>(request, maxBytes: 100);
            return problem ?? Results.Text(echo!.Name);
        });

    private sealed record Echo(string Name);
}
