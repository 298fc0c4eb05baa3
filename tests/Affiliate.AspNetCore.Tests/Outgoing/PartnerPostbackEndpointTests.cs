using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace Affiliate.AspNetCore.Tests.Outgoing;

/// <summary>A partner sets, reads and removes their own postback URL over HTTP; bad templates are problems.</summary>
public sealed class PartnerPostbackEndpointTests
{
    private static readonly Uri Postback = new("/affiliate/partner/postback", UriKind.Relative);

    [Fact]
    public async Task A_partner_sets_reads_and_removes_their_postback_url()
    {
        await using var host = await StartAsync();
        var anna = host.PartnerClient("anna");
        const string Template = "https://tracker.example/pb?click={click_id}&amount={amount}&status={status}";

        var before = await anna.GetAsync(Postback);
        var set = await anna.PutAsJsonAsync(Postback, new { url = Template });
        var read = await anna.GetFromJsonAsync<JsonElement>(Postback);
        var otherPartner = await host.PartnerClient("ben").GetAsync(Postback);
        var removed = await anna.DeleteAsync(Postback);
        var after = await anna.GetAsync(Postback);

        Assert.Equal(HttpStatusCode.NotFound, before.StatusCode);
        Assert.Equal("no_postback", await CodeAsync(before));
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(Template, read.GetProperty("urlTemplate").GetString());
        Assert.Equal(HttpStatusCode.NotFound, otherPartner.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }

    [Theory]
    [InlineData("{\"url\":\"http://127.0.0.1/pb\"}", 400, "invalid_postback_url")]
    [InlineData("{\"url\":\"https://tracker.example/pb?x={nope}\"}", 400, "unknown_postback_placeholder")]
    [InlineData("{\"url\":\"javascript:alert(1)\"}", 400, "invalid_postback_url")]
    [InlineData("{\"url\":null}", 400, "invalid_request")]
    [InlineData("{", 400, "invalid_request")]
    public async Task A_bad_template_is_a_problem_and_nothing_is_saved(string body, int status, string code)
    {
        await using var host = await StartAsync();
        var anna = host.PartnerClient("anna");

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        var response = await anna.PutAsync(Postback, content);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, await CodeAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await anna.GetAsync(Postback)).StatusCode);
    }

    [Fact]
    public async Task Without_a_partner_the_answer_is_401_or_403()
    {
        await using var host = await StartAsync();

        var anonymous = await host.Client.GetAsync(Postback);
        var admin = await host.AdminClient().GetAsync(Postback);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
    }

    private static async Task<TestHost> StartAsync()
    {
        var host = await TestHost.StartAsync(
            new TestHostSetup { BulkClicks = false, Pipeline = app => app.MapAffiliatePartnerPostback() }
        );
        await host.AddPartnerAsync("anna", "ANNA");
        await host.AddPartnerAsync("ben", "BEN");
        return host;
    }

    private static async Task<string?> CodeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString();
}
