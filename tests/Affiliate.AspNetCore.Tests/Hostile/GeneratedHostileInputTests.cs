using System.Diagnostics;
using System.Globalization;
using Xunit.Abstractions;

namespace Affiliate.AspNetCore.Tests.Hostile;

/// <summary>
/// Issue 11: more than 10,000 generated malformed inputs over every HTTP surface of the adapter (the tracking
/// middleware, the click endpoint, /go links, each webhook source and the postback, the partner and admin APIs):
/// no 5xx, a problem details answer for every API refusal, no write for a refused input, no open redirect, no
/// accepted bad signature, no replayed write, no API answer for the wrong caller. The inputs come from a seed
/// (<c>AFFILIATE_HOSTILE_SEED</c>, by default the day's number, so a run is repeatable the same day and the inputs
/// change from day to day); a failure prints it. <c>AFFILIATE_LONG=1</c> sends ten times as many.
/// </summary>
public sealed class GeneratedHostileInputTests(ITestOutputHelper output)
{
    private static readonly int Scale = Environment.GetEnvironmentVariable("AFFILIATE_LONG") == "1" ? 10 : 1;

    [Fact]
    public async Task Ten_thousand_generated_hostile_inputs_get_no_5xx_no_bare_error_and_write_nothing_refused()
    {
        var seed = Seed();
        var clock = Stopwatch.StartNew();
        await using var world = await HostileWorld.StartAsync();
        await using var probe = await HostileProbe.OpenAsync(world.Host);
        var surfaces = new HostileSurfaces(world, probe, new HostileGenerator(seed), lean: false);

        await surfaces.TrackingAsync(1500 * Scale);
        // The cookies of the real visit are past the attribution window from here on.
        world.ExpireCookies();
        await probe.SettleAsync();
        await surfaces.TrackingAsync(500 * Scale);
        await surfaces.ClickEndpointAsync(1000 * Scale);
        await surfaces.LinksAsync(2000 * Scale);
        await surfaces.WebhooksAsync(2400 * Scale);
        await surfaces.ApisAsync(3000 * Scale);

        output.WriteLine($"seed {seed}, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine(probe.Report());
        Assert.True(
            probe.Failures.Count == 0,
            $"seed {seed} (AFFILIATE_HOSTILE_SEED={seed} replays it), {probe.Failures.Count} failures:"
                + Environment.NewLine
                + string.Join(Environment.NewLine, probe.Failures.Take(40))
        );
        Assert.True(probe.Total >= 10_000, $"only {probe.Total} inputs");
    }

    [Fact]
    public async Task Generated_hostile_inputs_through_real_kestrel_get_no_5xx_and_write_nothing_refused()
    {
        // A real socket and Kestrel's own parsing between the client and the adapter; sizes stay under Kestrel's
        // request limits (lean), whose own refusals are the server's, not the adapter's.
        var seed = Seed();
        await using var world = await HostileWorld.StartAsync(kestrel: true);
        await using var probe = await HostileProbe.OpenAsync(world.Host);
        var surfaces = new HostileSurfaces(world, probe, new HostileGenerator(seed), lean: true);

        await surfaces.TrackingAsync(100 * Scale);
        await surfaces.ClickEndpointAsync(50 * Scale);
        await surfaces.LinksAsync(100 * Scale);
        await surfaces.WebhooksAsync(100 * Scale);
        await surfaces.ApisAsync(150 * Scale);

        output.WriteLine($"seed {seed}");
        output.WriteLine(probe.Report());
        Assert.True(
            probe.Failures.Count == 0,
            $"seed {seed}, {probe.Failures.Count} failures:"
                + Environment.NewLine
                + string.Join(Environment.NewLine, probe.Failures.Take(40))
        );
    }

    private static int Seed() =>
        int.TryParse(
            Environment.GetEnvironmentVariable("AFFILIATE_HOSTILE_SEED"),
            NumberStyles.Integer,
            CultureInfo.InvariantCulture,
            out var seed
        )
            ? seed
            : DateOnly.FromDateTime(DateTime.UtcNow).DayNumber;
}
