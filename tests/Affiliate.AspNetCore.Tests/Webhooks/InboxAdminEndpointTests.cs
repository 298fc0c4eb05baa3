using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Affiliate.AspNetCore.Tests.Webhooks;

/// <summary>An admin sees stored webhooks by state and processes one again; nobody else can.</summary>
public sealed class InboxAdminEndpointTests
{
    [Fact]
    public async Task An_admin_lists_a_waiting_refund_and_processes_it_again_once_its_order_is_there()
    {
        await using var web = await WebhookHost.StartAsync();
        var admin = web.Host.AdminClient();
        await web.StripeAsync(Payloads.StripeRefund("evt_r", "pi_1", web.UnixNow + 60));

        var waiting = await admin.GetFromJsonAsync<JsonElement>(Url("/affiliate/admin/webhooks?state=waiting"));
        var failed = await admin.GetFromJsonAsync<JsonElement>(Url("/affiliate/admin/webhooks"));
        await web.StripeAsync(Payloads.StripeCheckout("evt_s", "pi_1", web.UnixNow));
        var again = await admin.PostAsync(Url("/affiliate/admin/webhooks/stripe/evt_r/process"), null);

        var item = Assert.Single(waiting.EnumerateArray());
        Assert.Equal("evt_r", item.GetProperty("eventId").GetString());
        Assert.Equal("pi_1", item.GetProperty("waitingFor").GetString());
        Assert.Equal(0, failed.GetArrayLength());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var processed = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("processed", processed.GetProperty("state").GetString());
        Assert.Equal(Money.Of(4.5m, "EUR"), await web.EarnedAsync());
    }

    [Theory]
    [InlineData("GET", "/affiliate/admin/webhooks?state=lost", 400, "invalid_request")]
    [InlineData("GET", "/affiliate/admin/webhooks?state=1", 400, "invalid_request")]
    [InlineData("GET", "/affiliate/admin/webhooks?size=501", 400, "invalid_request")]
    [InlineData("POST", "/affiliate/admin/webhooks/stripe/evt_none/process", 404, "unknown_webhook_event")]
    public async Task Bad_or_unknown_requests_are_problems(string method, string path, int status, string code)
    {
        await using var web = await WebhookHost.StartAsync();

        using var request = new HttpRequestMessage(new HttpMethod(method), Url(path));
        var response = await web.Host.AdminClient().SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_partner_or_an_anonymous_caller_cannot_see_or_process_webhooks()
    {
        await using var web = await WebhookHost.StartAsync();

        var partner = await web.Host.PartnerClient("anna").GetAsync(Url("/affiliate/admin/webhooks"));
        var anonymous = await web.Client.PostAsync(Url("/affiliate/admin/webhooks/stripe/evt_1/process"), null);

        Assert.Equal(HttpStatusCode.Forbidden, partner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);
}
