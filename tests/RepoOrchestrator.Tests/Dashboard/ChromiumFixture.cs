using Microsoft.Playwright;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// One headless Debian Chromium per test class (launching it is the slow part); each test still gets its own
/// browser context, page and service. Playwright drives the system browser: never `playwright install`.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run ./test.sh, which installs Debian's chromium package.");
        }

        // Generous waits: two cores are shared by several workers. Waits end as soon as the condition holds.
        Assertions.SetDefaultExpectTimeout(DashboardSession.TimeoutMs);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Timeout = 120_000,
            // No sandbox inside containers; nothing that phones home, so the tests also prove "no external requests".
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
