using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.AspNetCore.Tests.Privacy;

/// <summary>An admin exports and erases a partner's data over HTTP, on a SQLite file; nobody else can.</summary>
public sealed class PrivacyEndpointsTests : IAsyncLifetime
{
    private TestHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(new TestHostSetup { Pipeline = app => app.MapAffiliatePrivacyApi() });
        await _host.InScopeAsync(async services =>
        {
            var partners = services.GetRequiredService<PartnerDirectory>();
            var application = new PartnerApplication
            {
                Id = new PartnerId("anna"),
                Name = "Anna Example",
                Email = "anna@example.com",
                ReferralCodes = ["ANNA10"],
                AutoApprove = true,
            };
            return (await partners.RegisterAsync(application)).GetValueOrThrow();
        });
        await _host.InScopeAsync(async services =>
        {
            var click = new ClickRequest
            {
                ReferralCode = "ANNA10",
                VisitorId = "v1",
                UserAgent = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0",
            };
            (await services.GetRequiredService<ClickTracker>().RecordAsync(click)).GetValueOrThrow();
            return 0;
        });
        await _host.FlushClicksAsync();
        _host.Advance(Duration.FromHours(1));
        await _host.InScopeAsync<int>(async services =>
        {
            var sale = new ConversionRequest
            {
                Facts = ConversionFacts.Sale(new ConversionId("o1"), _host.Now, Money.Of(100m, "EUR")),
                VisitorId = "v1",
            };
            (await services.GetRequiredService<ConversionRecorder>().RecordAsync(sale)).GetValueOrThrow();
            return 0;
        });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task An_admin_exports_a_partner_with_the_profile_and_the_lines()
    {
        var response = await _host
            .AdminClient()
            .GetAsync(new Uri("/affiliate/admin/partners/anna/export", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("anna@example.com", export.GetProperty("partner").GetProperty("email").GetString());
        Assert.Equal(1, export.GetProperty("lines").GetArrayLength());
    }

    [Fact]
    public async Task An_admin_erases_a_partner_and_the_balance_stays()
    {
        var admin = _host.AdminClient();
        var before = await BalanceAsync();

        using var body = JsonContent.Create(new { reason = "request 42" });
        var response = await admin.PostAsync(new Uri("/affiliate/admin/partners/anna/erase", UriKind.Relative), body);
        var again = await admin.PostAsync(new Uri("/affiliate/admin/partners/anna/erase", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var partner = await _host.InScopeAsync(async s =>
            await s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("anna"))
        );
        Assert.Equal(PartnerDirectory.ErasedName, partner!.Name);
        Assert.Null(partner.Email);
        Assert.Equal(before, await BalanceAsync());
        Assert.Equal(10m, before);
    }

    [Theory]
    [InlineData("/affiliate/admin/partners/nobody/export", "GET", 404, "unknown_partner")]
    [InlineData("/affiliate/admin/partners/nobody/erase", "POST", 404, "unknown_partner")]
    [InlineData("/affiliate/admin/partners/%01bad/export", "GET", 400, "invalid_request")]
    public async Task Unknown_or_invalid_ids_are_problem_answers(string path, string method, int status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        var response = await _host.AdminClient().SendAsync(request);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_malformed_erase_body_is_a_problem_and_erases_nothing()
    {
        using var body = new StringContent("{\"reason\":", System.Text.Encoding.UTF8, "application/json");
        var response = await _host
            .AdminClient()
            .PostAsync(new Uri("/affiliate/admin/partners/anna/erase", UriKind.Relative), body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var partner = await _host.InScopeAsync(async s =>
            await s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("anna"))
        );
        Assert.Equal("anna@example.com", partner!.Email);
    }

    [Fact]
    public async Task A_partner_or_an_anonymous_caller_cannot_export_or_erase()
    {
        var asPartner = await _host
            .PartnerClient("anna")
            .GetAsync(new Uri("/affiliate/admin/partners/anna/export", UriKind.Relative));
        var anonymous = await _host.Client.PostAsync(
            new Uri("/affiliate/admin/partners/anna/erase", UriKind.Relative),
            null
        );

        Assert.Equal(HttpStatusCode.Forbidden, asPartner.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var partner = await _host.InScopeAsync(async s =>
            await s.GetRequiredService<PartnerDirectory>().FindAsync(new PartnerId("anna"))
        );
        Assert.Equal("anna@example.com", partner!.Email);
    }

    private Task<decimal> BalanceAsync() =>
        _host.InScopeAsync(async s =>
            (await s.GetRequiredService<CommissionLedger>().BalancesAsync(new PartnerId("anna"))).Sum(b =>
                b.Pending.Amount + b.Held.Amount
            )
        );
}
