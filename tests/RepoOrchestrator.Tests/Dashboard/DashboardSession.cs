using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>
/// One test's dashboard: the service on a real Kestrel socket on 127.0.0.1 and a fresh browser context and page
/// pointed at it. Records every URL the page requests, so a test can prove the dashboard never leaves the service.
/// </summary>
public sealed class DashboardSession : IAsyncDisposable
{
    /// <summary>Generous: two cores are shared by several workers and a cold Chromium is slow.</summary>
    public const float TimeoutMs = 30_000;

    private readonly List<string> _requests = [];
    private readonly List<string> _consoleErrors = [];

    private DashboardSession(OrchestratorApp app, Uri baseAddress, IBrowserContext context, IPage page)
    {
        App = app;
        BaseAddress = baseAddress;
        Context = context;
        Page = page;
        page.Request += (_, request) =>
        {
            lock (_requests)
            {
                _requests.Add(request.Url);
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_consoleErrors)
                {
                    _consoleErrors.Add(message.Text);
                }
            }
        };
    }

    public OrchestratorApp App { get; }

    public Uri BaseAddress { get; }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_consoleErrors)
            {
                return [.. _consoleErrors];
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="app"/> on Kestrel and opens a page of <paramref name="width"/>×<paramref name="height"/>.
    /// The service's own ConfigureKestrel already listens on ORCH_HOST:ORCH_PORT, so ORCH_PORT=0 plus a bare
    /// UseKestrel() gives exactly one listener on a free loopback port (UseKestrel(o => o.Listen(...)) would add a
    /// second one); the bound address is read back from IServerAddressesFeature. Pass <paramref name="port"/> when the
    /// service must know its own listen address (ORCH_PUBLIC_URL's default is ORCH_HOST:ORCH_PORT).
    /// </summary>
    public static async Task<DashboardSession> StartAsync(IBrowser browser, OrchestratorApp app, int width = 1280, int height = 800, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(browser);
        ArgumentNullException.ThrowIfNull(app);
        try
        {
            app.With("ORCH_HOST", "127.0.0.1").With("ORCH_PORT", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            app.UseKestrel();
            app.StartServer();
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            var address = Assert.Single(addresses);
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);

            var context = await browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = height },
                AcceptDownloads = true,
                Locale = "en-GB",
                TimezoneId = "UTC",
                ColorScheme = ColorScheme.Light,
            });
            context.SetDefaultTimeout(TimeoutMs);
            var page = await context.NewPageAsync();
            return new DashboardSession(app, new Uri(address), context, page);
        }
        catch
        {
            await app.DisposeAsync(); // the session owns the service: never leave a listener behind
            throw;
        }
    }

    public async Task OpenAsync() => await Page.GotoAsync(BaseAddress.ToString());

    /// <summary>Opens the dashboard, enters <paramref name="token"/> and waits until every panel has loaded.</summary>
    public async Task SignInAsync(string token = OrchestratorApp.AdminToken)
    {
        await OpenAsync();
        await Page.GetByLabel("Admin token", new() { Exact = true }).FillAsync(token);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Open dashboard" }).ClickAsync();
        await Assertions.Expect(Page.Locator("#panels")).ToBeVisibleAsync(new() { Timeout = TimeoutMs });
        await WaitForRefreshAsync();
    }

    /// <summary>Waits for the round of panel refreshes in flight to finish (the shell stamps "Updated …" after it).</summary>
    public async Task WaitForRefreshAsync() =>
        await Assertions.Expect(Page.Locator("#last-refresh")).ToContainTextAsync("Updated", new() { Timeout = TimeoutMs });

    /// <summary>Clicks Refresh and waits for the new round to finish.</summary>
    public async Task RefreshAsync()
    {
        await Page.EvaluateAsync("() => { document.getElementById('last-refresh').textContent = ''; }");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Refresh", Exact = true }).ClickAsync();
        await WaitForRefreshAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await App.DisposeAsync();
    }
}
