using System.Net;
using Microsoft.Playwright;

namespace Affiliate.Samples.WebShop.Tests.Infrastructure;

/// <summary>
/// The shop on real Kestrel (127.0.0.1, a free port), seeded once, and the machine's Chromium driven by Playwright:
/// shared by every test in <see cref="BrowserCollection"/>. Each test opens its own browser context (its own cookies:
/// one visitor, partner or admin).
/// </summary>
public sealed class BrowserShop : IAsyncLifetime
{
    /// <summary>The Chromium the tests drive (Debian's package; Playwright's own browsers are never downloaded).
    /// </summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Why the browser tests are skipped here, or null when they run (always on CI).</summary>
    public static string? SkipReason =>
        File.Exists(ChromiumPath) || IsCi
            ? null
            : $"Chromium is not installed at {ChromiumPath} (apt-get install -y chromium); CI=true makes this fail.";

    private static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.Ordinal);

    private readonly Dictionary<(string? User, int Width), IPage> _lookers = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The shop, listening on Kestrel.</summary>
    public ShopFactory Shop { get; } = new() { OnKestrel = true };

    /// <summary>The browser.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary>The shop's address as a browser reaches it: localhost (a secure context, so the Secure attribution
    /// cookie is kept and the clipboard works) on Kestrel's port.</summary>
    public string BaseUrl => $"http://localhost:{Shop.Address.Port}";

    /// <summary>Where the screenshots go: artifacts/screenshots under the repository's root.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (SkipReason is not null)
        {
            return;
        }

        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"CI=true and Chromium is missing at {ChromiumPath}: install it (apt-get install -y chromium)."
            );
        }

        await Shop.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(
            new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args =
                [
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                ],
            }
        );
    }

    /// <summary>A new browser context (its own cookies) at <paramref name="width"/> x <paramref name="height"/>,
    /// with JavaScript on unless <paramref name="javaScript"/> is false.</summary>
    public async Task<IBrowserContext> NewContextAsync(int width = 1280, int height = 800, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(
            new()
            {
                BaseURL = BaseUrl,
                ViewportSize = new() { Width = width, Height = height },
                JavaScriptEnabled = javaScript,
                AcceptDownloads = true,
                UserAgent = ShopFactory.UserAgent,
                Locale = "en-GB",
            }
        );
        context.SetDefaultTimeout(15_000);
        return context;
    }

    /// <summary>
    /// A page of a context kept for <paramref name="user"/> (null: a visitor) at this size, signed in once: the
    /// screenshot tests look at many pages as the same person.
    /// </summary>
    public async Task<IPage> LookerAsync(string? user, int width, int height)
    {
        if (!_lookers.TryGetValue((user, width), out var page))
        {
            page = await (await NewContextAsync(width, height)).NewPageAsync();
            if (user is not null)
            {
                await page.SignInAsync(user);
            }

            _lookers[(user, width)] = page;
        }

        return page;
    }

    /// <summary>
    /// The visitor follows <paramref name="code"/>'s referral link, and spends a few minutes on the page before buying:
    /// the click is written (the bulk writer's timer runs on the fake time, which never fires) and the demo clock
    /// moves 5 minutes (a sale seconds after its click is held for review as an injected click).
    /// </summary>
    public async Task ArriveThroughAsync(IPage visitor, string code)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        await visitor.GotoAsync("/?ref=" + code);
        await Shop.FlushClicksAsync();
        Shop.Clock.Advance(TimeSpan.FromMinutes(5));
    }

    /// <summary>A new page in a new context, signed in as <paramref name="email"/> through the sign-in form.</summary>
    public async Task<IPage> SignedInPageAsync(string email, bool javaScript = true)
    {
        var context = await NewContextAsync(javaScript: javaScript);
        var page = await context.NewPageAsync();
        await page.SignInAsync(email);
        return page;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await ((IAsyncLifetime)Shop).DisposeAsync();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Affiliate.Core.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}

/// <summary>The browser tests: one seeded shop on Kestrel and one Chromium for all of them, one test at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserShop>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "browser";
}
