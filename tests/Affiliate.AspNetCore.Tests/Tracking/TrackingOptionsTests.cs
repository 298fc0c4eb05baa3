using Affiliate.AspNetCore.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Affiliate.AspNetCore.Tests.Tracking;

/// <summary>Tracking options that cannot work stop the host at start, saying what to change.</summary>
public sealed class TrackingOptionsTests
{
    [Fact]
    public async Task Bad_aliases_cookie_names_origins_and_capacity_stop_the_host_with_what_to_change()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestHost.StartAsync(
                new TestHostSetup
                {
                    Web = web =>
                    {
                        web.Tracking.ReferralAliases.Add("a b");
                        web.Tracking.AttributionCookieName = "AFF_VID";
                        web.Tracking.AllowedOrigins.Add("https://blog.example/path");
                        web.Tracking.ClickQueueCapacity = 0;
                        web.Tracking.ClickQueueWait = TimeSpan.FromSeconds(-1);
                        web.Tracking.VisitorCookieLifetime = TimeSpan.Zero;
                    },
                }
            )
        );

        Assert.Contains("ReferralAliases[0]", error.Message, StringComparison.Ordinal);
        Assert.Contains("are the same", error.Message, StringComparison.Ordinal);
        Assert.Contains("AllowedOrigins[0] is not an origin", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClickQueueCapacity must be at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClickQueueWait must be between 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("VisitorCookieLifetime must be positive", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://Blog.Example/", "https://blog.example")]
    [InlineData("http://localhost:5173", "http://localhost:5173")]
    [InlineData("https://blog.example/path", null)]
    [InlineData("ftp://blog.example", null)]
    [InlineData("blog.example", null)]
    [InlineData("", null)]
    public void An_origin_is_scheme_host_and_port_only(string given, string? normalized) =>
        Assert.Equal(normalized, TrackingCors.Normalize(given));
}
