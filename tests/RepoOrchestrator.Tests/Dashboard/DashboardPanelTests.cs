using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using RepoOrchestrator.Tests.Infrastructure;

namespace RepoOrchestrator.Tests.Dashboard;

/// <summary>The repository and security panels act through the public API, and server text stays text.</summary>
[Collection(DashboardBrowser.Name)]
public sealed class DashboardPanelTests(ChromiumFixture chromium)
{
    private static readonly LocatorAssertionsToBeVisibleOptions Visible = new() { Timeout = DashboardSession.TimeoutMs };

    [Fact]
    public async Task Repositories_SelectButton_ChangesTheActiveRepository()
    {
        var app = new OrchestratorApp();
        app.CreateRepo("alpha");
        app.CreateRepo("beta");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        var beta = session.Page.Locator("#repos-panel li[data-name='beta']");
        await Assertions.Expect(beta).ToHaveAttributeAsync("data-active", "false");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Select beta" }).ClickAsync();

        await Assertions.Expect(beta).ToHaveAttributeAsync("data-active", "true", new() { Timeout = DashboardSession.TimeoutMs });
        await Assertions.Expect(beta.GetByText("Active", new() { Exact = true })).ToBeVisibleAsync(Visible);
        await Assertions.Expect(session.Page.Locator("#status-active")).ToContainTextAsync("beta");
        using var client = app.CreateClient(TestRole.Admin);
        var active = await client.GetFromJsonAsync<JsonElement>(new Uri("/ui/repos/active", UriKind.Relative));
        Assert.EndsWith("/beta", active.GetProperty("active_repo").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Repositories_NameWithMarkup_IsShownAsTextNeverRun()
    {
        const string hostile = "<img src=x onerror=\"window.__pwned=1\">";
        var app = new OrchestratorApp();
        app.CreateRepo(hostile);
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        await session.Page.GetByRole(AriaRole.Button, new() { Name = $"Select {hostile}" }).ClickAsync();
        await Assertions.Expect(session.Page.Locator("#status-active")).ToContainTextAsync(hostile, new() { Timeout = DashboardSession.TimeoutMs });
        await Assertions.Expect(session.Page.Locator("#audit-panel .audit-line").First).ToContainTextAsync(hostile);

        Assert.Equal(0, await session.Page.Locator("main img").CountAsync());
        Assert.Null(await session.Page.EvaluateAsync<int?>("() => window.__pwned ?? null"));
    }

    [Fact]
    public async Task Security_BadTokensFromOutside_DashboardShowsLockdownAndClearsIt()
    {
        var app = new OrchestratorApp();
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        await session.SignInAsync();
        await Assertions.Expect(session.Page.Locator("#security-panel [data-role='state']")).ToHaveTextAsync("Normal");
        await Assertions.Expect(session.Page.Locator("#lockdown-banner")).ToBeHiddenAsync();

        // ORCH_PANIC_AUTH_THRESHOLD defaults to 5 bad tokens in the window.
        using (var attacker = app.CreateClient("not-a-valid-token-0123456789"))
        {
            for (var i = 0; i < 5; i++)
            {
                // The request that reaches the threshold may already meet the lockdown it caused.
                using var refused = await attacker.GetAsync(new Uri("/status", UriKind.Relative));
                Assert.Contains(refused.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.ServiceUnavailable });
            }

            using var locked = await attacker.GetAsync(new Uri("/status", UriKind.Relative));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        }

        await session.RefreshAsync();
        var banner = session.Page.Locator("#lockdown-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync(Visible);
        await Assertions.Expect(banner).ToContainTextAsync("LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#security-panel [data-role='state']")).ToHaveTextAsync("LOCKDOWN");
        await Assertions.Expect(session.Page.Locator("#security-panel .event").First).ToContainTextAsync("PANIC_TRIGGER");
        // Who: the caller by name, never a token fingerprint in the row (it is in the tooltip when there is one).
        var eventText = await session.Page.Locator("#security-panel .event .event-reason").First.InnerTextAsync();
        Assert.Matches(@" · [a-z][a-z0-9._-]*$", eventText);

        await banner.GetByRole(AriaRole.Button, new() { Name = "Clear lockdown" }).ClickAsync();
        var dialog = session.Page.GetByRole(AriaRole.Dialog, new() { Name = "Clear lockdown?" });
        await Assertions.Expect(dialog).ToBeVisibleAsync(Visible);
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" })).ToBeFocusedAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Clear lockdown" }).ClickAsync();

        await Assertions.Expect(banner).ToBeHiddenAsync(new() { Timeout = DashboardSession.TimeoutMs });
        await Assertions.Expect(session.Page.Locator("#notice-text")).ToContainTextAsync("Lockdown cleared");
        await Assertions.Expect(session.Page.Locator("#security-panel [data-role='state']")).ToHaveTextAsync("Normal");
        using var admin = app.CreateClient(TestRole.Admin);
        var events = await admin.GetFromJsonAsync<JsonElement>(new Uri("/ui/security/events", UriKind.Relative));
        Assert.False(events.GetProperty("panic_mode").GetBoolean());
        using var client = app.CreateClient();
        using var health = await client.GetAsync(new Uri("/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode); // out of lockdown: 401 again, not 503
    }

    [Fact]
    public async Task Security_ClearLockdownCancelled_LeavesPanicOn()
    {
        var app = new OrchestratorApp().With("ORCH_PANIC_AUTH_THRESHOLD", "1");
        await using var session = await DashboardSession.StartAsync(chromium.Browser, app);
        using (var attacker = app.CreateClient("not-a-valid-token-0123456789"))
        {
            using var refused = await attacker.GetAsync(new Uri("/status", UriKind.Relative));
        }

        await session.SignInAsync();
        var banner = session.Page.Locator("#lockdown-banner");
        await Assertions.Expect(banner).ToBeVisibleAsync(Visible);
        await banner.GetByRole(AriaRole.Button, new() { Name = "Clear lockdown" }).ClickAsync();
        await session.Page.Keyboard.PressAsync("Escape");

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Dialog)).ToBeHiddenAsync();
        using var admin = app.CreateClient(TestRole.Admin);
        var events = await admin.GetFromJsonAsync<JsonElement>(new Uri("/ui/security/events", UriKind.Relative));
        Assert.True(events.GetProperty("panic_mode").GetBoolean());
        await Assertions.Expect(banner).ToBeVisibleAsync(Visible);
    }
}
