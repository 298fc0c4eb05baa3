using System.Net;
using Affiliate.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Affiliate.Tests.Partners;

/// <summary>Saving a partner's postback URL template: what is accepted, what is refused with which code.</summary>
public sealed class PartnerPostbacksTests : IDisposable
{
    private static readonly Instant Start = Instant.FromUtc(2026, 5, 4, 9, 0);
    private AffiliateHost _host = new(Start, o => o.Plan = AffiliateHost.PercentPlan(10m));

    private PartnerPostbacks Postbacks => _host.Services.GetRequiredService<PartnerPostbacks>();

    [Fact]
    public async Task A_good_template_is_saved_with_the_clocks_time_and_replaced_by_the_next()
    {
        await _host.PartnerAsync("anna");

        var first = await Postbacks.SetAsync(new PartnerId("anna"), "https://t.example/pb?c={click_id}&x={commission}");
        _host.Clock.Advance(Duration.FromMinutes(5));
        var second = await Postbacks.SetAsync(new PartnerId("anna"), "http://t.example/{conversion_id}/{status}");

        Assert.True(first.Succeeded);
        Assert.Equal(Start, first.Value!.UpdatedAt);
        Assert.Equal(
            new PartnerPostback(
                new PartnerId("anna"),
                "http://t.example/{conversion_id}/{status}",
                Start + Duration.FromMinutes(5)
            ),
            await Postbacks.GetAsync(new PartnerId("anna"))
        );
        Assert.Equal(second.Value, await Postbacks.GetAsync(new PartnerId("anna")));
        Assert.True(await Postbacks.RemoveAsync(new PartnerId("anna")));
        Assert.Null(await Postbacks.GetAsync(new PartnerId("anna")));
    }

    [Theory]
    [InlineData("https://t.example/pb?c={clickid}", AffiliateErrorCodes.UnknownPostbackPlaceholder)]
    [InlineData("https://t.example/pb?c={sub6}", AffiliateErrorCodes.UnknownPostbackPlaceholder)]
    [InlineData("https://t.example/pb?c={CLICK_ID}", AffiliateErrorCodes.UnknownPostbackPlaceholder)]
    [InlineData("https://t.example/pb?c={click_id", AffiliateErrorCodes.UnknownPostbackPlaceholder)]
    [InlineData("https://t.example/pb?c=click_id}", AffiliateErrorCodes.UnknownPostbackPlaceholder)]
    [InlineData("https://{sub1}.example/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("https://t.example:{sub1}/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("{sub1}", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("ftp://t.example/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("javascript:alert(1)", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("/pb?c={click_id}", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("https://t.example/p b", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("https://t.example/pb\r\nX-Injected: 1", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://localhost/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://api.localhost/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://127.0.0.1:8080/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://10.1.2.3/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://172.16.0.1/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://192.168.1.1/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://169.254.169.254/latest/meta-data", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://[::1]/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://[fd00::1]/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://[::ffff:10.0.0.1]/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    [InlineData("http://0.0.0.0/pb", AffiliateErrorCodes.InvalidPostbackUrl)]
    public async Task A_bad_template_is_refused_with_a_stable_code_and_nothing_is_saved(string template, string code)
    {
        await _host.PartnerAsync("anna");

        var result = await Postbacks.SetAsync(new PartnerId("anna"), template);

        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(AffiliateErrorCategory.Invalid, result.Error!.Category);
        Assert.Null(await Postbacks.GetAsync(new PartnerId("anna")));
    }

    [Fact]
    public async Task A_template_longer_than_the_limit_is_refused()
    {
        await _host.PartnerAsync("anna");

        var result = await Postbacks.SetAsync(new PartnerId("anna"), "https://t.example/" + new string('a', 2000));

        Assert.Equal(AffiliateErrorCodes.InvalidPostbackUrl, result.Error?.Code);
        Assert.Contains("at most 2000", result.Error!.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_for_an_unknown_partner_is_refused_as_not_found()
    {
        var result = await Postbacks.SetAsync(new PartnerId("nobody"), "https://t.example/{click_id}");

        Assert.Equal(AffiliateErrorCodes.UnknownPartner, result.Error?.Code);
        Assert.Null(await Postbacks.GetAsync(new PartnerId("nobody")));
    }

    [Fact]
    public async Task With_allowed_hosts_only_those_hosts_and_their_listed_subdomains_are_accepted()
    {
        _host.Dispose();
        _host = new AffiliateHost(Start, o =>
        {
            o.Plan = AffiliateHost.PercentPlan(10m);
            o.Postbacks.AllowedHosts.Add("tracker.example");
            o.Postbacks.AllowedHosts.Add("*.partners.example");
        });
        await _host.PartnerAsync("anna");

        async Task<string?> CodeOf(string url) => (await Postbacks.SetAsync(new PartnerId("anna"), url)).Error?.Code;

        Assert.Null(await CodeOf("https://TRACKER.example/pb?c={click_id}"));
        Assert.Null(await CodeOf("https://a.partners.example/pb"));
        Assert.Equal(AffiliateErrorCodes.InvalidPostbackUrl, await CodeOf("https://partners.example/pb"));
        Assert.Equal(AffiliateErrorCodes.InvalidPostbackUrl, await CodeOf("https://tracker.example.evil/pb"));
        Assert.Equal(AffiliateErrorCodes.InvalidPostbackUrl, await CodeOf("https://other.example/pb"));
    }

    [Theory]
    [InlineData("8.8.8.8", true)]
    [InlineData("100.63.255.255", true)]
    [InlineData("100.64.0.1", false)]
    [InlineData("172.32.0.1", true)]
    [InlineData("224.0.0.1", false)]
    [InlineData("2001:4860:4860::8888", true)]
    [InlineData("fe80::1", false)]
    [InlineData("::", false)]
    public void Only_public_addresses_count_as_public(string address, bool isPublic)
    {
        Assert.Equal(isPublic, PartnerPostbacks.IsPublic(IPAddress.Parse(address)));
    }

    [Fact]
    public void Options_with_a_host_that_is_no_host_name_say_what_to_change()
    {
        var options = new PostbackOptions { MaxTemplateLength = 5 };
        options.AllowedHosts.Add("https://tracker.example/");

        var problems = options.Validate().ToList();

        Assert.Contains(problems, p => p.Contains("MaxTemplateLength is 5", StringComparison.Ordinal));
        Assert.Contains(problems, p =>
            p.Contains("'https://tracker.example/', which is no host", StringComparison.Ordinal)
        );
    }

    public void Dispose() => _host.Dispose();
}
